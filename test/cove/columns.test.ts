import { describe, expect, it } from 'vitest';
import {
  canonicalColumn,
  columnInfo,
  DATA_SOURCES,
  DEVICE_COLUMNS,
  isColumnCode,
  listColumns,
  STATISTIC_FIELDS,
} from '../../src/cove/columns';

/** I-codes and aliases copied from cove-api-facts §5.1, independent of the catalogue source. */
const DOCUMENTED_DEVICE_COLUMNS: Record<string, string | undefined> = {
  I0: 'AU',
  I1: 'AN',
  I2: 'AL',
  I3: 'QW',
  I4: 'CD',
  I5: 'ED',
  I6: 'TS',
  I8: 'AR',
  I9: 'PD',
  I10: 'PN',
  I11: 'LN',
  I12: 'AG',
  I13: 'OU',
  I14: 'US',
  I15: 'EM',
  I16: 'OS',
  I17: 'VN',
  I18: 'MN',
  I19: 'IP',
  I20: 'EI',
  I21: 'MA',
  I22: 'DF',
  I23: 'DL',
  I24: 'TZ',
  I26: 'SE',
  I27: 'CC',
  I28: 'E0',
  I29: 'E1',
  I30: 'E2',
  I31: 'UV',
  I32: 'OT',
  I33: 'IS',
  I34: 'AC',
  I35: 'VE',
  I36: 'YS',
  I37: 'YV',
  I38: 'AS',
  I39: 'RU',
  I40: 'DS',
  I41: 'HN',
  I42: 'EN',
  I43: 'ES',
  I44: 'MF',
  I45: 'MO',
  I46: 'II',
  I47: 'IM',
  I48: 'REM',
  I49: 'RDF',
  I50: 'RDL',
  I54: 'OI',
  I55: 'OV',
  I56: 'OP',
  I57: 'KU',
  I58: 'PU',
  I59: 'AT',
  I60: 'PT',
  I62: 'RP',
  I63: 'NC',
  I64: 'AD',
  I65: 'ZP',
  I66: 'CY',
  I67: 'CT',
  I68: 'PH',
  I69: 'FX',
  I70: 'CP',
  I71: 'GN',
  I72: 'DE',
  I73: 'EU',
  I74: 'AI',
  I75: 'IF',
  I76: 'MV',
  I77: 'PF',
  I78: 'AP',
  I80: undefined,
  I81: undefined,
  I82: undefined,
  I84: undefined,
  I85: undefined,
};
const DOCUMENTED_DATA_SOURCES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 23];
const FIELD_LEGACY_CHARS = '0123457' + '6BL89AIRGQJOKM@';

