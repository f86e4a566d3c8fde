import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NetworkError, ResponseValidationError } from '../../src/core/errors';
import type { RetryEvent } from '../../src/core/http';
import {
  DBackupAuthError,
  DBackupError,
  DBackupPermissionError,
  DBackupRateLimitError,
  DBackupServerError,
} from '../../src/dbackup';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();

describe('typed errors by status', () => {
  it('401 for unknown, disabled and expired keys, with the server message', async () => {
    for (const key of ['disabled', 'expired'] as const) {
      const { client } = setup({ key });
      const error = await client.executions.get(IDS.executions.success).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DBackupAuthError);
      expect(error).toMatchObject({ status: 401, serverMessage: expect.stringMatching(/disabled|expired/) });
      expect((error as Error).message).toMatch(/API Keys/);
    }
    const { client, mock } = setup({ client: { apiKey: `dbackup_${'0'.repeat(60)}` } });
    await expect(client.history.list()).rejects.toMatchObject({
      name: 'DBackupAuthError',
      serverMessage: 'Unauthorized',
    });
    expect(mock.requests).toHaveLength(1); // auth failures are not retried
  });

  it('a disabled key on routes where DBackup answers an empty 500 gives DBackupServerError with a hint', async () => {
    const { client } = setup({ key: 'disabled' });
    const error = await client.history.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBackupServerError);
    expect(error).toMatchObject({ status: 500, body: undefined });
    expect((error as Error).message).toMatch(/disabled or expired API key/);
  });

  it('403 names the missing permission', async () => {
    const { client } = setup({ key: 'historyOnly' });
    const error = await client.jobs.run(IDS.jobs.sqliteToLocal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBackupPermissionError);
    expect(error).toMatchObject({ status: 403, missingPermission: 'jobs:execute' });
    expect((error as Error).message).toMatch(/`jobs:execute`/);
  });

  it('404 on an unknown execution', async () => {
    const { client } = setup();
    await expect(client.executions.get('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      name: 'DBackupNotFoundError',
      status: 404,
      serverMessage: 'Execution not found',
    });
  });

  it('every DBackup error is an SdkError subclass carrying status, body and endpoint', async () => {
    const { client } = setup();
    const error = await client.executions
      .get('00000000-0000-0000-0000-000000000000')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBackupError);
    expect(error).toMatchObject({ endpoint: 'GET /api/executions/:id', body: { success: false } });
    expect((error as DBackupError).requestId).toMatch(/^req_/);
  });
});

describe('retries', () => {
  it('retries reads on 5xx and network errors', async () => {
    const { client, mock } = setup();
    mock.failNext({ method: 'GET', path: '/api/history' }, { status: 503 }, 1);
    mock.failNext({ method: 'GET', path: '/api/history' }, 'network-error', 1);
    const history = await client.history.list();
    expect(history.executions.length).toBeGreaterThan(0);
    expect(mock.requests.map((r) => r.status)).toEqual([503, 0, 200]);
  });

  it('never retries jobs.run after a 5xx or a network error (a 429 is retried: see write-429.test.ts)', async () => {
    const { client, mock } = setup({ client: { retry: { maxRetries: 0 } } });
    mock.failNext({ method: 'POST', path: /\/run$/ }, { status: 502 });
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal)).rejects.toBeInstanceOf(DBackupServerError);
    mock.failNext({ method: 'POST', path: /\/run$/ }, 'network-error');
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal)).rejects.toBeInstanceOf(NetworkError);
    mock.failNext({ method: 'POST', path: /\/run$/ }, { status: 429, text: 'Too Many Requests' });
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal)).rejects.toBeInstanceOf(DBackupRateLimitError);
    expect(mock.requests.filter((r) => r.path.endsWith('/run'))).toHaveLength(3);
  });

  it('sends a read again when its 200 body is cut short; never a write', async () => {
    const { client, mock } = setup();
    const cut = { status: 200, text: '{"success":true,"data":[{"id":"a' };
    const json = { 'content-type': 'application/json' };
    mock.failNext({ method: 'GET', path: '/api/jobs' }, { ...cut, headers: json }, 2);
    const jobs = await client.jobs.list();
    expect(jobs.length).toBeGreaterThan(0);
    expect(mock.requests.filter((r) => r.path === '/api/jobs').map((r) => r.status)).toEqual([200, 200, 200]);

    mock.failNext({ method: 'GET', path: '/api/jobs' }, { ...cut, headers: json }, 3);
    await expect(client.jobs.list()).rejects.toBeInstanceOf(ResponseValidationError);
    expect(mock.requests.filter((r) => r.path === '/api/jobs')).toHaveLength(6); // 3 + 1 and 2 resends

    mock.failNext({ method: 'POST', path: /\/run$/ }, { ...cut, headers: json });
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal)).rejects.toBeInstanceOf(ResponseValidationError);
    expect(mock.requests.filter((r) => r.path.endsWith('/run'))).toHaveLength(1);
  });

  it('reports each resend of a cut-short body to onRetry and the logger, key masked', async () => {
    const retries: RetryEvent[] = [];
    const warnings: string[] = [];
    const { client, mock } = setup({
      client: {
        hooks: { onRetry: (event) => retries.push(event) },
        logger: { debug() {}, info() {}, warn: (line: string) => warnings.push(line), error() {} },
      },
    });
    const cut = {
      status: 200,
      text: '{"success":true,"data":{"id":"a',
      headers: { 'content-type': 'application/json' },
    };
    mock.failNext({ method: 'GET', path: /\/api\/executions\// }, cut, 2);
    await client.executions.get(IDS.executions.success);
    expect(retries.map((e) => [e.method, e.attempt, e.reason])).toEqual([
      ['GET', 1, 'a 2xx JSON body that was cut short or garbled'],
      ['GET', 1, 'a 2xx JSON body that was cut short or garbled'],
    ]);
    expect(new Set(retries.map((e) => e.requestId)).size).toBe(2); // each resend is its own request
    expect(retries[0]?.url).toContain(`/api/executions/${IDS.executions.success}`);
    expect(retries[0]?.headers.authorization).toMatch(/REDACTED/);
    expect(warnings.filter((line) => /retrying GET .*cut short/.test(line))).toHaveLength(2);
    expect(JSON.stringify(retries) + warnings.join('\n')).not.toMatch(/dbackup_[0-9a-f]{8}/);
    expect(mock.requests).toHaveLength(3);
  });

  it('gives up on reads after maxRetries and reports the last status', async () => {
    const { client, mock } = setup({ client: { retry: { maxRetries: 1, baseDelayMs: 1 } } });
    mock.failNext({ path: '/api/jobs' }, { status: 500, body: { error: 'Failed to fetch jobs' } }, 5);
    await expect(client.jobs.list()).rejects.toMatchObject({
      status: 500,
      serverMessage: 'Failed to fetch jobs',
    });
    expect(mock.requests).toHaveLength(2);
  });
});

