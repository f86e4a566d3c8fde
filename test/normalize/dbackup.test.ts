import { describe, expect, it } from 'vitest';
import { type DBackupExecutionInput, normalizeRun } from '../../src/normalize';
import { dbackupBody, dbackupDetail, fixture, normalizeDBackup } from './helpers';

const dbackup = normalizeDBackup;
const detail = dbackupDetail;
const history = dbackupBody<{ executions: DBackupExecutionInput[] }>('history-200-final').executions;
const finalMetadata = fixture<{ historyItem: DBackupExecutionInput }>(
  'normalize/dbackup-final-metadata.json',
);

describe('normalizeRun: DBackup history items (recorded)', () => {
  it('normalizes every item of the recorded history', () => {
    const runs = history.map(dbackup);
    expect(runs.map((r) => [r.externalId, r.status, r.job.id])).toEqual([
      ['115004e8-af84-48d8-b4f5-e4017906e716', 'warning', 'task:IntegrityCheck'],
      ['a8e5a56c-e283-4744-80a6-b18cb4956eb8', 'success', 'f82172ba-c640-4fbb-b3db-6e0554ee9c62'],
      ['a08247ca-8a58-489a-94e3-495e5d6a9821', 'cancelled', 'f82172ba-c640-4fbb-b3db-6e0554ee9c62'],
      ['7b94f41f-9c96-4818-b8b5-42614766230b', 'cancelled', '928753f3-0d46-4157-9582-6f98b7dd94dd'],
      ['870ed095-d7f2-4c1e-92e7-41b4c49f966f', 'failed', '9d4bf2fa-a400-4821-92e0-e80c3d61cbf7'],
      ['71bf1d32-c213-4409-b7bf-ce03eb6d92e1', 'success', '9d4bf2fa-a400-4821-92e0-e80c3d61cbf7'],
      ['ad303b2a-7843-4801-989a-f648097c7566', 'warning', '8906d95f-fa68-4064-8f4b-f7f35dced380'],
      ['aa00aa7c-67ed-423b-9ad2-5259a07ef3e5', 'success', 'f82172ba-c640-4fbb-b3db-6e0554ee9c62'],
    ]);
  });

  it('maps a successful backup without inventing size or message', () => {
    expect(dbackup(history[1])).toEqual({
      id: 'dbackup:a8e5a56c-e283-4744-80a6-b18cb4956eb8',
      source: 'dbackup',
      externalId: 'a8e5a56c-e283-4744-80a6-b18cb4956eb8',
      software: 'DBackup',
      job: { id: 'f82172ba-c640-4fbb-b3db-6e0554ee9c62', name: 'SQLite to Local', type: 'Backup' },
      trigger: { type: 'Api', label: 'sdk-full' },
      status: 'success',
      vendorStatus: 'Success',
      startedAt: '2026-11-22T22:44:22.121Z',
      endedAt: '2026-11-22T22:44:22.252Z',
      durationMs: 131,
      objects: [],
    });
  });

  it('groups a system task (jobId null) under task:<type>', () => {
    expect(dbackup(history[0]).job).toEqual({
      id: 'task:IntegrityCheck',
      name: 'IntegrityCheck',
      type: 'IntegrityCheck',
    });
  });

  it('carries the trigger (type and label) of every recorded item', () => {
    expect(history.map((item) => dbackup(item).trigger)).toEqual([
      { type: 'Manual', label: 'SDK Admin' },
      ...Array.from({ length: 7 }, () => ({ type: 'Api', label: 'sdk-full' })),
    ]);
  });

  // DBackup 3.2.0's log flusher overwrites the final metadata ({…, destinations, names}) with
  // {progress, stage, detail, heartbeat}, so recorded history items carry no objects.
  it('has no objects for any recorded item (3.2.0 keeps no per-destination results)', () => {
    for (const item of history) {
      expect(Object.keys(JSON.parse(item.metadata as string)).sort()).toEqual(
        expect.not.arrayContaining(['destinations', 'names']),
      );
      expect(dbackup(item).objects).toEqual([]);
    }
  });
});

