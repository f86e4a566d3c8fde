import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COVE_STATUS_MAP,
  DEFAULT_DBACKUP_STATUS_MAP,
  NormalizeError,
  normalizeRun,
  type RunStatus,
} from '../../src/normalize';

const coveRun = (code: string, statusMap?: Record<string, RunStatus>) =>
  normalizeRun(
    {
      source: 'cove',
      statistics: { accountId: 7, partnerId: 1, raw: { D09F00: code, D09F15: '1732316400' } },
    },
    statusMap ? { statusMap: { cove: statusMap } } : {},
  );
const dbackupRun = (status: string, statusMap?: Record<string, RunStatus>) =>
  normalizeRun(
    { source: 'dbackup', execution: { id: 'e1', jobId: 'j1', status } },
    statusMap ? { statusMap: { dbackup: statusMap } } : {},
  );

describe('Cove status map (D09F00)', () => {
  it.each([
    ['5', 'success'],
    ['8', 'warning'],
    ['2', 'failed'],
    ['6', 'failed'],
    ['10', 'failed'],
    ['3', 'cancelled'],
    ['7', 'missed'],
    ['11', 'warning'],
    ['1', 'running'],
    ['9', 'running'],
    ['12', 'running'],
    ['0', 'unknown'],
    ['4', 'unknown'],
    ['13', 'unknown'],
    ['99', 'unknown'],
    ['abc', 'unknown'],
    ['toString', 'unknown'],
  ] as const)('code %s → %s', (code, expected) => {
    const run = coveRun(code);
    expect(run.status).toBe(expected);
    expect(run.vendorStatus).toBe(code);
    if (expected === 'unknown') expect(run.statusReason).toContain(`Cove status code ${code}`);
    else expect(run.statusReason).toBeUndefined();
  });

  it('reads padded codes ("05") as their number', () => {
    expect(coveRun('05').status).toBe('success');
  });

  it('covers every code in the default map', () => {
    expect(Object.keys(DEFAULT_COVE_STATUS_MAP).sort()).toEqual([
      '1',
      '10',
      '11',
      '12',
      '2',
      '3',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });

  it('applies overrides over the defaults, per source', () => {
    expect(coveRun('11', { '11': 'success' }).status).toBe('success');
    expect(coveRun('8', { '11': 'success' }).status).toBe('warning');
    expect(coveRun('4', { '4': 'failed' }).status).toBe('failed');
    // A DBackup override does not touch Cove.
    const run = normalizeRun(
      { source: 'cove', statistics: { accountId: 7, raw: { D09F00: '3', D09F15: '1' } } },
      { statusMap: { dbackup: { Cancelled: 'failed' } } },
    );
    expect(run.status).toBe('cancelled');
  });
});

describe('DBackup status map', () => {
  it.each([
    ['Success', 'success'],
    ['Partial', 'warning'],
    ['Failed', 'failed'],
    ['Cancelled', 'cancelled'],
    ['Running', 'running'],
    ['Pending', 'pending'],
    ['success', 'unknown'],
    ['Skipped', 'unknown'],
    ['unknown', 'unknown'],
    ['constructor', 'unknown'],
  ] as const)('%s → %s', (status, expected) => {
    const run = dbackupRun(status);
    expect(run.status).toBe(expected);
    expect(run.vendorStatus).toBe(status);
    if (expected === 'unknown')
      expect(run.statusReason).toBe(`DBackup status "${status}" is not in the status map`);
    else expect(run.statusReason).toBeUndefined();
  });

  it('covers every status in the default map', () => {
    expect(Object.keys(DEFAULT_DBACKUP_STATUS_MAP)).toEqual([
      'Success',
      'Partial',
      'Failed',
      'Cancelled',
      'Running',
      'Pending',
    ]);
  });

  it('applies overrides', () => {
    expect(dbackupRun('Cancelled', { Cancelled: 'failed' }).status).toBe('failed');
    expect(dbackupRun('Skipped', { Skipped: 'warning' }).status).toBe('warning');
    expect(dbackupRun('Success', { Cancelled: 'failed' }).status).toBe('success');
  });

  it('rejects an override that is not a status, naming the entry', () => {
    const bad = { statusMap: { dbackup: { Partial: 'ok' } } } as never;
    expect(() => normalizeRun({ source: 'dbackup', execution: { id: 'e', status: 'Partial' } }, bad)).toThrow(
      expect.objectContaining({ name: 'NormalizeError', field: 'options.statusMap.dbackup.Partial' }),
    );
    expect(() =>
      normalizeRun(
        { source: 'dbackup', execution: { id: 'e', status: 'Partial' } },
        { statusMap: { dbackup: [] as never } },
      ),
    ).toThrow(NormalizeError);
  });
});
