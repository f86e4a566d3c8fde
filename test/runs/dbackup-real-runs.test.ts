import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DBackupClient } from '../../src/dbackup';
import type { BackupRun } from '../../src/normalize';
import { collectRuns, type RunCheckpoint } from '../../src/runs';
import { VirtualClock } from '../../src/testing/clock';
import { createDBackupMock, DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';

// What collectRuns delivers from a server that behaves like DBackup 3.2.0, with default options.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup() {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 1, 0));
  const mock = createDBackupMock({ clock });
  server.use(...mock.handlers);
  const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full, clock });
  return { mock, client, clock };
}

/** `{status: [runs, runs with a message]}` */
function messagesByStatus(runs: BackupRun[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const run of runs) {
    const [total, withMessage] = out[run.status] ?? [0, 0];
    out[run.status] = [total + 1, withMessage + (run.message ? 1 : 0)];
  }
  return out;
}

const calls = (mock: ReturnType<typeof setup>['mock']) =>
  mock.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, ':id')}${r.search}`);

describe('collectRuns over the DBackup mock’s history', () => {
  it('every run that is not a success has a message, for one executions.get each', async () => {
    const { client, mock } = setup();
    const { runs, errors } = await collectRuns({ dbackup: { client } });
    expect(errors).toEqual([]);
    expect(messagesByStatus(runs)).toEqual({
      success: [3, 0],
      warning: [2, 2], // the Partial backup and the Partial integrity check
      failed: [1, 1],
      cancelled: [2, 2],
    });
    expect(
      Object.fromEntries(
        runs.filter((r) => r.status !== 'success').map((r) => [r.vendorStatus + ' ' + r.job.name, r.message]),
      ),
    ).toMatchObject({
      'Partial SQLite to Two Destinations': '[Local Broken] Upload FAILED: Adapter returned false',
      'Failed Missing SQLite Job': expect.stringMatching(/^Dump failed: sqlite3 exited with code 1/),
    });
    const pending = runs.find((r) => r.externalId === IDS.executions.cancelledPending);
    expect(pending).toMatchObject({ message: 'Execution was cancelled by user before it started' });
    expect(pending).not.toHaveProperty('durationMs');
    // The cost: the client's one version check (a 3.2 server has neither newer route), one history
    // read, plus one detail read per run that is not a success.
    expect(calls(mock)).toEqual([
      'GET /api/history/runs?pageSize=1',
      'GET /api/dashboard/stats',
      'GET /api/history',
      ...Array.from({ length: 5 }, () => 'GET /api/executions/:id?includeLogs=true'),
    ]);
    // The next poll delivers nothing and reads nothing but the history.
    const again = await collectRuns({
      dbackup: { client },
      checkpoint: (await collectRuns({ dbackup: { client } })).checkpoint,
    });
    expect(again.runs).toEqual([]);
  });

  it('maxDetails bounds the reads per poll; the rest arrive, with their messages, in the next poll', async () => {
    const { client, mock } = setup();
    const first = await collectRuns({ dbackup: { client, maxDetails: 2 } });
    expect(calls(mock).filter((c) => c.startsWith('GET /api/executions'))).toHaveLength(2);
    expect(first.runs.filter((r) => r.status !== 'success')).toHaveLength(2);
    for (const run of first.runs) if (run.status !== 'success') expect(run.message).toBeTruthy();
    const second = await collectRuns({ dbackup: { client, maxDetails: 2 }, checkpoint: first.checkpoint });
    const third = await collectRuns({ dbackup: { client, maxDetails: 2 }, checkpoint: second.checkpoint });
    const all = [...first.runs, ...second.runs, ...third.runs];
    expect(all).toHaveLength(8);
    expect(new Set(all.map((r) => r.id)).size).toBe(8);
    expect(messagesByStatus(all)).toEqual({
      success: [3, 0],
      warning: [2, 2],
      failed: [1, 1],
      cancelled: [2, 2],
    });
  });
});

describe('deleted jobs', () => {
  it('a run whose job is deleted while it runs keeps the job the checkpoint remembered', async () => {
    const { client, mock, clock } = setup();
    let checkpoint: RunCheckpoint = (await collectRuns({ dbackup: { client } })).checkpoint;
    const { executionId } = await client.jobs.run(IDS.jobs.sqliteToLocal);
    const seen = await collectRuns({ dbackup: { client }, checkpoint });
    checkpoint = seen.checkpoint;
    expect(seen.runs.map((r) => [r.externalId, r.job.id])).toEqual([[executionId, IDS.jobs.sqliteToLocal]]);
    expect(checkpoint.runs[`dbackup:${executionId}`]?.job).toEqual({
      id: IDS.jobs.sqliteToLocal,
      name: 'SQLite to Local',
    });
    await client.jobs.delete(IDS.jobs.sqliteToLocal);
    clock.advance(5_000);
    const done = await collectRuns({ dbackup: { client }, checkpoint });
    expect(mock.state.executions.find((e) => e.id === executionId)?.jobId).toBeNull();
    expect(done.runs.map((r) => [r.externalId, r.status, r.job.id, r.job.name])).toEqual([
      [executionId, 'success', IDS.jobs.sqliteToLocal, 'SQLite to Local'],
    ]);
  });

  it('runs of two different deleted jobs never share one identity, even on a first poll', async () => {
    const { client } = setup();
    await client.jobs.delete(IDS.jobs.sqliteToLocal);
    await client.jobs.delete(IDS.jobs.missingSqlite);
    const { runs } = await collectRuns({ dbackup: { client } });
    const jobOf = (id: string) => runs.find((r) => r.externalId === id)?.job;
    // Successes: the name from the file's path. The failed run: the job id from the runner's log.
    expect(jobOf(IDS.executions.success)).toEqual({
      id: 'deleted-job:SQLite to Local',
      name: 'SQLite to Local',
      type: 'Backup',
    });
    expect(jobOf(IDS.executions.failed)).toEqual({
      id: IDS.jobs.missingSqlite,
      name: `Deleted job ${IDS.jobs.missingSqlite.slice(0, 8)}`,
      type: 'Backup',
    });
    expect(jobOf(IDS.executions.successMissingFile)?.name).toBe('Missing SQLite Job');
    // The run cancelled before it started left nothing behind: it is a job of its own.
    expect(jobOf(IDS.executions.cancelledPending)?.id).toBe(
      `deleted-job:execution:${IDS.executions.cancelledPending}`,
    );
    const identities = new Set(runs.filter((r) => r.job.type === 'Backup').map((r) => r.job.id));
    expect(identities.has('deleted-job')).toBe(false);
  });
});
