import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import type { DBackupClient } from '../../src/dbackup';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();

/** Every method that puts a caller's id into the URL path, with the path it must address. */
const ROUTES: [string, (c: DBackupClient, id: string) => Promise<unknown>, (id: string) => string][] = [
  ['jobs.run', (c, id) => c.jobs.run(id), (id) => `/api/jobs/${id}/run`],
  ['jobs.update', (c, id) => c.jobs.update(id, { name: 'x' }), (id) => `/api/jobs/${id}`],
  ['jobs.delete', (c, id) => c.jobs.delete(id), (id) => `/api/jobs/${id}`],
  ['executions.get', (c, id) => c.executions.get(id), (id) => `/api/executions/${id}`],
  ['executions.cancel', (c, id) => c.executions.cancel(id), (id) => `/api/executions/${id}/cancel`],
  ['executions.waitFor', (c, id) => c.executions.waitFor(id), (id) => `/api/executions/${id}`],
  ['adapters.update', (c, id) => c.adapters.update(id, { name: 'x' }), (id) => `/api/adapters/${id}`],
  ['adapters.delete', (c, id) => c.adapters.delete(id), (id) => `/api/adapters/${id}`],
  [
    'adapters.healthHistory',
    (c, id) => c.adapters.healthHistory(id),
    (id) => `/api/adapters/${id}/health-history`,
  ],
  ['storage.listFiles', (c, id) => c.storage.listFiles(id), (id) => `/api/storage/${id}/files`],
  ['storage.deleteFile', (c, id) => c.storage.deleteFile(id, 'a.sql'), (id) => `/api/storage/${id}/files`],
  ['storage.download', (c, id) => c.storage.download(id, 'a.sql'), (id) => `/api/storage/${id}/download`],
  [
    'storage.createDownloadUrl',
    (c, id) => c.storage.createDownloadUrl(id, 'a.sql'),
    (id) => `/api/storage/${id}/download-url`,
  ],
  [
    'storage.restore',
    (c, id) => c.storage.restore(id, { file: 'a.sql', targetSourceId: IDS.adapters.appSqlite }),
    (id) => `/api/storage/${id}/restore`,
  ],
  ['storage.analyze', (c, id) => c.storage.analyze(id, 'a.sql'), (id) => `/api/storage/${id}/analyze`],
  ['storage.history', (c, id) => c.storage.history(id), (id) => `/api/storage/${id}/history`],
];

describe('ids in URL paths', () => {
  // `.` and `..` survive encodeURIComponent and URL parsing collapses them: `jobs.run('..')` would
  // POST /api/run and `jobs.delete('.')` would DELETE /api/jobs/.
  it.each(ROUTES)('%s refuses ".", ".." and empty ids with ConfigError before sending', async (_, call) => {
    const { client, mock } = setup();
    for (const id of ['.', '..', '', '   ']) {
      const error = await call(client, id).catch((e: unknown) => e);
      expect(error, JSON.stringify(id)).toBeInstanceOf(ConfigError);
    }
    expect(mock.requests).toEqual([]);
  });

  it('every other id addresses exactly its own resource (one encoded path segment)', async () => {
    const { client, mock } = setup({ mock: { rateLimit: false }, client: { rateLimit: false } });
    const ids = fc
      .string({
        minLength: 1,
        maxLength: 12,
        unit: fc.constantFrom('.', '/', '%', '?', '#', '\\', ' ', 'a', 'é', ';', '+', '&'),
      })
      .filter((id) => id.trim() !== '' && id !== '.' && id !== '..');
    await fc.assert(
      fc.asyncProperty(ids, fc.constantFrom(...ROUTES), async (id, [name, call, path]) => {
        const before = mock.requests.length;
        await call(client, id).catch(() => undefined);
        const sent = mock.requests.slice(before);
        expect(sent.length, name).toBeGreaterThan(0);
        const want = path(encodeURIComponent(id));
        for (const request of sent) expect(request.path, `${name}(${JSON.stringify(id)})`).toBe(want);
      }),
      { numRuns: 150 },
    );
  });
});