describe('normalizeRun: DBackup execution details (recorded)', () => {
  it('Partial: message from the last error-level log entry, size, no error count', () => {
    const run = dbackup(detail('executions-get-partial-logs'));
    expect(run).toMatchObject({
      id: 'dbackup:ad303b2a-7843-4801-989a-f648097c7566',
      job: { id: '8906d95f-fa68-4064-8f4b-f7f35dced380', name: 'SQLite to Two Destinations', type: 'Backup' },
      status: 'warning',
      vendorStatus: 'Partial',
      durationMs: 122,
      sizeBytes: 12288,
      message: '[Local Broken] Upload FAILED: Adapter returned false',
    });
    // DBackup counts no errors; its log has 3 error lines for the one failed destination, so a
    // count of log lines would be a derived number presented as vendor data.
    const logs = detail('executions-get-partial-logs').logs as { level: string }[];
    expect(logs.filter((l) => l.level === 'error')).toHaveLength(3);
    expect(run.errorCount).toBeUndefined();
  });

  it('Partial without logs has no message (DBackup sends error: null)', () => {
    const run = dbackup(detail('executions-get-partial'));
    expect(run.message).toBeUndefined();
    expect(run.errorCount).toBeUndefined();
  });

  it('Failed: message from error', () => {
    const run = dbackup(detail('executions-get-failed'));
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/^Dump failed: sqlite3 exited with code 1/);
    expect(run.sizeBytes).toBeUndefined();
  });

  it('Running: no endedAt and no duration (DBackup reports elapsed time, which grows)', () => {
    const run = dbackup(detail('executions-get-running'));
    expect(run.status).toBe('running');
    expect(run.endedAt).toBeUndefined();
    expect(run.durationMs).toBeUndefined();
    expect(run.id).toBe(dbackup(detail('executions-get-running-later-logs')).id);
  });

  it('Pending and Cancelled', () => {
    expect(dbackup(detail('executions-get-pending')).status).toBe('pending');
    const cancelled = dbackup(detail('executions-get-cancelled-running'));
    expect(cancelled).toMatchObject({ status: 'cancelled', durationMs: 72299 });
    expect(cancelled.message).toBeUndefined();
  });

  it('sizeBytes only for Success and Partial: a cancelled run reports a dump it never stored', () => {
    const raw = detail('executions-get-cancelled-running');
    expect(raw).toMatchObject({ status: 'Cancelled', size: 1573596054, path: null });
    expect(dbackup(raw).sizeBytes).toBeUndefined();
    const base = { id: 'e', jobId: 'j', size: 2048 };
    expect(dbackup({ ...base, status: 'Success' }).sizeBytes).toBe(2048);
    expect(dbackup({ ...base, status: 'Partial' }).sizeBytes).toBe(2048);
    for (const status of ['Failed', 'Cancelled', 'Running', 'Pending', 'Archived'])
      expect(dbackup({ ...base, status }).sizeBytes).toBeUndefined();
    // The rule follows the vendor status, not a status-map override.
    const overridden = normalizeRun(
      { source: 'dbackup', execution: { ...base, status: 'Cancelled' } },
      { statusMap: { dbackup: { Cancelled: 'success' } } },
    );
    expect(overridden).toMatchObject({ status: 'success' });
    expect(overridden.sizeBytes).toBeUndefined();
  });

  it('system task detail: task:<type>, Partial message from logs', () => {
    const run = dbackup(detail('executions-get-system-task-logs'));
    expect(run.job).toEqual({ id: 'task:IntegrityCheck', name: 'IntegrityCheck', type: 'IntegrityCheck' });
    expect(run.message).toMatch(/^Local Broken: listing failed - ENOTDIR/);
  });

  it('accepts the body still wrapped in {success, data}', () => {
    const body = dbackupBody('executions-get-success');
    expect(dbackup(body)).toEqual(dbackup(detail('executions-get-success')));
  });

  it('history item and detail of one execution share the id', () => {
    const fromHistory = dbackup(history.find((e) => e.id === 'ad303b2a-7843-4801-989a-f648097c7566'));
    expect(fromHistory.id).toBe(dbackup(detail('executions-get-partial')).id);
  });
});

