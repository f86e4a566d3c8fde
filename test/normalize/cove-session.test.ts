/**
 * `normalizeRun({ source: 'cove', session, device, errors? })`: ids, status mapping (running,
 * Completed-with-errors), error counts when `errors` and `ErrorsCount` disagree either way,
 * messages, objects and the device forms.
 */
import { describe, expect, it } from 'vitest';
import type { CoveSession, CoveSessionError } from '../../src/cove';
import { decodeDataSource, decodeReportingStatus } from '../../src/cove';
import { BackupRunSchema, NormalizeError, normalizeRun } from '../../src/normalize';

function session(overrides: Partial<CoveSession> = {}): CoveSession {
  return {
    id: 826,
    deviceId: 72896,
    service: 'repserv',
    dataSource: decodeDataSource('FileSystem'),
    status: decodeReportingStatus('Completed'),
    startTime: 1_764_547_200,
    endTime: 1_764_548_100,
    backupStartTime: 1_764_547_200,
    errorsCount: 0,
    selectedCount: 1000,
    processedCount: 12,
    changedCount: 12,
    removedCount: 0,
    selectedSize: 5_000_000,
    processedSize: 40_000,
    changedSize: 40_000,
    sentSize: 12_345,
    flags: ['Synchronized'],
    type: 'BatchBackup',
    buildVersion: '25.10.0.25286',
    raw: {},
    ...overrides,
  };
}

function error(text: string, count = 1): CoveSessionError {
  return {
    id: 1,
    sessionId: 826,
    code: 5,
    text,
    fileName: 'C:\\x',
    item: null,
    time: 1_764_547_300,
    count,
    raw: {},
  };
}

const device = { id: 72896, name: 'test-device', partnerId: 33495, partnerName: 'Acme', host: 'ACME-WS001' };

describe('normalizeRun for Cove sessions', () => {
  it('maps a clean completed session', () => {
    const run = normalizeRun({ source: 'cove', session: session(), device });
    expect(run).toEqual({
      id: 'cove:72896:session-826',
      source: 'cove',
      externalId: '72896:session-826',
      software: 'Cove Data Protection',
      job: { id: '72896', name: 'test-device' },
      customer: { id: '33495', name: 'Acme' },
      host: 'ACME-WS001',
      status: 'success',
      vendorStatus: 'Completed',
      startedAt: '2025-12-01T00:00:00.000Z',
      endedAt: '2025-12-01T00:15:00.000Z',
      durationMs: 900_000,
      sizeBytes: 12_345,
      errorCount: 0,
      objects: [{ name: 'Files and Folders', type: 'data-source', status: 'success' }],
    });
    expect(BackupRunSchema.parse(run)).toEqual(run);
  });

  it('Completed with errors is a warning whose message is the first error text', () => {
    const run = normalizeRun({
      source: 'cove',
      session: session({ errorsCount: 4 }),
      device,
      errors: [error('Access is denied.', 3), error('The file is in use.')],
    });
    expect(run).toMatchObject({
      status: 'warning',
      errorCount: 4,
      message: 'Access is denied.',
      statusReason: 'Completed with 4 error(s)',
      objects: [{ name: 'Files and Folders', status: 'warning', message: 'Access is denied.' }],
    });
  });

  it('an empty error list against a non-zero ErrorsCount: the errors win', () => {
    const run = normalizeRun({ source: 'cove', session: session({ errorsCount: 7 }), device, errors: [] });
    expect(run.status).toBe('success');
    expect(run.errorCount).toBe(0);
    expect(run.message).toBeUndefined();
    expect(run.statusReason).toBe(
      "Cove's ErrorsCount (7) disagrees with the 0 error(s) it returned; the errors are used",
    );
  });

  it('errors against an ErrorsCount of 0: warning, counted from the errors', () => {
    const run = normalizeRun({
      source: 'cove',
      session: session({ errorsCount: 0 }),
      device,
      errors: [error('VSS snapshot creation failed', 2)],
    });
    expect(run).toMatchObject({ status: 'warning', errorCount: 2, message: 'VSS snapshot creation failed' });
    expect(run.statusReason).toContain('ErrorsCount (0) disagrees with the 2 error(s)');
  });

  it('without errors, ErrorsCount is used; CompletedWithErrors and Failed map as in statistics', () => {
    expect(normalizeRun({ source: 'cove', session: session({ errorsCount: 3 }), device })).toMatchObject({
      status: 'warning',
      errorCount: 3,
    });
    expect(
      normalizeRun({
        source: 'cove',
        session: session({ status: decodeReportingStatus('CompletedWithErrors'), errorsCount: 2 }),
        device,
      }).status,
    ).toBe('warning');
    expect(
      normalizeRun({ source: 'cove', session: session({ status: decodeReportingStatus('Failed') }), device })
        .status,
    ).toBe('failed');
  });

  it('a running session (EndTime 0) is running with no end and no duration', () => {
    for (const raw of ['InProgress', 'InProcess']) {
      const run = normalizeRun({
        source: 'cove',
        session: session({ status: decodeReportingStatus(raw), endTime: null }),
        device,
      });
      expect(run.status).toBe('running');
      expect(run.endedAt).toBeUndefined();
      expect(run.durationMs).toBeUndefined();
      expect(run.objects[0]?.status).toBe('running');
    }
  });

  it('an unknown status text stays unknown with a reason and the raw value', () => {
    const run = normalizeRun({
      source: 'cove',
      session: session({ status: decodeReportingStatus('Paused') }),
      device,
    });
    expect(run).toMatchObject({
      status: 'unknown',
      vendorStatus: 'Paused',
      statusReason: 'Cove session status "Paused" is not a known status',
    });
  });

  it('accepts a statistics row as the device, and M365 data sources', () => {
    const run = normalizeRun({
      source: 'cove',
      session: session({ dataSource: decodeDataSource('Exchange', true), service: 'm365' }),
      device: { accountId: 72896, partnerId: 33495, raw: { I1: 'acme-m365-1', I8: 'Acme', I59: '2' } },
    });
    expect(run.job).toEqual({ id: '72896', name: 'acme-m365-1', type: 'Microsoft 365' });
    expect(run.customer).toEqual({ id: '33495', name: 'Acme' });
    expect(run.objects[0]?.name).toBe('Microsoft 365 Exchange');
    const api = normalizeRun({
      source: 'cove',
      session: session(),
      device: { AccountId: 72896, PartnerId: 33495, Settings: [{ I1: 'test-device' }, { I18: 'WS1' }] },
    });
    expect(api).toMatchObject({ job: { name: 'test-device' }, host: 'WS1' });
  });

  it('is pure and rejects unreadable input with NormalizeError', () => {
    const input = { source: 'cove' as const, session: session(), device, errors: [error('x')] };
    const copy = structuredClone(input);
    normalizeRun(input);
    expect(input).toEqual(copy);
    expect(() => normalizeRun({ ...input, device: { id: 1, name: 'other' } })).toThrow(
      expect.objectContaining({ field: 'session.deviceId' }),
    );
    expect(() => normalizeRun({ ...input, errors: [{ count: 1 } as never] })).toThrow(NormalizeError);
    expect(() => normalizeRun({ ...input, device: {} as never })).toThrow(
      expect.objectContaining({ field: 'device' }),
    );
  });
});
