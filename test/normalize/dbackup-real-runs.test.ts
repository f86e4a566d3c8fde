/**
 * BackupRun quality for runs as a real DBackup 3.2.0 server reports them: messages for every
 * outcome that is not a success, no duration for a run that never started, destinations from the
 * log when the final metadata was overwritten, and one identity per deleted job.
 */
import { describe, expect, it } from 'vitest';
import { dbackupDetail, normalizeDBackup } from './helpers';

const dbackup = normalizeDBackup;
const detail = dbackupDetail;
const log = (level: string, message: string, stage = 'Uploading') => ({
  timestamp: '2026-11-22T22:41:44.500Z',
  level,
  type: 'general',
  message,
  stage,
});

describe('message', () => {
  it('Cancelled while Pending: the cancellation line (DBackup writes no error)', () => {
    const run = dbackup(detail('executions-get-cancelled-pending-logs'));
    expect(run.message).toBe('Execution was cancelled by user before it started');
  });

  it('Cancelled while Running: the last error-level line, which names what the cancel broke', () => {
    const run = dbackup(detail('executions-get-cancelled-running-logs'));
    expect(run.message).toMatch(/^\[Local Primary\] Local upload failed: ENOENT/);
  });

  it('a cancellation line is used when no error line exists', () => {
    const run = dbackup({
      id: 'e1',
      jobId: 'j1',
      status: 'Cancelled',
      logs: [log('info', 'Job queued', 'Queued'), log('warning', 'Execution was cancelled by user')],
    });
    expect(run.message).toBe('Execution was cancelled by user');
  });

  it('error wins over the log, and the last error line over earlier ones', () => {
    expect(
      dbackup({ id: 'e1', status: 'Failed', error: 'Dump failed', logs: [log('error', 'other')] }).message,
    ).toBe('Dump failed');
    expect(
      dbackup({ id: 'e1', status: 'Failed', logs: [log('error', 'first'), log('error', 'last')] }).message,
    ).toBe('last');
  });
});

describe('duration', () => {
  it('a run cancelled while Pending never started: no duration (not its 510 ms in the queue)', () => {
    const raw = detail('executions-get-cancelled-pending-logs');
    expect(raw).toMatchObject({ status: 'Cancelled', duration: 510 });
    const run = dbackup(raw);
    expect(run.durationMs).toBeUndefined();
    expect(run.endedAt).toBe('2026-11-22T22:42:17.446Z');
  });

  it('a run cancelled while Running keeps its duration', () => {
    expect(dbackup(detail('executions-get-cancelled-running-logs')).durationMs).toBe(72_299);
  });
});

describe('objects from the log when the final metadata was overwritten', () => {
  it('Partial: one destination per upload outcome line, the failed one with its cause', () => {
    const run = dbackup(detail('executions-get-partial-logs'));
    expect(run.objects).toEqual([
      { name: 'Local Primary', type: 'destination', status: 'success' },
      {
        name: 'Local Broken',
        type: 'destination',
        status: 'failed',
        message:
          "Local upload failed: ENOTDIR: not a directory, mkdir '/data/blocker-file/sub/SQLite to Two Destinations'",
      },
    ]);
  });

  it('a destination with only the FAILED line keeps that text; names with brackets survive', () => {
    const run = dbackup({
      id: 'e1',
      jobId: 'j1',
      status: 'Failed',
      logs: [
        log('error', '[S3 [eu]] Upload FAILED: Access Denied'),
        log('info', '[Local] Upload complete: J/f.db'),
      ],
    });
    expect(run.objects).toEqual([
      { name: 'S3 [eu]', type: 'destination', status: 'failed', message: 'Access Denied' },
      { name: 'Local', type: 'destination', status: 'success' },
    ]);
  });

  it('metadata destinations, when DBackup kept them, win over the log', () => {
    const run = dbackup({
      id: 'e1',
      jobId: 'j1',
      status: 'Partial',
      metadata: { destinations: [{ name: 'Local Primary', status: 'success' }] },
      logs: [log('error', '[Local Broken] Upload FAILED: x')],
    });
    expect(run.objects).toEqual([{ name: 'Local Primary', type: 'destination', status: 'success' }]);
  });
});

describe('deleted jobs are never merged into one identity', () => {
  const deleted = (fields: Record<string, unknown>) =>
    dbackup({ id: 'exec-1', jobId: null, type: 'Backup', status: 'Failed', ...fields }).job;

  it('the job id from the runner’s log line: the same identity the job had before it was deleted', () => {
    const logs = [
      log(
        'info',
        '[Runner] Starting initialization for Job ID: 928753f3-0d46-4157-9582-6f98b7dd94dd',
        'Initializing',
      ),
    ];
    expect(deleted({ logs })).toEqual({
      id: '928753f3-0d46-4157-9582-6f98b7dd94dd',
      name: 'Deleted job 928753f3',
      type: 'Backup',
    });
    expect(deleted({ logs, path: 'Big SQLite GZIP/Big_SQLite_GZIP_2026-11-22_22-42-12.db.gz' })).toEqual({
      id: '928753f3-0d46-4157-9582-6f98b7dd94dd',
      name: 'Big SQLite GZIP',
      type: 'Backup',
    });
  });

  it('the name from the backup file’s path (DBackup stores files under `<job name>/`)', () => {
    expect(
      deleted({ status: 'Success', path: 'SQLite to Local/SQLite_to_Local_2026-11-22_22-44-22.db.gz' }),
    ).toEqual({ id: 'deleted-job:SQLite to Local', name: 'SQLite to Local', type: 'Backup' });
  });

  it('with nothing to go by, each run is its own job instead of one shared "deleted-job"', () => {
    const a = dbackup({ id: 'exec-a', jobId: null, type: 'Backup', status: 'Failed' }).job;
    const b = dbackup({ id: 'exec-b', jobId: null, type: 'Backup', status: 'Failed' }).job;
    expect(a).toEqual({ id: 'deleted-job:execution:exec-a', name: 'Deleted job', type: 'Backup' });
    expect(b.id).not.toBe(a.id);
  });
});
