import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import {
  type CollectRunsInput,
  type CoveStatisticsClient,
  type CoveStatisticsQuery,
  collectRuns,
  type DBackupRunsClient,
  DEFAULT_COVE_FEED_COLUMNS,
  parseCheckpoint,
  type RunCheckpoint,
} from '../../src/runs';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-22T22:00:00Z');

/** A fake DBackup client whose history the test rewrites between polls. */
function fakeDBackup() {
  const state = {
    executions: [] as Record<string, unknown>[],
    fail: undefined as Error | undefined,
    listCalls: 0,
    getCalls: [] as string[],
    details: new Map<string, Record<string, unknown>>(),
  };
  const client: DBackupRunsClient = {
    history: {
      async list() {
        state.listCalls++;
        if (state.fail) throw state.fail;
        return { executions: structuredClone(state.executions), systemTimezone: 'UTC' };
      },
    },
    executions: {
      async get(id) {
        state.getCalls.push(id);
        const detail = state.details.get(id);
        if (!detail) throw new Error(`Execution not found: ${id}`);
        return structuredClone(detail);
      },
    },
  };
  return { client, state };
}

/** A fake Cove client yielding rows in pages; it can fail after some rows. */
function fakeCove() {
  const state = {
    rows: [] as Record<string, unknown>[],
    failAfter: undefined as number | undefined,
    queries: [] as CoveStatisticsQuery[],
    options: [] as unknown[],
  };
  const client: CoveStatisticsClient = {
    async *iterateAccountStatistics(query, options) {
      state.queries.push(query);
      state.options.push(options);
      let n = 0;
      for (const row of state.rows) {
        if (state.failAfter !== undefined && n >= state.failAfter)
          throw new Error('Visa is inconsistent/corrupted.');
        n++;
        yield structuredClone(row);
      }
      if (state.failAfter !== undefined) throw new Error('Visa is inconsistent/corrupted.');
    },
  };
  return { client, state };
}

const execution = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  jobId: 'job-1',
  type: 'Backup',
  status,
  startedAt: '2026-11-22T21:00:00.000Z',
  endedAt: status === 'Running' || status === 'Pending' ? null : '2026-11-22T21:01:00.000Z',
  path: null,
  metadata: '{"progress":100,"stage":"Completed"}',
  triggerType: 'Scheduler',
  triggerLabel: 'Scheduler',
  job: { name: 'Nightly' },
  ...extra,
});
const device = (accountId: number, status: string, session: number) => ({
  accountId,
  partnerId: 10,
  flags: null,
  values: {},
  raw: { I1: `dev-${accountId}`, D09F00: status, D09F15: String(session) },
  missing: [],
});

/** Runs one poll, asserting the checkpoint survives a JSON round-trip. */
async function poll(input: CollectRunsInput) {
  const result = await collectRuns(input);
  const json = JSON.stringify(result.checkpoint);
  expect(parseCheckpoint(json)).toEqual(result.checkpoint);
  return { ...result, json };
}

