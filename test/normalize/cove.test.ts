import { describe, expect, it } from 'vitest';
import { decodeSettings } from '../../src/cove/columns';
import {
  type BackupRun,
  BackupRunSchema,
  type CoveApiStatisticsRow,
  type CoveStatisticsRow,
  canonicalCoveCode,
  NormalizeError,
  normalizeRun,
  parseActiveDataSources,
} from '../../src/normalize';
import { deepFreeze, fixture } from './helpers';

const rows = fixture<{ sdkRows: CoveStatisticsRow[]; apiRows: CoveApiStatisticsRow[] }>(
  'normalize/cove-statistics-rows.json',
);
const cove = (statistics: unknown): BackupRun => {
  const run = normalizeRun({ source: 'cove', statistics: deepFreeze(statistics) as CoveStatisticsRow });
  expect(BackupRunSchema.parse(run)).toEqual(run);
  return run;
};

describe('canonicalCoveCode', () => {
  it.each([
    ['D09F00', 'D09F00'],
    ['D9F00', 'D09F00'],
    ['D9F0', 'D09F00'],
    ['d9f15', 'D09F15'],
    ['D1F0', 'D01F00'],
    ['D19F20', 'D19F20'],
    ['T0', 'D09F00'],
    ['TL', 'D09F09'],
    ['TG', 'D09F15'],
    ['T7', 'D09F06'],
    ['T6', 'D09F07'],
    ['TA', 'D09F12'],
    ['TO', 'D09F18'],
    ['F0', 'D01F00'],
    ['G0', 'D19F00'],
    ['TS', 'I6'],
    ['TZ', 'I24'],
    ['AN', 'I1'],
    ['AU', 'I0'],
    ['AR', 'I8'],
    ['MN', 'I18'],
    ['AP', 'I78'],
    ['I01', 'I1'],
    ['I78', 'I78'],
    ['AA843', 'AA843'],
    ['XYZ', 'XYZ'],
  ])('%s → %s', (code, canonical) => {
    expect(canonicalCoveCode(code)).toBe(canonical);
  });
});

describe('parseActiveDataSources (I78)', () => {
  it.each([
    ['D01D02', ['D01', 'D02']],
    ['D1,D2', ['D01', 'D02']],
    ['D19D20D05', ['D19', 'D20', 'D05']],
    ['D01,D09,D01', ['D01']],
    ['FSZ', ['D01', 'D02', 'D10']],
    ['FR', ['D01', 'R']],
    ['', []],
  ])('%s', (value, keys) => {
    expect(parseActiveDataSources(value)).toEqual(keys);
  });
});

