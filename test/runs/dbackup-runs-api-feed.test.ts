import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DBackupClient } from '../../src/dbackup';
import { collectRuns } from '../../src/runs';
import { VirtualClock } from '../../src/testing/clock';
import { createDBackupMock, DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 23, 1, 0);

function setup(version: '3.2' | '3.4', baseUrl = 'https://dbackup.mock.test') {
  const clock = new VirtualClock(START);
  const mock = createDBackupMock({ clock, version, rateLimit: false, baseUrl });
  server.use(...mock.handlers);
  const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full, clock });
  return { mock, client, clock };
}

function requests(mock: { requests: ReadonlyArray<{ method: string; path: string; search: string }> }) {
  return mock.requests.map((r) => `${r.method} ${r.path}${r.search}`);
}

describe('collectRuns × DBackup 3.4 runs API', () => {
  it('reads the runs API, with a message for every run that is not a success, at no extra cost', async () => {
    const { mock, client } = setup('3.4');
    const { runs, errors } = await collectRuns({ dbackup: { client } });
    expect(errors).toEqual([]);
    expect(runs).toHaveLength(8);
    expect(requests(mock)).toEqual([
      'GET /api/history/runs?pageSize=1',
      'GET /api/history/runs?page=1&pageSize=100',
    ]);
    for (const run of runs) {
      if (run.vendorStatus !== 'Success') expect(run.message, run.vendorStatus).toBeTruthy();
    }
    expect(runs.find((r) => r.externalId === IDS.executions.partial)).toMatchObject({
      status: 'warning',
      message: 'Not stored on Local Broken',
      trigger: { type: 'Api', label: 'sdk-full' },
      objects: [],
    });
    // The version check is not repeated on the next poll.
    await collectRuns({ dbackup: { client } });
    expect(requests(mock).slice(2)).toEqual(['GET /api/history/runs?page=1&pageSize=100']);
  });

  it('with details: reads each terminal run once with history.runs.get, objects from uploads', async () => {
    const { mock, client } = setup('3.4');
    const { runs, errors } = await collectRuns({ dbackup: { client, details: true } });
    expect(errors).toEqual([]);
    expect(requests(mock).filter((r) => r.startsWith('GET /api/history/runs/'))).toHaveLength(8);
    expect(requests(mock).some((r) => r.includes('/api/executions/'))).toBe(false);
    expect(runs.find((r) => r.externalId === IDS.executions.partial)?.objects).toEqual([
      { name: 'Local Primary', type: 'destination', status: 'success' },
      {
        name: 'Local Broken',
        type: 'destination',
        status: 'failed',
        message: expect.stringMatching(/^ENOTDIR/),
      },
      { name: 'app.db', type: 'database', status: 'unknown' },
    ]);
  });

  it('keeps the message of a failed run after retention purged its log (3.2 history has none then)', async () => {
    const logs = [
      {
        timestamp: new Date(START - 100 * DAY).toISOString(),
        level: 'error',
        type: 'general',
        message: 'Dump failed: disk full',
      },
    ];
    const v34 = setup('3.4');
    const old = v34.mock.addExecution({ status: 'Failed', startedAt: START - 100 * DAY, logs });
    const { runs } = await collectRuns({ dbackup: { client: v34.client, details: true } });
    expect(runs.find((r) => r.externalId === old.id)?.message).toBe('Dump failed: disk full');
    // The execution itself no longer has the log.
    const detail = await v34.client.executions.get(old.id, { includeLogs: true });
    expect([detail.logs, typeof detail.logsPurgedAt]).toEqual([[], 'string']);
  });

  it('a checkpoint carries across an upgrade from 3.2 to 3.4: no run is delivered twice', async () => {
    const before = setup('3.2', 'https://before.mock.test');
    const first = await collectRuns({ dbackup: { client: before.client } });
    expect(first.runs).toHaveLength(8);
    expect(requests(before.mock)).toContain('GET /api/history');

    // The same server after the upgrade: same data (same seed, same clock), now answering 3.4.
    const after = setup('3.4', 'https://after.mock.test');
    const second = await collectRuns({ dbackup: { client: after.client }, checkpoint: first.checkpoint });
    expect(second.errors).toEqual([]);
    expect(second.runs).toEqual([]);
    expect(requests(after.mock)).toContain('GET /api/history/runs?page=1&pageSize=100');
    expect(Object.keys(second.checkpoint.runs).sort()).toEqual(Object.keys(first.checkpoint.runs).sort());

    // A run that ends after the upgrade is delivered once, with the same id scheme.
    const added = after.mock.addExecution({ status: 'Failed', jobId: IDS.jobs.missingSqlite });
    const third = await collectRuns({ dbackup: { client: after.client }, checkpoint: second.checkpoint });
    expect(third.runs.map((r) => r.id)).toEqual([`dbackup:${added.id}`]);
  });

  it('falls back to the history on 3.2 (after one version check per client)', async () => {
    const { mock, client } = setup('3.2');
    // details: false keeps this to the feed's own reads (detail reads are tested elsewhere).
    await collectRuns({ dbackup: { client, details: false } });
    await collectRuns({ dbackup: { client, details: false } });
    expect(requests(mock)).toEqual([
      'GET /api/history/runs?pageSize=1',
      'GET /api/dashboard/stats',
      'GET /api/history',
      'GET /api/history',
    ]);
  });

  it('reports a failed runs page as a fetch error', async () => {
    const { mock, client } = setup('3.4');
    await client.detectVersion();
    mock.failNext(
      { path: '/api/history/runs' },
      { status: 400, body: { success: false, error: 'Invalid query parameters' } },
    );
    const { runs, errors } = await collectRuns({ dbackup: { client } });
    expect(runs).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({
        source: 'dbackup',
        stage: 'fetch',
        message: expect.stringMatching(/DBackup runs failed/),
      }),
    ]);
  });

  it('delivers the row when a run detail fails, and reports it as a details error', async () => {
    const { mock, client } = setup('3.4');
    await client.detectVersion();
    mock.failNext(
      { path: `/api/history/runs/${IDS.executions.partial}` },
      { status: 404, body: { success: false, error: 'gone' } },
    );
    const { runs, errors } = await collectRuns({ dbackup: { client, details: true } });
    expect(runs).toHaveLength(8);
    expect(runs.find((r) => r.externalId === IDS.executions.partial)).toMatchObject({
      message: 'Not stored on Local Broken',
      objects: [],
    });
    expect(errors).toEqual([expect.objectContaining({ stage: 'details', recordId: IDS.executions.partial })]);
  });

  it('falls back to the history when the version check fails, and checks again next poll', async () => {
    const { mock, client } = setup('3.4');
    mock.failNext({ path: '/api/history/runs' }, 'network-error', 3);
    const first = await collectRuns({ dbackup: { client, details: false } });
    expect(first.errors).toEqual([]);
    expect(first.runs).toHaveLength(8);
    expect(requests(mock).at(-1)).toBe('GET /api/history');
    const second = await collectRuns({ dbackup: { client, details: false }, checkpoint: first.checkpoint });
    expect(second.runs).toEqual([]);
    expect(requests(mock).slice(-2)).toEqual([
      'GET /api/history/runs?pageSize=1',
      'GET /api/history/runs?page=1&pageSize=100',
    ]);
  });
});
