import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/core/errors';
import { DBackupNotFoundError, DBackupRateLimitError, DBackupServerError } from '../../src/dbackup';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();
const TOO_MANY = { status: 429, text: 'Too Many Requests' } as const;
const runs = (mock: { requests: ReadonlyArray<{ method: string; path: string; status: number }> }) =>
  mock.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/run')).map((r) => r.status);

/** Fills the server's write bucket (20 per window) with cheap writes that reach no route. */
async function fillWriteWindow(client: { executions: { cancel(id: string): Promise<unknown> } }) {
  for (let i = 0; i < 20; i++) {
    await expect(client.executions.cancel(`missing-${i}`)).rejects.toBeInstanceOf(DBackupNotFoundError);
  }
}

// DBackup's middleware answers 429 before any route handler runs: nothing happened on the server,
// so even a write may be sent again once the window has passed.
describe('a 429 on a write means nothing happened', () => {
  it('jobs.run is retried after a 429, once the wait is over, and queues exactly one run', async () => {
    const { client, mock, clock } = setup();
    const before = mock.state.executions.length;
    mock.failNext({ method: 'POST', path: /\/run$/ }, TOO_MANY);
    const start = clock.now();
    const { executionId } = await client.jobs.run(IDS.jobs.sqliteToLocal);
    expect(runs(mock)).toEqual([429, 200]);
    expect(mock.state.executions.length).toBe(before + 1);
    expect(mock.state.executions.some((e) => e.id === executionId)).toBe(true);
    // The pacer held the write bucket for a full window (and its margin) before resending.
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });

  it('jobs.run over the server’s real limit waits out its window and succeeds', async () => {
    const { client, mock } = setup({ client: { rateLimit: { mutation: 100 } } });
    await fillWriteWindow(client);
    const { executionId } = await client.jobs.run(IDS.jobs.sqliteToLocal);
    expect(executionId).toBeTruthy();
    expect(runs(mock)).toEqual([429, 200]);
  });

  it('every other failure of a write is still never resent', async () => {
    const { client, mock } = setup();
    mock.failNext({ method: 'POST', path: /\/run$/ }, { status: 502 });
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal)).rejects.toBeInstanceOf(DBackupServerError);
    mock.failNext(
      { method: 'POST', path: /\/run$/ },
      { status: 503, text: 'busy', headers: { 'retry-after': '1' } },
    );
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal)).rejects.toBeInstanceOf(DBackupServerError);
    mock.failNext({ method: 'POST', path: /\/run$/ }, 'network-error');
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal)).rejects.toBeInstanceOf(NetworkError);
    expect(runs(mock)).toEqual([502, 503, 0]);
  });

  it('other writes (PUT, DELETE) are retried after a 429 too', async () => {
    const { client, mock } = setup();
    mock.failNext({ method: 'PUT', path: `/api/jobs/${IDS.jobs.sqliteToLocal}` }, TOO_MANY);
    await client.jobs.update(IDS.jobs.sqliteToLocal, { name: 'Renamed after a 429' });
    mock.failNext({ method: 'DELETE', path: `/api/jobs/${IDS.jobs.missingSqlite}` }, TOO_MANY);
    await client.jobs.delete(IDS.jobs.missingSqlite);
    expect(mock.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'PUT 429',
      'PUT 200',
      'DELETE 429',
      'DELETE 200',
    ]);
    expect(mock.state.jobs.find((j) => j.id === IDS.jobs.sqliteToLocal)?.name).toBe('Renamed after a 429');
    expect(mock.state.jobs.some((j) => j.id === IDS.jobs.missingSqlite)).toBe(false);
  });

  it('gives up after maxRetries with DBackupRateLimitError', async () => {
    const { client, mock } = setup({ client: { retry: { maxRetries: 1, baseDelayMs: 1 } } });
    mock.failNext({ method: 'POST', path: /\/run$/ }, TOO_MANY, 5);
    await expect(client.jobs.run(IDS.jobs.sqliteToLocal)).rejects.toBeInstanceOf(DBackupRateLimitError);
    expect(runs(mock)).toEqual([429, 429]);
  });
});

describe('with rateLimit: false', () => {
  it('a 429 without Retry-After waits long enough to pass the server’s window, then succeeds', async () => {
    const { client, mock, clock } = setup({ client: { rateLimit: false } });
    await fillWriteWindow(client);
    const before = clock.now();
    await client.jobs.run(IDS.jobs.sqliteToLocal);
    expect(runs(mock)).toEqual([429, 200]);
    // DBackup's own retries 0.5 s and 1 s later all failed: the wait is a full window.
    expect(clock.now() - before).toBeGreaterThanOrEqual(60_000);
  });

  it('reads wait the window too, bounded by retry.maxRetryAfterMs', async () => {
    const { client, mock, clock } = setup({
      client: { rateLimit: false, retry: { maxRetries: 2, baseDelayMs: 1, maxRetryAfterMs: 5_000 } },
    });
    for (let i = 0; i < 100; i++) await client.health();
    const before = clock.now();
    const error = await client.health().catch((e: unknown) => e);
    // Two 5 s waits are not enough to pass the server's 60 s window: the 429 surfaces, typed.
    expect(error).toBeInstanceOf(DBackupRateLimitError);
    expect(mock.requests.slice(100).map((r) => r.status)).toEqual([429, 429, 429]);
    const waited = clock.now() - before;
    expect(waited).toBeGreaterThanOrEqual(10_000);
    expect(waited).toBeLessThan(11_000);
  });
});
