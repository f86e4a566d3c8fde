import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ConfigError, TimeoutError } from '../../src/core/errors';
import { DBackupClient, DBackupPermissionError, DBackupRateLimitError } from '../../src/dbackup';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();

describe('runAndWait never loses the queued run', () => {
  it('reports the execution id through onQueued and on any error after queueing', async () => {
    const { client, mock } = setup({ client: { retry: { maxRetries: 0 } } });
    const queued: string[] = [];
    mock.failNext(
      { method: 'GET', path: /^\/api\/executions\// },
      { status: 429, text: 'Too Many Requests' },
    );
    const error = await client.jobs
      .runAndWait(IDS.jobs.sqliteToLocal, { intervalMs: 10, onQueued: (id) => queued.push(id) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBackupRateLimitError);
    expect(queued).toHaveLength(1);
    expect((error as { executionId?: string }).executionId).toBe(queued[0]);
    expect((error as Error).message).toContain(queued[0]);
  });

  it('an exception from onProgress ends the wait and still carries the id', async () => {
    const { client } = setup();
    const error = await client.jobs
      .runAndWait(IDS.jobs.sqliteToLocal, {
        intervalMs: 10,
        onProgress: () => {
          throw new Error('observer failed');
        },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('observer failed');
    expect((error as { executionId?: string }).executionId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('waitFor', () => {
  it('ends on a status it does not know once endedAt is set, instead of polling for an hour', async () => {
    const { client, mock, server } = setup();
    server.use(
      http.get(`${mock.baseUrl}/api/executions/:id`, () =>
        HttpResponse.json({
          success: true,
          data: {
            id: 'x',
            jobId: null,
            jobName: null,
            type: 'Backup',
            status: 'Skipped',
            startedAt: '2026-01-01T00:00:00.000Z',
            endedAt: '2026-01-01T00:00:01.000Z',
            duration: 1000,
          },
        }),
      ),
    );
    const done = await client.executions.waitFor('x', { intervalMs: 10 });
    expect(done).toMatchObject({ status: 'unknown', statusText: 'Skipped' });
  });

  it('timeoutMs is a deadline even when the server answers slowly', async () => {
    const { mock, server } = setup();
    server.use(
      http.get(`${mock.baseUrl}/api/executions/:id`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        return HttpResponse.json({});
      }),
    );
    const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full, rateLimit: false });
    const started = Date.now();
    const error = await client.executions.waitFor('x', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('null options are a ConfigError before any request, never a TypeError (issue 10)', async () => {
    const { client, mock } = setup();
    await expect(client.executions.get(IDS.executions.success, null as never)).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal, null as never)).rejects.toBeInstanceOf(ConfigError);
    expect(mock.requests).toHaveLength(0);
    await expect(client.storage.publicDownload('https://')).rejects.toBeInstanceOf(ConfigError);
    await expect(client.adapters.list('storage', { role: 'BOTH' as 'SOURCE' })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});

describe('what is not retried', () => {
  it('a 500 naming a missing permission is a DBackupPermissionError and is sent once', async () => {
    const { client, mock } = setup({ key: 'historyOnly' });
    const error = await client.adapters.list('database').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBackupPermissionError);
    expect(error).toMatchObject({ status: 500, missingPermission: expect.stringMatching(/^sources:/) });
    expect(mock.requests).toHaveLength(1);
  });

  it('health answers unhealthy (503) after one request', async () => {
    const { client, mock } = setup();
    mock.failNext(
      { path: '/api/health' },
      { status: 503, body: { status: 'unhealthy', database: 'disconnected' } },
      3,
    );
    expect((await client.health()).status).toBe('unhealthy');
    expect(mock.requests).toHaveLength(1);
  });

  it('creating a download URL, deleting and connection tests are sent once', async () => {
    const { client, mock } = setup();
    mock.failNext({ method: 'POST', path: /download-url$/ }, { status: 503 }, 3);
    await expect(
      client.storage.createDownloadUrl(IDS.adapters.localPrimary, 'x.sql.gz'),
    ).rejects.toMatchObject({
      status: 503,
    });
    mock.failNext({ method: 'POST', path: '/api/adapters/test-connection' }, { status: 502 }, 3);
    await expect(client.adapters.testConnection({ adapterId: 'sqlite', config: {} })).rejects.toMatchObject({
      status: 502,
    });
    mock.failNext({ method: 'DELETE', path: /^\/api\/jobs\// }, { status: 500 }, 3);
    await expect(client.jobs.delete(IDS.jobs.bigSqlite)).rejects.toMatchObject({ status: 500 });
    expect(mock.requests).toHaveLength(3);
  });
});

describe('downloads', () => {
  it('a download that stalls mid-body ends with TimeoutError, not a hang', async () => {
    const { mock, server } = setup();
    server.use(
      http.get(`${mock.baseUrl}/api/storage/:id/download`, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array([1, 2, 3]));
          },
        });
        return new HttpResponse(stream, { headers: { 'content-type': 'application/octet-stream' } });
      }),
    );
    const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full, timeoutMs: 150 });
    const download = await client.storage.download(IDS.adapters.localPrimary, 'x.sql.gz');
    const reader = download.body.getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([1, 2, 3]));
    await expect(reader.read()).rejects.toBeInstanceOf(TimeoutError);
  });
});