describe('normalizeRun: Cove statistics rows', () => {
  it('maps a completed server session (SDK row, padded codes)', () => {
    expect(cove(rows.sdkRows[0])).toEqual({
      id: 'cove:1001:1732316400',
      source: 'cove',
      externalId: '1001:1732316400',
      software: 'Cove Data Protection',
      job: { id: '1001', name: 'acme-fs01' },
      customer: { id: '501', name: 'Acme Corp' },
      host: 'FS01.acme.local',
      status: 'success',
      vendorStatus: '5',
      startedAt: '2024-11-22T23:00:00.000Z',
      durationMs: 1_834_000,
      sizeBytes: 73_400_320,
      errorCount: 0,
      objects: [
        { name: 'Files and Folders', type: 'data-source', status: 'success' },
        { name: 'System State', type: 'data-source', status: 'success' },
      ],
    });
  });

  it('reads unpadded codes and per-source statuses (D1,D10)', () => {
    const run = cove(rows.sdkRows[1]);
    expect(run).toMatchObject({
      id: 'cove:1002:1732320000',
      status: 'warning',
      errorCount: 3,
      sizeBytes: 1_048_576,
      durationMs: 600_000,
    });
    expect(run.objects).toEqual([
      { name: 'Files and Folders', type: 'data-source', status: 'success' },
      { name: 'VssMsSql', type: 'data-source', status: 'warning' },
    ]);
  });

  it('missing session time: the status stays known, the id is a fingerprint, the reason names the columns', () => {
    const run = cove(rows.sdkRows[2]);
    expect(run.id).toMatch(/^cove:1003:fp-[0-9a-f]{16}$/);
    expect(run.idDerivation).toEqual({ method: 'fingerprint', columns: ['D01F00', 'D09F00'] });
    expect(run.status).toBe('success');
    expect(run.vendorStatus).toBe('5');
    // Requested but not returned, and not refused by Cove: "absent", never "restricted".
    expect(run.statusReason).toBe(
      'missing columns: D09F15 (absent), D09F12 (absent); no last session time (D09F15): the id is a fingerprint of the last-session figures',
    );
    expect(run.startedAt).toBeUndefined();
    expect(run.durationMs).toBeUndefined();
    expect(cove(structuredClone(rows.sdkRows[2])).id).toBe(run.id);
  });

  it('a device that never ran has a no-session id and no fabricated fields', () => {
    const run = cove(rows.sdkRows[3]);
    expect(run).toEqual({
      id: 'cove:1004:no-session',
      source: 'cove',
      externalId: '1004:no-session',
      software: 'Cove Data Protection',
      job: { id: '1004', name: 'new-laptop' },
      customer: { id: '503' },
      host: 'LAPTOP-1',
      status: 'unknown',
      vendorStatus: '0',
      statusReason:
        'the device has no backup session yet (D09F15 is empty or 0); Cove status code 0 is not in the status map',
      objects: [],
    });
  });

  it('a device that never ran carries no zero duration, size or error count even when Cove sends them', () => {
    const row = rows.sdkRows[3]!;
    const withZeros = { ...row, raw: { ...row.raw, D09F12: '0', D09F05: '0', D09F06: '0' } };
    const run = cove(withZeros);
    expect(run).not.toHaveProperty('durationMs');
    expect(run).not.toHaveProperty('sizeBytes');
    expect(run).not.toHaveProperty('errorCount');
  });

  it('reads legacy codes from a raw API row (M365 device)', () => {
    const run = cove(rows.apiRows[0]);
    expect(run).toMatchObject({
      id: 'cove:2001:1732323600',
      job: { id: '2001', name: 'initech-m365' },
      customer: { id: '601', name: 'Initech' },
      status: 'failed',
      vendorStatus: '2',
      durationMs: 95_000,
      errorCount: 12,
      sizeBytes: 0,
    });
    expect(run.objects).toEqual([
      { name: 'Microsoft 365 Exchange', type: 'data-source', status: 'failed' },
      { name: 'Microsoft 365 OneDrive', type: 'data-source', status: 'success' },
      { name: 'Microsoft 365 SharePoint', type: 'data-source', status: 'success' },
    ]);
  });

  it('legacy I78 letters, running session, unknown status for a data source without its column', () => {
    const run = cove(rows.apiRows[1]);
    expect(run.status).toBe('running');
    expect(run.objects).toEqual([
      { name: 'Files and Folders', type: 'data-source', status: 'running' },
      { name: 'System State', type: 'data-source', status: 'unknown' },
    ]);
  });

  it('gives the same run for the SDK row and the equivalent API row', () => {
    const sdk = rows.sdkRows[0]!;
    const api = {
      AccountId: sdk.accountId,
      PartnerId: sdk.partnerId,
      Flags: sdk.flags,
      Settings: Object.entries(sdk.raw).map(([code, value]) => ({ [code]: value })),
    };
    expect(cove(api)).toEqual(cove(sdk));
  });

  it('without I78, data sources come from their non-empty D<nn>F00 columns', () => {
    const run = cove({
      accountId: 5,
      raw: { D09F00: '5', D09F15: '100', D19F00: '5', D01F00: '8', D20F00: '', D09F01: '1' },
    });
    expect(run.objects.map((o) => [o.name, o.status])).toEqual([
      ['Files and Folders', 'warning'],
      ['Microsoft 365 Exchange', 'success'],
    ]);
  });

  it('falls back to the computer name, then the device id, for the job name', () => {
    expect(cove({ accountId: 9, raw: { I18: 'HOST', D09F00: '5', D09F15: '1' } }).job).toEqual({
      id: '9',
      name: 'HOST',
    });
    expect(cove({ accountId: 9, raw: {} }).job).toEqual({ id: '9', name: '9' });
  });

  it('names the account type from I59 when present', () => {
    expect(cove({ accountId: 9, raw: { I59: '2' } }).job.type).toBe('Microsoft 365');
    expect(cove({ accountId: 9, raw: { I59: 'constructor' } }).job.type).toBeUndefined();
  });

  it('accepts numeric, array and null cells as Cove sometimes sends them', () => {
    const run = cove({
      AccountId: '77',
      Settings: [{ D09F00: 5 }, { D09F15: ['1732316400'] }, { I1: null }, { D09F05: '  42 ' }],
    });
    expect(run).toMatchObject({
      id: 'cove:77:1732316400',
      status: 'success',
      sizeBytes: 42,
      job: { name: '77' },
    });
    expect(run.customer).toBeUndefined();
  });

  it('unwraps array values: JSON text in SDK rows, real arrays in API rows', () => {
    const settings = [
      { I1: ['server-1'] },
      { D09F00: ['5'] },
      { D09F05: ['4096'] },
      { D09F06: [2] },
      { D09F12: ['60'] },
      { D09F15: ['1732316400'] },
      { I78: ['D01'] },
      { D01F00: ['5'] },
    ];
    const api = cove({ AccountId: 77, PartnerId: 10, Settings: settings });
    expect(api).toMatchObject({
      id: 'cove:77:1732316400',
      status: 'success',
      vendorStatus: '5',
      job: { name: 'server-1' },
      sizeBytes: 4096,
      errorCount: 2,
      durationMs: 60_000,
      objects: [{ name: 'Files and Folders', type: 'data-source', status: 'success' }],
    });
    expect(api.statusReason).toBeUndefined();

    // The SDK's CoveClient keeps an array value in `raw` as its JSON text.
    const sdk = cove({
      accountId: 77,
      partnerId: 10,
      raw: {
        I1: '["server-1"]',
        D09F00: '["5"]',
        D09F05: '["4096"]',
        D09F06: '[2]',
        D09F12: '["60"]',
        D09F15: '["1732316400"]',
        I78: '["D01"]',
        D01F00: '["5"]',
      },
    });
    expect(sdk).toEqual(api);

    // The same row through the SDK's own Settings decoder gives the same run.
    const { raw } = decodeSettings(
      settings,
      settings.flatMap((setting) => Object.keys(setting)),
    );
    expect(cove({ accountId: 77, partnerId: 10, raw })).toEqual(api);
  });

  it('an empty or null array cell is absent; other bracketed text is kept as it is', () => {
    for (const [text, array] of [
      ['[]', []],
      ['[null]', [null]],
    ] as const) {
      const run = cove({ accountId: 7, raw: { D09F00: text, D09F15: '1732316400' } });
      expect(run).toEqual(cove({ AccountId: 7, Settings: [{ D09F00: array }, { D09F15: '1732316400' }] }));
      expect(run.vendorStatus).toBeUndefined();
      expect(run.statusReason).toContain('missing columns: D09F00');
    }
    expect(cove({ accountId: 7, raw: { I1: '[prod] web-01' } }).job.name).toBe('[prod] web-01');
    expect(cove({ accountId: 7, raw: { I1: '[{"a":1}]' } }).job.name).toBe('[{"a":1}]');
    expect(() => cove({ accountId: 7, raw: { D09F15: '[[1]]' } })).toThrow(
      expect.objectContaining({ name: 'NormalizeError', field: 'statistics.raw.D09F15' }),
    );
  });

  it('uses the published EnumerateAccountStatistics sample', () => {
    const sample = fixture<{ response: { result: { result: CoveApiStatisticsRow[] } } }>(
      'cove/enumerate-account-statistics-sample.json',
    );
    const runs = sample.response.result.result.map(cove);
    // No D09F15 in the sample: the status still comes from D09F00, the id from a fingerprint of it
    // (D01F07, protected size, is not a session figure); a row with no session column stays unknown.
    expect(runs.map((r) => [r.id.replace(/fp-[0-9a-f]{16}$/, 'fp-…'), r.status, r.vendorStatus])).toEqual([
      ['cove:654321:unknown-session', 'unknown', undefined],
      ['cove:765432:fp-…', 'running', '1'],
      ['cove:876543:fp-…', 'success', '5'],
    ]);
    expect(runs[0]?.statusReason).toMatch(/^missing columns: D09F00 \(absent\), D09F15 \(absent\); /);
    expect(runs[1]?.idDerivation).toEqual({ method: 'fingerprint', columns: ['D09F00'] });
    expect(runs[2]?.objects.map((o) => o.name)).toEqual([
      'Microsoft 365 Exchange',
      'Microsoft 365 OneDrive',
      'Microsoft 365 SharePoint',
    ]);
  });

  describe('bad input throws NormalizeError naming the field', () => {
    it.each([
      [null, 'statistics'],
      ['row', 'statistics'],
      [{ hello: 1 }, 'statistics'],
      [{ raw: {} }, 'statistics.accountId'],
      [{ accountId: -1, raw: {} }, 'statistics.accountId'],
      [{ accountId: 'x', raw: {} }, 'statistics.accountId'],
      [{ accountId: 1 }, 'statistics.raw'],
      [{ accountId: 1, raw: { D09F00: { a: 1 } } }, 'statistics.raw.D09F00'],
      [{ accountId: 1, raw: { D9F15: 'yesterday' } }, 'statistics.raw.D9F15'],
      [{ accountId: 1, raw: { D09F15: '99999999999999' } }, 'statistics.raw.D09F15'],
      [{ accountId: 1, raw: { D09F12: '-5' } }, 'statistics.raw.D09F12'],
      [{ AccountId: 1, Settings: [{ TG: '1' }, { T3: 'x' }, { T5: 'big' }] }, 'statistics.Settings[2].T5'],
      [{ AccountId: 1, Settings: 'nope' }, 'statistics.Settings'],
    ])('%j → %s', (statistics, field) => {
      expect(() => normalizeRun({ source: 'cove', statistics: statistics as never })).toThrow(
        expect.objectContaining({ name: 'NormalizeError', field }),
      );
    });

    it('is an SdkError subclass with a readable message', () => {
      try {
        normalizeRun({ source: 'cove', statistics: { accountId: 1, raw: { D09F15: 'x' } } });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(NormalizeError);
        expect((error as Error).message).toBe(
          'Cannot normalize run: statistics.raw.D09F15: expected a non-negative integer, got "x"',
        );
      }
    });
  });

  it('routes the session input kind to the session normalizer', () => {
    expect(() => normalizeRun({ source: 'cove', session: {} as never, device: {} as never })).toThrow(
      expect.objectContaining({ name: 'NormalizeError', field: 'session.id' }),
    );
  });
});
