/**
 * Replays every exchange recorded from a real DBackup 3.2.0 server (test/fixtures/dbackup) through
 * DBackupClient: the recorded response is served for the recorded route, and the client call that
 * produces that request must either resolve to the typed result (2xx) or reject with the typed
 * error for the status. Recordings whose request the client refuses to send (bad input) must fail
 * with ConfigError before any request.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import {
  type AdapterType,
  DBackupAuthError,
  DBackupClient,
  DBackupNotFoundError,
  DBackupPermissionError,
  DBackupRateLimitError,
  DBackupRequestError,
  DBackupServerError,
  errorMessageOf,
  missingPermissionOf,
} from '../../src/dbackup';

interface Recording {
  request: { method: string; path: string; query: Record<string, string>; body: unknown };
  response: {
    status: number;
    headers: Record<string, string>;
    bodyIsJson: boolean;
    body: unknown;
    rawBody?: string;
  };
}

const dir = join(__dirname, '../fixtures/dbackup');
const recordings = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, data: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Recording }))
  .filter(({ data }) => typeof data.response?.status === 'number'); // two files are timing summaries

const BASE = 'https://replay.dbackup.test';
const KEY = `dbackup_${'a1'.repeat(30)}`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const client = new DBackupClient({ baseUrl: BASE, apiKey: KEY, rateLimit: false, retry: { maxRetries: 0 } });

/** The client call that sends the recorded request. */
function callFor({ method, path, query, body }: Recording['request']): () => Promise<unknown> {
  const parts = path.split('/').filter(Boolean); // ['api', resource, id?, action?]
  const [, resource, id = '', action] = parts;
  const b = (body ?? {}) as Record<string, unknown>;
  const route = `${method} ${resource}${id ? '/:id' : ''}${action ? `/${action}` : ''}`;
  switch (route) {
    case 'GET history':
      return () => client.history.list();
    case 'GET executions/:id':
      return () => client.executions.get(id, { includeLogs: query.includeLogs === 'true' });
    case 'POST executions/:id/cancel':
      return () => client.executions.cancel(id);
    case 'GET jobs':
      return () => client.jobs.list();
    case 'POST jobs':
      return () => client.jobs.create(b as never);
    case 'POST jobs/:id/run':
      return () =>
        client.jobs.run(id, typeof body === 'object' && body !== null ? (b as { lock?: boolean }) : {});
    case 'GET adapters':
      return () => client.adapters.list(query.type as AdapterType);
    case 'POST adapters':
      return () => client.adapters.create(b as never);
    case 'PUT adapters/:id':
      return () => client.adapters.update(id, b);
    case 'GET storage/:id/files':
      return () => client.storage.listFiles(id);
    case 'GET storage/:id/history':
      return () => client.storage.history(id, query.days ? { days: Number(query.days) } : {});
    case 'GET settings/:id': // /api/settings/system-tasks
      return () => client.settings.listSystemTasks();
    case 'PUT settings/:id':
      return () => client.settings.runSystemTask(String(b.taskId));
    case 'GET health':
      return () => client.health();
    default:
      throw new Error(`no client call mapped for ${method} ${path}`);
  }
}

function errorClassFor(status: number, body: unknown) {
  if (status === 401) return DBackupAuthError;
  // DBackup answers a missing permission with 403 on `run` and with a 500 naming it elsewhere.
  if (status === 403 || missingPermissionOf(errorMessageOf(body))) return DBackupPermissionError;
  if (status === 404) return DBackupNotFoundError;
  if (status === 400 || status === 409) return DBackupRequestError;
  if (status === 429) return DBackupRateLimitError;
  return DBackupServerError;
}

/** Recordings of requests the client refuses to send, with the reason. */
const REFUSED_BEFORE_SENDING: Record<string, RegExp> = {
  'jobs-create-missing-fields-400.json': /schedule|destinations/,
  'run-bad-body-400.json': /lock/,
  'adapters-list-no-type-400.json': /type/,
};

describe('replay of real DBackup 3.2.0 exchanges', () => {
  it('covers every recording', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(100);
  });

  it.each(recordings.map((r) => [r.file, r.data] as const))('%s', async (file, recording) => {
    const { request, response } = recording;
    let hits = 0;
    server.resetHandlers(
      http.all(`${BASE}${request.path}`, () => {
        hits++;
        const headers = { ...response.headers };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        delete headers['content-encoding'];
        const text = response.bodyIsJson ? JSON.stringify(response.body) : (response.rawBody ?? '');
        return new HttpResponse(text === '' ? null : text, { status: response.status, headers });
      }),
    );
    const call = callFor(request);
    const refused = REFUSED_BEFORE_SENDING[file];
    if (refused) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(refused);
      expect(hits).toBe(0);
      return;
    }
    if (response.status >= 200 && response.status < 300) {
      const result = await call();
      expect(result).toBeTypeOf('object');
      expect(hits).toBe(1);
      return;
    }
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClassFor(response.status, response.body));
    expect(error).toMatchObject({ status: response.status });
    expect(String(error)).not.toContain(KEY);
    if (response.status === 403)
      expect((error as DBackupPermissionError).missingPermission).toMatch(/^[a-z-]+:[a-z_]+$/);
    expect(hits).toBe(1);
  });
});