describe('objects mapping', () => {
  const expectedObjects = [
    { name: 'Local Primary', type: 'destination', status: 'success' },
    {
      name: 'Local Broken',
      type: 'destination',
      status: 'failed',
      message: "ENOTDIR: not a directory, mkdir '/data/blocker-file/sub/SQLite to Two Destinations'",
    },
    { name: 'app.db', type: 'database', status: 'unknown' },
  ];

  it('destinations and databases from final metadata (JSON string)', () => {
    const run = dbackup(finalMetadata.historyItem);
    expect(run.objects).toEqual(expectedObjects);
    // Partial without logs or error: message falls back to the failed destination's error.
    expect(run.message).toBe(expectedObjects[1]?.message);
  });

  it('the same when metadata is already an object', () => {
    const item = structuredClone(finalMetadata.historyItem);
    item.metadata = JSON.parse(item.metadata as string);
    expect(dbackup(item)).toEqual(dbackup(finalMetadata.historyItem));
  });

  it('skipped and unknown destination statuses, name fallbacks, database status', () => {
    const run = dbackup({
      id: 'e1',
      jobId: 'j1',
      status: 'Failed',
      metadata: {
        destinations: [
          { configId: 'cfg-1', status: 'skipped' },
          { name: 'S3', status: 'uploading' },
        ],
        names: ['db1', 'db2', 'db1', ' '],
      },
    });
    expect(run.objects).toEqual([
      { name: 'cfg-1', type: 'destination', status: 'skipped' },
      { name: 'S3', type: 'destination', status: 'unknown' },
      { name: 'db1', type: 'database', status: 'unknown' },
      { name: 'db2', type: 'database', status: 'unknown' },
    ]);
  });

  it('databases are unknown whatever the run outcome: DBackup reports no per-database result', () => {
    for (const status of ['Success', 'Partial', 'Failed']) {
      const run = dbackup({
        id: 'e',
        jobId: 'j',
        status,
        metadata: { names: ['app.db'], destinations: [{ name: 'Local', status: 'success' }] },
      });
      expect(run.objects.filter((o) => o.type === 'database')).toEqual([
        { name: 'app.db', type: 'database', status: 'unknown' },
      ]);
    }
  });

  it('metadata.label is a display text, never a database name', () => {
    const objects = (metadata: unknown) =>
      dbackup({ id: 'e', status: 'Success', jobId: 'j', metadata }).objects;
    expect(objects({ label: 'Single DB', count: 1 })).toEqual([]);
    expect(objects({ label: '3 DBs', count: 3 })).toEqual([]);
    expect(objects({ label: 'Single DB', count: 1, names: ['app.db'] })).toEqual([
      { name: 'app.db', type: 'database', status: 'unknown' },
    ]);
    // A label or count of an unexpected type is ignored, not an error.
    expect(objects({ label: 5, count: 'one' })).toEqual([]);
    expect(objects('{"progress":100,"stage":"Completed"}')).toEqual([]);
    expect(objects(null)).toEqual([]);
  });
});

