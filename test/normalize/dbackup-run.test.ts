import { describe, expect, it } from 'vitest';
import { DEFAULT_DBACKUP_STATUS_MAP, NormalizeError, normalizeRun } from '../../src/normalize';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from '../dbackup/harness';

const setup = useDBackupMock();

const partialRow = {
  id: IDS.executions.partial,
  type: 'Backup',
  status: 'Partial',
  name: 'SQLite to Two Destinations',
  sub: 'Backup · app.db',
  adapterId: 'sqlite',
  jobId: IDS.jobs.twoDestinations,
  startedAt: '2026-11-22T22:41:44.432Z',
  endedAt: '2026-11-22T22:41:44.554Z',
  durationMs: 122,
  usualMs: null,
  size: 12288,
  copies: { stored: 1, total: 2, failed: ['Local Broken'] },
  note: 'Not stored on Local Broken',
  live: null,
  starter: { key: 'api:sdk-full', kind: 'api', label: 'sdk-full' },
};

describe('normalizeRun with a DBackup 3.4 run', () => {
  it('maps a row: message from note, trigger from the starter, no objects', () => {
    const run = normalizeRun({ source: 'dbackup', run: partialRow });
    expect(run).toMatchObject({
      id: `dbackup:${IDS.executions.partial}`,
      externalId: IDS.executions.partial,
      source: 'dbackup',
      job: { id: IDS.jobs.twoDestinations, name: 'SQLite to Two Destinations', type: 'Backup' },
      status: 'warning',
      vendorStatus: 'Partial',
      startedAt: '2026-11-22T22:41:44.432Z',
      endedAt: '2026-11-22T22:41:44.554Z',
      durationMs: 122,
      sizeBytes: 12288,
      message: 'Not stored on Local Broken',
      trigger: { type: 'Api', label: 'sdk-full' },
      objects: [],
    });
  });

  it('maps a detail: objects from uploads and databases, message from the first error problem', () => {
    const run = normalizeRun({
      source: 'dbackup',
      run: {
        ...partialRow,
        status: 'Failed',
        note: null,
        size: 99,
        databases: ['app.db'],
        problems: [
          { tone: 'warning', title: 'Slow upload', raw: '[Local Primary] slow' },
          { tone: 'error', title: 'Upload failed', raw: '[Local Broken] Upload FAILED: ENOTDIR' },
          { tone: 'error', title: 'Second', raw: 'second error' },
        ],
        uploads: [
          { configId: 'a', name: 'Local Primary', adapterId: 'local-filesystem', state: 'done', error: null },
          {
            configId: 'b',
            name: 'Local Broken',
            adapterId: 'local-filesystem',
            state: 'failed',
            error: 'ENOTDIR',
          },
          { configId: 'c', name: 'S3', adapterId: 's3-aws', state: 'uploading', error: null },
        ],
      },
    });
    expect(run.message).toBe('[Local Broken] Upload FAILED: ENOTDIR');
    expect(run.sizeBytes).toBeUndefined(); // a failed run's size is not a stored backup
    expect(run.objects).toEqual([
      { name: 'Local Primary', type: 'destination', status: 'success' },
      { name: 'Local Broken', type: 'destination', status: 'failed', message: 'ENOTDIR' },
      { name: 'S3', type: 'destination', status: 'unknown' },
      { name: 'app.db', type: 'database', status: 'unknown' },
    ]);
  });

  it('accepts the wrapped detail, keeps unknown statuses and starters, and has no message for a success', () => {
    const wrapped = normalizeRun({
      source: 'dbackup',
      run: {
        success: true,
        data: { ...partialRow, status: 'Exploded', note: null, starter: { kind: 'robot', label: 'R2' } },
      } as never,
    });
    expect(wrapped).toMatchObject({
      status: 'unknown',
      vendorStatus: 'Exploded',
      trigger: { type: 'robot', label: 'R2' },
    });
    expect(wrapped.statusReason).toMatch(/not in the status map/);
    const ok = normalizeRun({
      source: 'dbackup',
      run: { ...partialRow, status: 'Success', note: null, starter: null },
    });
    expect(ok.message).toBeUndefined();
    expect(ok.trigger).toBeUndefined();
    const mapped = normalizeRun(
      { source: 'dbackup', run: { ...partialRow, status: 'Cancelled' } },
      { statusMap: { dbackup: { ...DEFAULT_DBACKUP_STATUS_MAP, Cancelled: 'failed' } } },
    );
    expect(mapped.status).toBe('failed');
  });

  it('throws NormalizeError naming the run field', () => {
    const field = (run: unknown) => {
      try {
        normalizeRun({ source: 'dbackup', run } as never);
      } catch (error) {
        expect(error).toBeInstanceOf(NormalizeError);
        return (error as NormalizeError).field;
      }
      return undefined;
    };
    expect(field(null)).toBe('run');
    expect(field({ ...partialRow, id: '' })).toBe('run.id');
    expect(field({ ...partialRow, startedAt: 'yesterday' })).toBe('run.startedAt');
    expect(field({ ...partialRow, durationMs: -1 })).toBe('run.durationMs');
    expect(field({ ...partialRow, uploads: [{ state: 'done' }] })).toBe('run.uploads[0].name');
    expect(field({ ...partialRow, uploads: 'x' })).toBe('run.uploads');
  });

  it('gives the same id, job, status and times as the 3.2 history for every run of the mock', async () => {
    const { client } = setup({ mock: { version: '3.4' } });
    const history = await client.history.list();
    const page = await client.history.runs.list({ pageSize: 100 });
    expect(page.rows).toHaveLength(history.executions.length);
    for (const entry of history.executions) {
      const fromHistory = normalizeRun({ source: 'dbackup', execution: entry });
      const row = page.rows.find((r) => r.id === entry.id);
      expect(row, entry.id).toBeDefined();
      const fromRow = normalizeRun({ source: 'dbackup', run: row as never });
      const detail = await client.history.runs.get(entry.id);
      const fromDetail = normalizeRun({ source: 'dbackup', run: detail });
      for (const run of [fromRow, fromDetail]) {
        expect(run.id).toBe(fromHistory.id);
        expect(run.job).toEqual(fromHistory.job);
        expect(run.status).toBe(fromHistory.status);
        expect(run.startedAt).toBe(fromHistory.startedAt);
        expect(run.endedAt).toBe(fromHistory.endedAt);
        expect(run.trigger).toEqual(fromHistory.trigger);
      }
      if (entry.status !== 'Success') expect(fromDetail.message, entry.statusText).toBeTruthy();
    }
    const partial = normalizeRun({
      source: 'dbackup',
      run: await client.history.runs.get(IDS.executions.partial),
    });
    expect(partial.objects.filter((o) => o.type === 'destination')).toEqual([
      { name: 'Local Primary', type: 'destination', status: 'success' },
      {
        name: 'Local Broken',
        type: 'destination',
        status: 'failed',
        message: expect.stringMatching(/ENOTDIR/),
      },
    ]);
  });
});