describe('rate limits', () => {
  it('300 executions.get calls finish with no 429: the client paces itself under 100 reads/minute', async () => {
    const { client, mock, clock } = setup();
    const start = clock.now();
    for (let i = 0; i < 300; i++) await client.executions.get(IDS.executions.success);
    expect(mock.requests).toHaveLength(300);
    expect(mock.requests.filter((r) => r.status === 429)).toHaveLength(0);
    // 300 reads at 100 per 60 s need at least two full windows of (virtual) time.
    expect(clock.now() - start).toBeGreaterThanOrEqual(120_000);
  });

  it('mutations are paced at 20 per window', async () => {
    const { client, mock, clock } = setup();
    const start = clock.now();
    for (let i = 0; i < 25; i++)
      await client.settings.updateSystemTask({ taskId: IDS.systemTasks.healthCheck, enabled: true });
    expect(mock.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });

  it('with pacing off the server answers 429; reads back off a full window and succeed, and the error is typed', async () => {
    const { client, mock, clock } = setup({ client: { rateLimit: false } });
    for (let i = 0; i < 100; i++) await client.health();
    const start = clock.now();
    // The 101st read gets a plain-text 429; the client retries after the pacer's penalty window.
    const paced = setup({ client: { rateLimit: { get: 1000, mutation: 1000 } } });
    for (let i = 0; i < 100; i++) await paced.client.health();
    const health = await paced.client.health();
    expect(health.status).toBe('healthy');
    expect(paced.mock.requests.map((r) => r.status).slice(100)).toEqual([429, 200]);
    expect(paced.clock.now()).toBeGreaterThan(start);
    // Without any retries left, the 429 surfaces as DBackupRateLimitError.
    const strict = setup({ client: { rateLimit: false, retry: { maxRetries: 0 } } });
    for (let i = 0; i < 100; i++) await strict.client.health();
    const error = await strict.client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBackupRateLimitError);
    expect(error).toMatchObject({ status: 429, body: 'Too Many Requests' });
    expect(mock.requests).toHaveLength(100);
  });
});

describe('secrets', () => {
  it('the API key never appears in errors, hook payloads, toString, JSON or inspect', async () => {
    const { client, mock, events } = setup();
    const key = mock.keys.full;
    const errors: unknown[] = [];
    mock.failNext({ path: '/api/history' }, 'network-error', 3);
    await client.history.list().catch((e: unknown) => errors.push(e));
    await client.executions.get('00000000-0000-0000-0000-000000000000').catch((e: unknown) => errors.push(e));
    const dumps = [
      ...errors.flatMap((e) => [
        String(e),
        JSON.stringify(e),
        inspect(e, { depth: 10 }),
        String((e as Error).cause),
      ]),
      JSON.stringify(events),
      String(client),
      JSON.stringify(client),
      inspect(client, { depth: 10 }),
    ];
    expect(errors).toHaveLength(2);
    expect(events.length).toBeGreaterThan(4);
    for (const dump of dumps) expect(dump).not.toContain(key);
    expect(JSON.stringify(events)).toContain('[REDACTED]');
  });
});