describe('job grouping when jobId is null', () => {
  it.each([
    [
      { type: 'Backup', job: { name: 'Old Job' } },
      { id: 'deleted-job:Old Job', name: 'Old Job', type: 'Backup' },
    ],
    [
      { type: 'Backup', metadata: '{"jobName":"Old Job"}' },
      { id: 'deleted-job:Old Job', name: 'Old Job', type: 'Backup' },
    ],
    [{ type: 'Backup' }, { id: 'deleted-job:execution:e1', name: 'Deleted job', type: 'Backup' }],
    [{}, { id: 'deleted-job:execution:e1', name: 'Deleted job' }],
    [{ type: 'Restore' }, { id: 'task:Restore', name: 'Restore', type: 'Restore' }],
    [
      { type: 'System Restore' },
      { id: 'task:System Restore', name: 'System Restore', type: 'System Restore' },
    ],
    [
      { type: 'Verification', jobName: 'Verify S3' },
      { id: 'task:Verification', name: 'Verify S3', type: 'Verification' },
    ],
  ])('%j', (fields, job) => {
    expect(dbackup({ id: 'e1', jobId: null, status: 'Success', ...fields }).job).toEqual(job);
  });

  it('keeps the job id as name when no name is known', () => {
    expect(dbackup({ id: 'e1', jobId: 'j9', status: 'Success' }).job).toEqual({ id: 'j9', name: 'j9' });
  });
});