describe('catalogue contents', () => {
  it('has exactly the documented I-codes with their legacy aliases', () => {
    expect(Object.keys(DEVICE_COLUMNS).sort()).toEqual(Object.keys(DOCUMENTED_DEVICE_COLUMNS).sort());
    for (const [code, legacy] of Object.entries(DOCUMENTED_DEVICE_COLUMNS)) {
      expect(columnInfo(code)?.legacy, code).toBe(legacy);
      if (legacy !== undefined) expect(canonicalColumn(legacy), legacy).toBe(code);
    }
  });

  it('names I1 the device name and I0 the device id', () => {
    expect(columnInfo('I1')).toMatchObject({ code: 'I1', name: 'Device name', kind: 'string', legacy: 'AN' });
    expect(columnInfo('I0')).toMatchObject({ code: 'I0', name: 'Device ID', legacy: 'AU' });
  });

  it('has exactly the documented data sources and fields', () => {
    expect(Object.keys(DATA_SOURCES)).toEqual(
      DOCUMENTED_DATA_SOURCES.map((n) => `D${String(n).padStart(2, '0')}`),
    );
    expect(Object.keys(STATISTIC_FIELDS)).toEqual(
      Array.from({ length: 22 }, (_, n) => `F${String(n).padStart(2, '0')}`),
    );
    expect(
      Object.values(STATISTIC_FIELDS)
        .map((f) => f.legacy)
        .join(''),
    ).toBe(FIELD_LEGACY_CHARS);
  });

  it('lists every I-code, every D×F pair and the legacy-only R/K columns', () => {
    const all = listColumns();
    expect(all).toHaveLength(Object.keys(DOCUMENTED_DEVICE_COLUMNS).length + 19 * 22 + 2 * 22);
    expect(new Set(all.map((c) => c.code)).size).toBe(all.length);
    expect(listColumns()).toBe(all);
  });

  it('gives each kind the documented value kind', () => {
    const kinds = Object.fromEntries(
      [
        'I4',
        'I6',
        'I14',
        'I22',
        'I24',
        'I32',
        'I36',
        'I59',
        'I78',
        'I84',
        'I85',
        'D09F00',
        'D09F08',
        'D09F09',
        'D09F12',
        'D09F15',
        'D09F16',
        'D09F17',
        'D09F18',
        'D09F19',
        'D01F06',
        'D01F07',
      ].map((c) => [c, columnInfo(c)?.kind]),
    );
    expect(kinds).toEqual({
      I4: 'timestamp',
      I6: 'timestamp',
      I14: 'bytes',
      I22: 'bitmask',
      I24: 'number',
      I32: 'enum',
      I36: 'enum',
      I59: 'enum',
      I78: 'dataSources',
      I84: 'int',
      I85: 'bytes',
      D09F00: 'status',
      D09F08: 'colourBar',
      D09F09: 'timestamp',
      D09F12: 'int',
      D09F15: 'timestamp',
      D09F16: 'status',
      D09F17: 'status',
      D09F18: 'timestamp',
      D09F19: 'string',
      D01F06: 'int',
      D01F07: 'bytes',
    });
  });

  it('describes a composed statistic column', () => {
    expect(columnInfo('D9F0')).toEqual({
      code: 'D09F00',
      name: 'Total — Last Session Status',
      kind: 'status',
      legacy: 'T0',
      dataSource: { code: 'D09', name: 'Total', legacy: 'T' },
      field: { code: 'F00', name: 'Last Session Status' },
      notes: ['Aggregate over all data sources.'],
    });
    expect(columnInfo('D12F12')?.notes).toEqual([
      'Deprecated by N-able (2025-12-26).',
      'Seconds, unconfirmed [U].',
    ]);
  });

  it('gives the enum tables with the columns', () => {
    expect(columnInfo('I36')?.values).toMatchObject({ [-2]: 'Offline', [-1]: 'Failed', 50: 'Running' });
    expect(columnInfo('YV')?.values).toBe(columnInfo('I36')?.values);
  });

  it('describes legacy-only and custom columns', () => {
    expect(columnInfo('R0')).toMatchObject({
      code: 'R0',
      legacy: 'R0',
      kind: 'status',
      dataSource: { code: null, name: 'Removable Media', legacy: 'R' },
      field: { code: 'F00' },
    });
    expect(columnInfo('K7')).toMatchObject({
      name: 'Linux System State — Last Session Errors Count',
      kind: 'int',
    });
    expect(columnInfo('AA843')).toEqual({ code: 'AA843', name: 'Custom column 843', kind: 'string' });
  });
});

