import { describe, expect, it } from 'vitest';
import {
  type BackupRun,
  BackupRunSchema,
  type DBackupExecutionInput,
  normalizeRun,
} from '../../src/normalize';
import { dbackupBody, deepFreeze, fixture } from './helpers';

const dbackup = (execution: unknown): BackupRun => {
  const run = normalizeRun({ source: 'dbackup', execution: deepFreeze(execution) as DBackupExecutionInput });
  expect(BackupRunSchema.parse(run)).toEqual(run);
  return run;
};
const detail = (name: string) => dbackupBody<{ data: DBackupExecutionInput }>(name).data;
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
});

describe('normalizeRun: DBackup execution details (recorded)', () => {
  it('Partial: message from the last error-level log entry, size, error count', () => {
    const run = dbackup(detail('executions-get-partial-logs'));
    expect(run).toMatchObject({
      id: 'dbackup:ad303b2a-7843-4801-989a-f648097c7566',
      job: { id: '8906d95f-fa68-4064-8f4b-f7f35dced380', name: 'SQLite to Two Destinations', type: 'Backup' },
      status: 'warning',
      vendorStatus: 'Partial',
      durationMs: 122,
      sizeBytes: 12288,
      errorCount: 3,
      message: '[Local Broken] Upload FAILED: Adapter returned false',
    });
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
    expect(cancelled).toMatchObject({ status: 'cancelled', durationMs: 72299, sizeBytes: 1573596054 });
    expect(cancelled.message).toBeUndefined();
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
    { name: 'app.db', type: 'database', status: 'success' },
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

  it('label is a database only when count is 1 and names are absent', () => {
    const objects = (metadata: unknown) =>
      dbackup({ id: 'e', status: 'Success', jobId: 'j', metadata }).objects;
    expect(objects({ label: 'app.db', count: 1 })).toEqual([
      { name: 'app.db', type: 'database', status: 'success' },
    ]);
    expect(objects({ label: '3 databases', count: 3 })).toEqual([]);
    expect(objects({ label: 'x', count: 1, names: [] })).toEqual([]);
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
    [{ type: 'Backup' }, { id: 'deleted-job', name: 'Deleted job', type: 'Backup' }],
    [{}, { id: 'deleted-job', name: 'Deleted job' }],
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
      sizeBytes: 2048,
      errorCount: 1,
    });
  });

  it('ignores malformed log entries and unparseable log strings', () => {
    expect(
      dbackup({
        id: 'e',
        status: 'Partial',
        logs: [null, 5, { level: 'error' }, { level: 'error', message: 'x' }],
      }),
    ).toMatchObject({ errorCount: 1, message: 'x' });
    expect(dbackup({ id: 'e', status: 'Partial', logs: 'not json' }).errorCount).toBe(0);
  });

  it('converts offsets to UTC', () => {
    expect(dbackup({ id: 'e', status: 'Success', startedAt: '2026-01-01T02:00:00+02:00' }).startedAt).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });
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
    [{ id: 'e', status: 'Success', endedAt: '+275760-09-13T00:00:00.000Z' }, 'execution.endedAt'],
    [{ id: 'e', status: 'Success', size: 'big' }, 'execution.size'],
    [{ id: 'e', status: 'Success', size: 1.5 }, 'execution.size'],
    [{ id: 'e', status: 'Success', duration: -1, endedAt: '2026-01-01T00:00:00Z' }, 'execution.duration'],
    [{ id: 'e', status: 'Success', job: 'x' }, 'execution.job'],
    [{ id: 'e', status: 'Success', metadata: '{oops' }, 'execution.metadata'],
    [{ id: 'e', status: 'Success', metadata: '[1]' }, 'execution.metadata'],
    [{ id: 'e', status: 'Success', metadata: { names: 'db' } }, 'execution.metadata.names'],
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