describe("the SDK's parsed shape", () => {
  it('prefers statusText, accepts Date objects and numeric strings', () => {
    const run = dbackup({
      id: 'e1',
      jobId: 'j1',
      jobName: 'Nightly',
      type: 'Backup',
      status: 'unknown',
      statusText: 'Archived',
      startedAt: new Date('2026-01-01T00:00:00Z'),
      endedAt: new Date('2026-01-01T00:00:01.500Z'),
      size: '2048',
      logs: '[{"level":"error","message":"boom"},{"level":"info","message":"ok"}]',
    });
    expect(run).toMatchObject({
      status: 'unknown',
      vendorStatus: 'Archived',
      statusReason: 'DBackup status "Archived" is not in the status map',
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:00:01.500Z',
      durationMs: 1500,
    });
    expect(run.errorCount).toBeUndefined();
  });

  it('ignores malformed log entries and unparseable log strings', () => {
    expect(
      dbackup({
        id: 'e',
        status: 'Partial',
        logs: [null, 5, { level: 'error' }, { level: 'error', message: 'x' }],
      }),
    ).toMatchObject({ message: 'x' });
    expect(dbackup({ id: 'e', status: 'Partial', logs: 'not json' }).message).toBeUndefined();
  });

  it('converts offsets to UTC', () => {
    expect(dbackup({ id: 'e', status: 'Success', startedAt: '2026-01-01T02:00:00+02:00' }).startedAt).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });

  // Date.parse reads '2026-11-22 10:00:00' in the local zone of the machine; the run must not
  // depend on TZ. Comparing with Date.UTC holds in any zone.
  it.each([
    ['2026-11-22 10:00:00', Date.UTC(2026, 10, 22, 10, 0, 0)],
    ['2026-11-22T10:00:00', Date.UTC(2026, 10, 22, 10, 0, 0)],
    ['2026-11-22T10:00', Date.UTC(2026, 10, 22, 10, 0, 0)],
    ['2026-11-22t10:00:00.5', Date.UTC(2026, 10, 22, 10, 0, 0, 500)],
    ['2026-11-22 10:00:00.123456', Date.UTC(2026, 10, 22, 10, 0, 0, 123)],
    ['2026-11-22', Date.UTC(2026, 10, 22)],
    ['2026-11-22T12:00:00+0200', Date.UTC(2026, 10, 22, 10, 0, 0)],
    ['2026-11-22T12:00:00+02', Date.UTC(2026, 10, 22, 10, 0, 0)],
    ['2026-11-22T05:00:00-05:00', Date.UTC(2026, 10, 22, 10, 0, 0)],
    [' 2026-11-22T10:00:00z ', Date.UTC(2026, 10, 22, 10, 0, 0)],
  ])('reads %j as UTC when it has no offset (%i)', (text, utc) => {
    const run = dbackup({ id: 'e', status: 'Success', startedAt: text, endedAt: text });
    expect(run.startedAt).toBe(new Date(utc).toISOString());
    expect(run.endedAt).toBe(run.startedAt);
  });

  it('does not depend on the local time zone (TZ switched at run time)', () => {
    const saved = process.env.TZ;
    const text = '2026-11-22 10:00:00';
    try {
      for (const tz of ['America/New_York', 'Asia/Kolkata', 'UTC']) {
        process.env.TZ = tz; // Node re-reads TZ when it is assigned.
        const run = dbackup({ id: 'e', status: 'Success', startedAt: text });
        expect(run.startedAt, tz).toBe('2026-11-22T10:00:00.000Z');
        // Proves the switch took effect, i.e. that a local-zone reading would have differed.
        if (tz !== 'UTC') expect(new Date(text).toISOString(), tz).not.toBe(run.startedAt);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('unreadable metadata is ignored, never fatal (it only adds objects)', () => {
  it.each([['{oops'], ['[1]'], [{ names: 'db' }], [{ unreadable: true, raw: '{oops' }]])(
    'metadata %j → a run without objects',
    (metadata) => {
      const run = normalizeRun({
        source: 'dbackup',
        execution: { id: 'e', status: 'Success', metadata } as never,
      });
      expect(run).toMatchObject({ id: 'dbackup:e', status: 'success', objects: [] });
    },
  );
});

describe('bad input throws NormalizeError naming the field', () => {
  it.each([
    [null, 'execution'],
    [[], 'execution'],
    [{ status: 'Success' }, 'execution.id'],
    [{ id: '', status: 'Success' }, 'execution.id'],
    [{ id: 42, status: 'Success' }, 'execution.id'],
    [{ id: 'e' }, 'execution.status'],
    [{ id: 'e', status: 5 }, 'execution.status'],
    [{ id: 'e', status: 'Success', startedAt: 'yesterday' }, 'execution.startedAt'],
    [{ id: 'e', status: 'Success', startedAt: 'Nov 22 2026 10:00:00' }, 'execution.startedAt'],
    [{ id: 'e', status: 'Success', startedAt: '2026-11-22T10:00:00 GMT' }, 'execution.startedAt'],
    [{ id: 'e', status: 'Success', startedAt: '2026-13-01T00:00:00Z' }, 'execution.startedAt'],
    [{ id: 'e', status: 'Success', endedAt: '1700000000000' }, 'execution.endedAt'],
    [{ id: 'e', status: 'Success', endedAt: '+275760-09-13T00:00:00.000Z' }, 'execution.endedAt'],
    [{ id: 'e', status: 'Success', size: 'big' }, 'execution.size'],
    [{ id: 'e', status: 'Success', size: 1.5 }, 'execution.size'],
    [{ id: 'e', status: 'Success', duration: -1, endedAt: '2026-01-01T00:00:00Z' }, 'execution.duration'],
    [{ id: 'e', status: 'Success', job: 'x' }, 'execution.job'],
    [
      { id: 'e', status: 'Success', metadata: { destinations: [{ status: 'success' }] } },
      'execution.metadata.destinations[0].name',
    ],
    [{ id: 'e', status: 'Success', logs: 7 }, 'execution.logs'],
  ])('%j → %s', (execution, field) => {
    expect(() => normalizeRun({ source: 'dbackup', execution: execution as never })).toThrow(
      expect.objectContaining({ name: 'NormalizeError', field }),
    );
  });

  it.each([
    [undefined, 'input'],
    [{ source: 'veeam' }, 'source'],
    [{ source: 'dbackup' }, 'execution'],
    [{ source: 'cove' }, 'statistics'],
  ])('input %j → %s', (input, field) => {
    expect(() => normalizeRun(input as never)).toThrow(
      expect.objectContaining({ name: 'NormalizeError', field }),
    );
  });
});