describe('canonicalColumn', () => {
  it('round-trips every catalogue entry and its legacy alias', () => {
    for (const info of listColumns()) {
      expect(canonicalColumn(info.code)).toBe(info.code);
      if (info.legacy !== undefined) expect(canonicalColumn(info.legacy), info.legacy).toBe(info.code);
      expect(columnInfo(info.code)).toEqual(info);
    }
  });

  it('treats padded and unpadded spellings as the same column', () => {
    for (const spelling of ['D09F00', 'D9F00', 'D9F0', 'D09F0', 'T0'])
      expect(canonicalColumn(spelling)).toBe('D09F00');
    expect(canonicalColumn('D1F6')).toBe('D01F06');
    expect(canonicalColumn('D19F20')).toBe('D19F20');
    expect(canonicalColumn('D5F0')).toBe('D05F00');
  });

  it('resolves the legacy examples of the docs', () => {
    const expected = {
      T0: 'D09F00',
      TL: 'D09F09',
      TG: 'D09F15',
      T7: 'D09F06',
      T3: 'D09F03',
      T6: 'D09F07',
      TB: 'D09F08',
      TJ: 'D09F17',
      TO: 'D09F18',
      TQ: 'D09F16',
      TA: 'D09F12',
      TM: 'D09F20',
      'T@': 'D09F21',
      F0: 'D01F00',
      FL: 'D01F09',
      F7: 'D01F06',
      S0: 'D02F00',
      SL: 'D02F09',
      Z0: 'D10F00',
      H0: 'D14F00',
      G0: 'D19F00',
      J0: 'D20F00',
      GM: 'D19F20',
    };
    for (const [legacy, code] of Object.entries(expected)) expect(canonicalColumn(legacy), legacy).toBe(code);
  });

  it('lets device aliases win: TS is I6 and TZ is I24, not Total columns', () => {
    expect(canonicalColumn('TS')).toBe('I6');
    expect(canonicalColumn('TZ')).toBe('I24');
    expect(columnInfo('TS')?.kind).toBe('timestamp');
    expect(canonicalColumn('AN')).toBe('I1');
    expect(canonicalColumn('AP')).toBe('I78');
  });

  it('keeps the swapped legacy chars of F06 (errors) and F07 (protected size)', () => {
    expect(canonicalColumn('T7')).toBe('D09F06');
    expect(columnInfo('T7')?.field?.name).toBe('Last Session Errors Count');
    expect(canonicalColumn('T6')).toBe('D09F07');
    expect(columnInfo('T6')?.field?.name).toBe('Protected Size');
    expect(columnInfo('D09F06')?.legacy).toBe('T7');
  });

  it('maps the shared S letter to D02 and gives D07 no legacy alias', () => {
    expect(canonicalColumn('S0')).toBe('D02F00');
    expect(columnInfo('D02F00')?.legacy).toBe('S0');
    expect(columnInfo('D07F00')?.legacy).toBeUndefined();
    expect(columnInfo('D07F00')?.dataSource?.legacy).toBeUndefined();
    expect(columnInfo('D05F00')?.legacy).toBeUndefined();
  });

  it('accepts custom AA columns and drops leading zeros', () => {
    expect(canonicalColumn('AA843')).toBe('AA843');
    expect(canonicalColumn('AA0843')).toBe('AA843');
    expect(canonicalColumn('AA0')).toBe('AA0');
  });

  it('rejects typos, absent codes and undocumented codes', () => {
    for (const bad of [
      '',
      'I7',
      'I25',
      'I79',
      'I83',
      'D13F00',
      'D09F22',
      'D09F99',
      'D009F00',
      'Do9F00',
      'd09f00',
      'i1',
      'T',
      'TX',
      'AA',
      'AAx',
      'AA-1',
      'D9F27',
      'ER',
      ' I1',
      'D23F23',
      'toString',
      '__proto__',
      'constructor',
    ]) {
      expect(canonicalColumn(bad), bad).toBeUndefined();
      expect(isColumnCode(bad), bad).toBe(false);
    }
  });

  it('never throws on non-string input', () => {
    for (const value of [undefined, null, 5, {}, []]) {
      expect(canonicalColumn(value as unknown as string)).toBeUndefined();
      expect(isColumnCode(value)).toBe(false);
    }
  });

  it('isColumnCode accepts every spelling', () => {
    for (const code of ['I1', 'AN', 'D9F0', 'D09F00', 'T0', 'TS', 'R0', 'AA843'])
      expect(isColumnCode(code), code).toBe(true);
  });
});