describe('collectRuns', () => {
  it('delivers a run as running, once, then again when it turns terminal, then never', async () => {
    const db = fakeDBackup();
    db.state.executions = [execution('e1', 'Running')];
    let now = T0;
    const base = { dbackup: { client: db.client }, now: () => now };

    const p1 = await poll(base);
    expect(p1.runs.map((r) => [r.id, r.status])).toEqual([['dbackup:e1', 'running']]);
    expect(p1.errors).toEqual([]);

    now += 15 * MINUTE;
    const p2 = await poll({ ...base, checkpoint: p1.json });
    expect(p2.runs).toEqual([]);

    now += 15 * MINUTE;
    db.state.executions = [execution('e1', 'Success')];
    const p3 = await poll({ ...base, checkpoint: p2.json });
    expect(p3.runs.map((r) => [r.id, r.status])).toEqual([['dbackup:e1', 'success']]);

    now += 15 * MINUTE;
    const p4 = await poll({ ...base, checkpoint: p3.checkpoint });
    expect(p4.runs).toEqual([]);
    expect(p4.checkpoint.runs['dbackup:e1']).toEqual({ status: 'success', lastSeen: now });
  });

  it('suppresses duplicates across polls and within one poll, and reports only new runs', async () => {
    const db = fakeDBackup();
    db.state.executions = [execution('e1', 'Success'), execution('e2', 'Failed'), execution('e1', 'Success')];
    const p1 = await poll({ dbackup: { client: db.client }, now: () => T0 });
    expect(p1.runs.map((r) => r.id)).toEqual(['dbackup:e1', 'dbackup:e2']);

    db.state.executions = [execution('e3', 'Partial'), ...db.state.executions];
    const p2 = await poll({
      dbackup: { client: db.client },
      checkpoint: p1.checkpoint,
      now: () => T0 + MINUTE,
    });
    expect(p2.runs.map((r) => r.id)).toEqual(['dbackup:e3']);
  });

  it('never re-delivers a terminal run, even if the vendor later reports another status', async () => {
    const db = fakeDBackup();
    db.state.executions = [execution('e1', 'Failed')];
    const p1 = await poll({ dbackup: { client: db.client }, now: () => T0 });
    db.state.executions = [execution('e1', 'Success')];
    const p2 = await poll({
      dbackup: { client: db.client },
      checkpoint: p1.checkpoint,
      now: () => T0 + MINUTE,
    });
    expect(p2.runs).toEqual([]);
    expect(p2.checkpoint.runs['dbackup:e1']?.status).toBe('failed');
  });

  it('pending → running → success: delivered at each change', async () => {
    const db = fakeDBackup();
    let checkpoint: RunCheckpoint | undefined;
    const seen: string[] = [];
    for (const status of ['Pending', 'Pending', 'Running', 'Running', 'Success', 'Success']) {
      db.state.executions = [execution('e1', status)];
      const result = await poll({ dbackup: { client: db.client }, checkpoint, now: () => T0 });
      checkpoint = result.checkpoint;
      seen.push(...result.runs.map((r) => r.status));
    }
    expect(seen).toEqual(['pending', 'running', 'success']);
  });

  it('includeInFlight: false delivers only terminal runs, each once', async () => {
    const db = fakeDBackup();
    db.state.executions = [execution('e1', 'Running'), execution('e2', 'Success')];
    const p1 = await poll({ dbackup: { client: db.client }, includeInFlight: false, now: () => T0 });
    expect(p1.runs.map((r) => r.id)).toEqual(['dbackup:e2']);
    // e1 is recorded undelivered, so it can be followed up if it leaves the history list.
    expect(p1.checkpoint.runs).toEqual({
      'dbackup:e1': { status: 'running', lastSeen: T0 },
      'dbackup:e2': { status: 'success', lastSeen: T0 },
    });
    db.state.executions = [execution('e1', 'Success'), execution('e2', 'Success')];
    const p2 = await poll({
      dbackup: { client: db.client },
      includeInFlight: false,
      checkpoint: p1.checkpoint,
      now: () => T0,
    });
    expect(p2.runs.map((r) => [r.id, r.status])).toEqual([['dbackup:e1', 'success']]);
  });

  it('Cove: one run per device session; a new session is a new run', async () => {
    const cove = fakeCove();
    cove.state.rows = [device(1, '1', 1000), device(2, '5', 2000)];
    const input = { cove: { client: cove.client, partnerId: 10 }, now: () => T0 };
    const p1 = await poll(input);
    expect(p1.runs.map((r) => [r.id, r.status])).toEqual([
      ['cove:1:1000', 'running'],
      ['cove:2:2000', 'success'],
    ]);
    expect(cove.state.queries[0]).toEqual({
      partnerId: 10,
      columns: [...DEFAULT_COVE_FEED_COLUMNS],
      pageSize: 500,
    });

    cove.state.rows = [device(1, '8', 1000), device(2, '5', 3000)];
    const p2 = await poll({ ...input, checkpoint: p1.checkpoint });
    expect(p2.runs.map((r) => [r.id, r.status])).toEqual([
      ['cove:1:1000', 'warning'],
      ['cove:2:3000', 'success'],
    ]);
  });

  it('passes custom columns, page size, order and signal to Cove', async () => {
    const cove = fakeCove();
    const signal = new AbortController().signal;
    await collectRuns({
      cove: {
        client: cove.client,
        partnerId: 3,
        columns: ['D9F0', 'D9F15'],
        pageSize: 50,
        orderBy: 'I1 ASC',
      },
      signal,
    });
    expect(cove.state.queries[0]).toEqual({
      partnerId: 3,
      columns: ['D9F0', 'D9F15'],
      pageSize: 50,
      orderBy: 'I1 ASC',
    });
    expect(cove.state.options[0]).toEqual({ onRestricted: 'drop', onRejected: expect.any(Function), signal });
  });

  it('a restricted column dropped by the client keeps the status, names the column, and is no failed poll', async () => {
    const cove = fakeCove();
    cove.state.rows = [
      {
        ...device(1, '5', 1000),
        raw: { I1: 'dev-1', D09F00: '5' },
        missing: ['D09F15'],
        dropped: ['D09F15'],
      },
    ];
    const result = await poll({ cove: { client: cove.client, partnerId: 10 } });
    expect(result.errors).toEqual([]);
    expect(result.runs).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^cove:1:fp-[0-9a-f]{16}$/),
        status: 'success',
        statusReason: expect.stringContaining('D09F15 (restricted: Cove refused it)'),
      }),
    ]);
  });

  it('one failing source does not lose the other source’s runs, and keeps its own checkpoint entries', async () => {
    const db = fakeDBackup();
    const cove = fakeCove();
    db.state.executions = [execution('e1', 'Success')];
    cove.state.rows = [device(1, '5', 1000)];
    let now = T0;
    const input = {
      cove: { client: cove.client, partnerId: 10 },
      dbackup: { client: db.client },
      now: () => now,
    };
    const p1 = await poll(input);
    expect(p1.runs.map((r) => r.id)).toEqual(['cove:1:1000', 'dbackup:e1']);

    // DBackup is down for 30 days: Cove keeps flowing, DBackup's entries are not pruned.
    db.state.fail = new Error('connect ECONNREFUSED');
    cove.state.rows = [device(1, '5', 1000), device(2, '2', 5000)];
    now += 30 * 24 * 60 * MINUTE;
    const p2 = await poll({ ...input, checkpoint: p1.checkpoint });
    expect(p2.runs.map((r) => r.id)).toEqual(['cove:2:5000']);
    expect(p2.errors).toEqual([
      expect.objectContaining({
        source: 'dbackup',
        stage: 'fetch',
        message: 'DBackup history failed: connect ECONNREFUSED',
      }),
    ]);
    expect(p2.checkpoint.runs['dbackup:e1']).toBeDefined();

    // DBackup is back: e1 is not re-delivered.
    db.state.fail = undefined;
    const p3 = await poll({ ...input, checkpoint: p2.checkpoint });
    expect(p3.runs).toEqual([]);
    expect(p3.errors).toEqual([]);
  });

  it('a Cove iteration that fails midway keeps the rows it yielded and reports the error', async () => {
    const db = fakeDBackup();
    const cove = fakeCove();
    db.state.executions = [execution('e1', 'Success')];
    cove.state.rows = [device(1, '5', 1000), device(2, '5', 1000), device(3, '5', 1000)];
    cove.state.failAfter = 2;
    const result = await poll({
      cove: { client: cove.client, partnerId: 10 },
      dbackup: { client: db.client },
    });
    expect(result.runs.map((r) => r.id)).toEqual(['cove:1:1000', 'cove:2:1000', 'dbackup:e1']);
    expect(result.errors).toEqual([
      expect.objectContaining({ source: 'cove', stage: 'fetch', message: expect.stringContaining('Visa') }),
    ]);
  });

  it('skips and reports a record that cannot be normalized', async () => {
    const db = fakeDBackup();
    db.state.executions = [execution('e1', 'Success'), { id: 'e2', status: 'Success', startedAt: 'garbage' }];
    const result = await poll({ dbackup: { client: db.client } });
    expect(result.runs.map((r) => r.id)).toEqual(['dbackup:e1']);
    expect(result.errors).toEqual([
      expect.objectContaining({ source: 'dbackup', stage: 'normalize', recordId: 'e2' }),
    ]);
    expect(result.errors[0]?.error).toMatchObject({ name: 'NormalizeError', field: 'execution.startedAt' });
  });

  it('reports a history response without executions as a fetch error', async () => {
    const client = { history: { list: async () => ({}) as never } };
    const result = await collectRuns({ dbackup: { client } });
    expect(result.errors).toEqual([expect.objectContaining({ source: 'dbackup', stage: 'fetch' })]);
  });

  it('details: enriches newly terminal runs from executions.get, once', async () => {
    const db = fakeDBackup();
    db.state.executions = [
      execution('e1', 'Partial'),
      execution('e2', 'Running'),
      execution('e3', 'Success'),
    ];
    db.state.details.set('e1', {
      id: 'e1',
      jobId: 'job-1',
      jobName: 'Nightly',
      type: 'Backup',
      status: 'Partial',
      startedAt: '2026-11-22T21:00:00.000Z',
      endedAt: '2026-11-22T21:01:00.000Z',
      duration: 60_000,
      size: 4096,
      error: null,
      logs: [{ level: 'error', message: '[S3] Upload FAILED' }],
    });
    const input = { dbackup: { client: db.client, details: true }, now: () => T0 };
    const p1 = await poll(input);
    expect(db.state.getCalls).toEqual(['e1', 'e3']);
    expect(p1.runs.find((r) => r.id === 'dbackup:e1')).toMatchObject({
      sizeBytes: 4096,
      message: '[S3] Upload FAILED',
      trigger: { type: 'Scheduler', label: 'Scheduler' }, // from the history item
    });
    expect(p1.runs.find((r) => r.id === 'dbackup:e1')).not.toHaveProperty('errorCount');
    // e3's detail is missing: reported, delivered from the history item.
    expect(p1.runs.find((r) => r.id === 'dbackup:e3')?.status).toBe('success');
    expect(p1.errors).toEqual([
      expect.objectContaining({ source: 'dbackup', stage: 'details', recordId: 'e3' }),
    ]);

    const p2 = await poll({ ...input, checkpoint: p1.checkpoint });
    expect(p2.runs).toEqual([]);
    expect(db.state.getCalls).toEqual(['e1', 'e3']);
  });

  describe('instance', () => {
    it('names each source on its runs (history, details and follow-ups); ids are unchanged', async () => {
      const db = fakeDBackup();
      db.state.executions = [execution('e1', 'Running'), execution('e2', 'Success')];
      db.state.details.set('e2', execution('e2', 'Success', { size: 10 }));
      const cove = fakeCove();
      cove.state.rows = [device(7, '5', 1_700_000_000)];
      const input = {
        dbackup: { client: db.client, details: true, instance: 'https://dbackup-eu.example.com' },
        cove: { client: cove.client, partnerId: 10, instance: 'cove-tenant' },
        normalize: { instance: 'ignored when the source has its own' },
        now: () => T0,
      };
      const p1 = await poll(input);
      expect(p1.runs.map((r) => [r.id, r.instance])).toEqual([
        ['cove:7:1700000000', 'cove-tenant'],
        ['dbackup:e1', 'https://dbackup-eu.example.com'],
        ['dbackup:e2', 'https://dbackup-eu.example.com'],
      ]);
      expect(p1.runs.at(-1)?.sizeBytes).toBe(10); // the details path carries it too
      expect(Object.keys(p1.checkpoint.runs)).toEqual(['cove:7:1700000000', 'dbackup:e1', 'dbackup:e2']);

      // e1 leaves the history list and is followed up.
      db.state.executions = [execution('e2', 'Success')];
      db.state.details.set('e1', execution('e1', 'Failed'));
      const p2 = await poll({ ...input, checkpoint: p1.json });
      expect(p2.runs.map((r) => [r.id, r.status, r.instance])).toEqual([
        ['dbackup:e1', 'failed', 'https://dbackup-eu.example.com'],
      ]);
    });

    it('falls back to normalize.instance; a source without any has none', async () => {
      const db = fakeDBackup();
      db.state.executions = [execution('e1', 'Success')];
      const named = await poll({
        dbackup: { client: db.client },
        normalize: { instance: 'x' },
        now: () => T0,
      });
      expect(named.runs[0]?.instance).toBe('x');
      const plain = await poll({ dbackup: { client: db.client }, now: () => T0 });
      expect(plain.runs[0]).not.toHaveProperty('instance');
    });

    it('rejects an empty instance with ConfigError before polling', async () => {
      const db = fakeDBackup();
      await expect(collectRuns({ dbackup: { client: db.client, instance: ' ' } })).rejects.toThrow(
        ConfigError,
      );
      expect(db.state.listCalls).toBe(0);
    });
  });

  describe('DBackup follow-ups of in-flight runs that left the history list', () => {
    const detail = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
      id,
      jobId: 'job-1',
      jobName: 'Nightly',
      type: 'Backup',
      status,
      startedAt: '2026-11-22T21:00:00.000Z',
      endedAt: status === 'Running' || status === 'Pending' ? null : '2026-11-22T23:00:00.000Z',
      duration: status === 'Running' || status === 'Pending' ? 5_000 : 7_200_000,
      size: status === 'Success' ? 4096 : null,
      error: null,
      ...extra,
    });
    /** History of `n` newer short runs that pushes `e1` out of the window. */
    const newer = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => execution(`n${from + i}`, 'Success'));

    it('delivers a run first seen running once it finished, though it is no longer listed', async () => {
      const db = fakeDBackup();
      let now = T0;
      const input = { dbackup: { client: db.client }, now: () => now };
      db.state.executions = [execution('e1', 'Running'), execution('e0', 'Success')];
      const p1 = await poll(input);
      expect(p1.runs.map((r) => [r.id, r.status])).toEqual([
        ['dbackup:e1', 'running'],
        ['dbackup:e0', 'success'],
      ]);

      // Busy server: e1 is still running but no longer among the newest runs.
      now += 15 * MINUTE;
      db.state.executions = newer(0, 3);
      db.state.details.set('e1', detail('e1', 'Running'));
      const p2 = await poll({ ...input, checkpoint: p1.checkpoint });
      expect(p2.runs.map((r) => r.id)).toEqual(['dbackup:n0', 'dbackup:n1', 'dbackup:n2']);
      expect(p2.errors).toEqual([]);
      expect(db.state.getCalls).toEqual(['e1']);
      // A follow-up does not count as the history returning the run.
      expect(p2.checkpoint.runs['dbackup:e1']).toEqual({ status: 'running', lastSeen: T0 });

      now += 15 * MINUTE;
      db.state.executions = newer(3, 3);
      db.state.details.set('e1', detail('e1', 'Success'));
      const p3 = await poll({ ...input, checkpoint: p2.checkpoint });
      expect(p3.errors).toEqual([]);
      expect(p3.runs.map((r) => [r.id, r.status])).toEqual([
        ['dbackup:n3', 'success'],
        ['dbackup:n4', 'success'],
        ['dbackup:n5', 'success'],
        ['dbackup:e1', 'success'],
      ]);
      expect(p3.runs.at(-1)).toMatchObject({ sizeBytes: 4096, durationMs: 7_200_000 });
      expect(db.state.getCalls).toEqual(['e1', 'e1']);

      // Terminal now: no more follow-ups, never delivered again.
      now += 15 * MINUTE;
      const p4 = await poll({ ...input, checkpoint: p3.checkpoint });
      expect(p4.runs).toEqual([]);
      expect(db.state.getCalls).toEqual(['e1', 'e1']);
    });

    it('works with includeInFlight: false (the in-flight run is tracked, delivered once, finished)', async () => {
      const db = fakeDBackup();
      const input = { dbackup: { client: db.client }, includeInFlight: false, now: () => T0 };
      db.state.executions = [execution('e1', 'Running')];
      const p1 = await poll(input);
      expect(p1.runs).toEqual([]);
      db.state.executions = newer(0, 1);
      db.state.details.set('e1', detail('e1', 'Success'));
      const p2 = await poll({ ...input, checkpoint: p1.checkpoint });
      expect(p2.runs.map((r) => [r.id, r.status])).toEqual([
        ['dbackup:n0', 'success'],
        ['dbackup:e1', 'success'],
      ]);
      const p3 = await poll({ ...input, checkpoint: p2.checkpoint });
      expect(p3.runs).toEqual([]);
    });

    it('reports a failed follow-up without losing other runs, and retries it next poll', async () => {
      const db = fakeDBackup();
      const input = { dbackup: { client: db.client }, now: () => T0 };
      db.state.executions = [execution('e1', 'Running'), execution('e2', 'Pending')];
      const p1 = await poll(input);
      db.state.executions = newer(0, 2);
      db.state.details.set('e2', detail('e2', 'Failed', { error: 'disk full' }));
      const p2 = await poll({ ...input, checkpoint: p1.checkpoint });
      expect(p2.runs.map((r) => [r.id, r.status])).toEqual([
        ['dbackup:n0', 'success'],
        ['dbackup:n1', 'success'],
        ['dbackup:e2', 'failed'],
      ]);
      expect(p2.runs.at(-1)?.message).toBe('disk full');
      expect(p2.errors).toEqual([
        expect.objectContaining({
          source: 'dbackup',
          stage: 'follow-up',
          recordId: 'e1',
          message: expect.stringContaining('Execution not found: e1'),
        }),
      ]);
      expect(p2.checkpoint.runs['dbackup:e1']?.status).toBe('running');

      db.state.details.set('e1', detail('e1', 'Cancelled'));
      const p3 = await poll({ ...input, checkpoint: p2.checkpoint });
      expect(p3.runs.map((r) => [r.id, r.status])).toEqual([['dbackup:e1', 'cancelled']]);
      expect(p3.errors).toEqual([]);
    });

    it('reports a follow-up that cannot be normalized or returns another execution', async () => {
      const db = fakeDBackup();
      const input = { dbackup: { client: db.client }, now: () => T0 };
      db.state.executions = [execution('e1', 'Running'), execution('e2', 'Running')];
      const p1 = await poll(input);
      db.state.executions = [];
      db.state.details.set('e1', detail('e1', 'Success', { startedAt: 'garbage' }));
      db.state.details.set('e2', { success: true, data: detail('e3', 'Success') });
      const p2 = await poll({ ...input, checkpoint: p1.checkpoint });
      expect(p2.runs).toEqual([]);
      expect(p2.errors.map((e) => [e.stage, e.recordId])).toEqual([
        ['follow-up', 'e1'],
        ['follow-up', 'e2'],
      ]);
    });

    it('is bounded per poll (most recently seen first), skipped when history fails or the client has no executions', async () => {
      const db = fakeDBackup();
      const checkpoint: RunCheckpoint = {
        version: 1,
        runs: {
          'dbackup:a': { status: 'running', lastSeen: T0 - 3 * MINUTE },
          'dbackup:b': { status: 'pending', lastSeen: T0 - MINUTE },
          'dbackup:c': { status: 'unknown', lastSeen: T0 - 2 * MINUTE },
          'dbackup:d': { status: 'success', lastSeen: T0 - MINUTE },
          'cove:1:1000': { status: 'running', lastSeen: T0 - MINUTE },
        },
      };
      await poll({ dbackup: { client: db.client, maxFollowUps: 2 }, checkpoint, now: () => T0 });
      expect(db.state.getCalls).toEqual(['b', 'c']);

      db.state.getCalls = [];
      await poll({ dbackup: { client: db.client }, checkpoint, now: () => T0 });
      expect(db.state.getCalls).toEqual(['b', 'c', 'a']);

      db.state.getCalls = [];
      await poll({ dbackup: { client: db.client, maxFollowUps: 0 }, checkpoint, now: () => T0 });
      db.state.fail = new Error('connect ECONNREFUSED');
      await poll({ dbackup: { client: db.client }, checkpoint, now: () => T0 });
      expect(db.state.getCalls).toEqual([]);

      const bare = await poll({
        dbackup: { client: { history: { list: async () => ({ executions: [] }) } } },
        checkpoint,
        now: () => T0,
      });
      expect(bare.errors).toEqual([]);
      expect(bare.checkpoint).toEqual(checkpoint);
    });

    it('passes includeLogs (with details) and the signal to executions.get', async () => {
      const calls: unknown[] = [];
      const signal = new AbortController().signal;
      const client: DBackupRunsClient = {
        history: { list: async () => ({ executions: [] }) },
        executions: {
          async get(id, options) {
            calls.push([id, options]);
            return { success: true, data: detail(id, 'Success') };
          },
        },
      };
      const checkpoint: RunCheckpoint = {
        version: 1,
        runs: { 'dbackup:e1': { status: 'running', lastSeen: T0 } },
      };
      const result = await poll({ dbackup: { client, details: true }, checkpoint, signal, now: () => T0 });
      expect(calls).toEqual([['e1', { includeLogs: true, signal }]]);
      expect(result.runs.map((r) => [r.id, r.status])).toEqual([['dbackup:e1', 'success']]);
    });

    it('stops the follow-ups when the signal is aborted', async () => {
      const controller = new AbortController();
      const calls: string[] = [];
      const client: DBackupRunsClient = {
        history: { list: async () => ({ executions: [] }) },
        executions: {
          async get(id) {
            calls.push(id);
            controller.abort();
            throw new DOMException('This operation was aborted', 'AbortError');
          },
        },
      };
      const checkpoint: RunCheckpoint = {
        version: 1,
        runs: {
          'dbackup:e1': { status: 'running', lastSeen: T0 },
          'dbackup:e2': { status: 'running', lastSeen: T0 },
        },
      };
      const result = await poll({
        dbackup: { client },
        checkpoint,
        signal: controller.signal,
        now: () => T0,
      });
      expect(calls).toEqual(['e1']);
      expect(result.errors).toEqual([expect.objectContaining({ stage: 'follow-up', recordId: 'e1' })]);
      expect(result.checkpoint).toEqual(checkpoint);
    });

    it('stops following up a run the history list has not returned for the horizon', async () => {
      const db = fakeDBackup();
      let now = T0;
      const input = { dbackup: { client: db.client }, now: () => now };
      db.state.executions = [execution('e1', 'Running')];
      let { checkpoint } = await poll(input);
      db.state.executions = [];
      db.state.details.set('e1', detail('e1', 'Running'));
      now += 6 * 24 * 60 * MINUTE;
      ({ checkpoint } = await poll({ ...input, checkpoint }));
      expect(checkpoint.runs['dbackup:e1']).toEqual({ status: 'running', lastSeen: T0 });
      now += 2 * 24 * 60 * MINUTE;
      ({ checkpoint } = await poll({ ...input, checkpoint }));
      expect(checkpoint.runs).toEqual({});
      expect(db.state.getCalls).toEqual(['e1', 'e1']);
    });
  });

  describe('checkpoint', () => {
    it('maxEntries never evicts entries of a failed or unpolled source (no re-delivery after an outage)', async () => {
      const db = fakeDBackup();
      const cove = fakeCove();
      let now = T0;
      const input = {
        cove: { client: cove.client, partnerId: 10 },
        dbackup: { client: db.client },
        maxEntries: 6,
        now: () => now,
      };
      cove.state.rows = [device(1, '5', 1000), device(2, '5', 1000), device(3, '5', 1000)];
      db.state.executions = [
        execution('e1', 'Success'),
        execution('e2', 'Success'),
        execution('e3', 'Success'),
      ];
      const p1 = await poll(input);
      expect(p1.runs).toHaveLength(6);

      // Cove outage; DBackup moves on to three new runs.
      now += 15 * MINUTE;
      cove.state.failAfter = 0;
      db.state.executions = [
        execution('e4', 'Success'),
        execution('e5', 'Success'),
        execution('e6', 'Success'),
      ];
      const p2 = await poll({ ...input, checkpoint: p1.checkpoint });
      expect(p2.runs.map((r) => r.id)).toEqual(['dbackup:e4', 'dbackup:e5', 'dbackup:e6']);
      expect(Object.keys(p2.checkpoint.runs)).toEqual([
        'cove:1:1000',
        'cove:2:1000',
        'cove:3:1000',
        'dbackup:e4',
        'dbackup:e5',
        'dbackup:e6',
      ]);

      // Cove is back with the same sessions: nothing is delivered twice.
      now += 15 * MINUTE;
      cove.state.failAfter = undefined;
      const p3 = await poll({ ...input, checkpoint: p2.checkpoint });
      expect(p3.errors).toEqual([]);
      expect(p3.runs).toEqual([]);

      // When the protected entries alone exceed maxEntries, the checkpoint stays over the cap.
      const p4 = await poll({
        dbackup: { client: db.client },
        checkpoint: p3.checkpoint,
        maxEntries: 2,
        now: () => now,
      });
      expect(Object.keys(p4.checkpoint.runs)).toHaveLength(6);
    });

    it('is plain JSON with sorted ids', async () => {
      const db = fakeDBackup();
      db.state.executions = [execution('b', 'Success'), execution('a', 'Running')];
      const { json } = await poll({ dbackup: { client: db.client }, now: () => T0 });
      expect(JSON.parse(json)).toEqual({
        version: 1,
        runs: {
          'dbackup:a': { status: 'running', lastSeen: T0 },
          'dbackup:b': { status: 'success', lastSeen: T0 },
        },
      });
    });

    it('does not modify the checkpoint passed in', async () => {
      const db = fakeDBackup();
      db.state.executions = [execution('e1', 'Success')];
      const checkpoint = Object.freeze({
        version: 1 as const,
        runs: Object.freeze({ 'dbackup:e0': Object.freeze({ status: 'success' as const, lastSeen: T0 }) }),
      });
      await collectRuns({ dbackup: { client: db.client }, checkpoint, now: () => T0 + MINUTE });
      expect(checkpoint.runs).toEqual({ 'dbackup:e0': { status: 'success', lastSeen: T0 } });
    });

    it('forgets runs a healthy source stopped returning, after the horizon', async () => {
      const db = fakeDBackup();
      let now = T0;
      db.state.executions = [execution('old', 'Success')];
      let { checkpoint } = await poll({ dbackup: { client: db.client }, now: () => now });
      db.state.executions = [execution('new', 'Success')];
      for (const hours of [1, 24, 24 * 6]) {
        now = T0 + hours * 60 * MINUTE;
        ({ checkpoint } = await poll({ dbackup: { client: db.client }, checkpoint, now: () => now }));
        expect(Object.keys(checkpoint.runs)).toEqual(['dbackup:new', 'dbackup:old']);
      }
      now = T0 + 8 * 24 * 60 * MINUTE;
      ({ checkpoint } = await poll({ dbackup: { client: db.client }, checkpoint, now: () => now }));
      expect(Object.keys(checkpoint.runs)).toEqual(['dbackup:new']);
    });

    it('keeps entries of a source that was not polled', async () => {
      const checkpoint = {
        version: 1 as const,
        runs: { 'cove:1:5': { status: 'success' as const, lastSeen: 0 } },
      };
      const db = fakeDBackup();
      const result = await poll({ dbackup: { client: db.client }, checkpoint, now: () => T0 });
      expect(result.checkpoint.runs['cove:1:5']).toBeDefined();
    });

    it('stays bounded over many polls (maxEntries), never evicting what this poll saw', async () => {
      const db = fakeDBackup();
      let checkpoint: RunCheckpoint | undefined;
      let delivered = 0;
      for (let pollNo = 0; pollNo < 50; pollNo++) {
        // A sliding window of 10 executions, 4 new per poll, like DBackup's last-100 history.
        db.state.executions = Array.from({ length: 10 }, (_, i) =>
          execution(`e${pollNo * 4 + i}`, 'Success'),
        );
        const result = await poll({
          dbackup: { client: db.client },
          checkpoint,
          maxEntries: 15,
          now: () => T0 + pollNo * 15 * MINUTE,
        });
        checkpoint = result.checkpoint;
        delivered += result.runs.length;
        expect(Object.keys(checkpoint.runs).length).toBeLessThanOrEqual(15);
        for (const e of db.state.executions) expect(checkpoint.runs[`dbackup:${e.id}`]).toBeDefined();
      }
      // 10 in the first poll, then 4 new per poll: each delivered exactly once.
      expect(delivered).toBe(10 + 49 * 4);
    });

    it('rejects a corrupt checkpoint with ConfigError', async () => {
      await expect(collectRuns({ checkpoint: '{nope' })).rejects.toBeInstanceOf(ConfigError);
      await expect(collectRuns({ checkpoint: { version: 2, runs: {} } as never })).rejects.toThrow(
        /not a valid run checkpoint at version/,
      );
      await expect(
        collectRuns({ checkpoint: { version: 1, runs: { x: { status: 'done', lastSeen: 1 } } } as never }),
      ).rejects.toThrow(ConfigError);
    });

    it('accepts no sources and no checkpoint', async () => {
      expect(await collectRuns({})).toEqual({ runs: [], checkpoint: { version: 1, runs: {} }, errors: [] });
    });
  });
});
