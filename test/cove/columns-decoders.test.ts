import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeActiveDataSources,
  decodeByteCount,
  decodeColourBar,
  decodeColumn,
  decodeEnum,
  decodeInteger,
  decodeNumber,
  decodeSessionStatus,
  decodeText,
  decodeTimestamp,
  OS_TYPES,
  SESSION_STATUS_NAMES,
  STORAGE_STATUSES,
  UNCATALOGUED_NOTE,
} from '../../src/cove/columns';

describe('decodeSessionStatus', () => {
  it('decodes every documented code', () => {
    expect(SESSION_STATUS_NAMES).toEqual({
      1: 'InProcess',
      2: 'Failed',
      3: 'Aborted',
      5: 'Completed',
      6: 'Interrupted',
      7: 'NotStarted',
      8: 'CompletedWithErrors',
      9: 'InProgressWithFaults',
      10: 'OverQuota',
      11: 'NoSelection',
      12: 'Restarted',
    });
    expect(decodeSessionStatus('5')).toEqual({ code: 5, name: 'Completed', raw: '5' });
    expect(decodeSessionStatus(8)).toEqual({ code: 8, name: 'CompletedWithErrors', raw: '8' });
    expect(decodeSessionStatus(' 2 ')).toEqual({ code: 2, name: 'Failed', raw: ' 2 ' });
  });

  it('keeps undocumented codes and garbage as unknown with the raw value', () => {
    expect(decodeSessionStatus('0')).toEqual({ code: 0, name: 'unknown', raw: '0' });
    expect(decodeSessionStatus('4')).toEqual({ code: 4, name: 'unknown', raw: '4' });
    expect(decodeSessionStatus('13')).toEqual({ code: 13, name: 'unknown', raw: '13' });
    expect(decodeSessionStatus('x')).toEqual({ code: null, name: 'unknown', raw: 'x' });
    expect(decodeSessionStatus('')).toEqual({ code: null, name: 'unknown', raw: '' });
    expect(decodeSessionStatus('5.5')).toEqual({ code: null, name: 'unknown', raw: '5.5' });
    expect(decodeSessionStatus({})).toEqual({ code: null, name: 'unknown', raw: '{}' });
    expect(decodeSessionStatus('toString')).toEqual({ code: null, name: 'unknown', raw: 'toString' });
  });

  it('accepts the text statuses the reporting services send', () => {
    expect(decodeSessionStatus('Completed')).toMatchObject({ code: 5, name: 'Completed' });
    expect(decodeSessionStatus('completedwitherrors')).toMatchObject({ code: 8 });
    expect(decodeSessionStatus('InProcessWithFaults')).toMatchObject({
      code: 9,
      name: 'InProgressWithFaults',
    });
  });

  it('uses element [0] of an array and keeps the array as raw', () => {
    expect(decodeSessionStatus(['5', '2'])).toEqual({ code: 5, name: 'Completed', raw: '["5","2"]' });
  });
});

describe('number decoders', () => {
  it('accept numbers and trimmed numeric strings', () => {
    expect(decodeNumber('42')).toEqual({ ok: true, value: 42 });
    expect(decodeNumber(' 1.5 ')).toEqual({ ok: true, value: 1.5 });
    expect(decodeNumber('-5.5')).toEqual({ ok: true, value: -5.5 });
    expect(decodeNumber('1e3')).toEqual({ ok: true, value: 1000 });
    expect(decodeNumber(7)).toEqual({ ok: true, value: 7 });
    expect(decodeInteger('586755749630')).toEqual({ ok: true, value: 586755749630 });
    expect(decodeByteCount('28349567768726')).toEqual({ ok: true, value: 28349567768726 });
  });

  it('reject garbage without NaN or throwing', () => {
    for (const bad of [
      '',
      '  ',
      'abc',
      '12abc',
      '0x10',
      'NaN',
      'Infinity',
      '1e999',
      '1,5',
      null,
      undefined,
      {},
      true,
      NaN,
    ]) {
      const result = decodeNumber(bad);
      expect(result.ok, String(bad)).toBe(false);
    }
    expect(decodeNumber('abc')).toEqual({ ok: false, reason: 'not a number: "abc"' });
    expect(decodeNumber('')).toEqual({ ok: false, reason: 'empty value' });
  });

  it('reject fractions for integers and negatives for sizes', () => {
    expect(decodeInteger('1.5')).toEqual({ ok: false, reason: 'not an integer: 1.5' });
    expect(decodeByteCount('-1')).toEqual({ ok: false, reason: 'negative size: -1' });
    expect(decodeInteger('-1')).toEqual({ ok: true, value: -1 });
  });

  it('never return NaN for arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = decodeNumber(value);
        return !result.ok || Number.isFinite(result.value);
      }),
    );
  });
});

describe('decodeTimestamp', () => {
  it('converts Unix seconds to ISO 8601 UTC', () => {
    expect(decodeTimestamp('1536906195')).toEqual({ ok: true, value: '2018-09-14T06:23:15.000Z' });
    expect(decodeTimestamp(1536906195)).toEqual({ ok: true, value: '2018-09-14T06:23:15.000Z' });
    expect(decodeTimestamp(['1536906195'])).toEqual({ ok: true, value: '2018-09-14T06:23:15.000Z' });
  });

  it('reads 0 and empty as never (null)', () => {
    for (const never of ['0', 0, '', '  ', ' 0 '])
      expect(decodeTimestamp(never)).toEqual({ ok: true, value: null });
  });

  it('rejects garbage, negatives and out-of-range values', () => {
    expect(decodeTimestamp('yesterday').ok).toBe(false);
    expect(decodeTimestamp('-5').ok).toBe(false);
    expect(decodeTimestamp('1e20').ok).toBe(false);
    expect(decodeTimestamp(null).ok).toBe(false);
  });
});

describe('decodeText', () => {
  it('keeps text and stringifies numbers', () => {
    expect(decodeText('computerName')).toEqual({ ok: true, value: 'computerName' });
    expect(decodeText('')).toEqual({ ok: true, value: '' });
    expect(decodeText(12)).toEqual({ ok: true, value: '12' });
    expect(decodeText(null)).toEqual({ ok: false, reason: 'null value' });
    expect(decodeText({ a: 1 }).ok).toBe(false);
  });
});

describe('decodeActiveDataSources', () => {
  it.each([
    ['D1,D2', ['D01', 'D02']],
    ['D01D02', ['D01', 'D02']],
    ['D19D20D05', ['D19', 'D20', 'D05']],
    ['D1D2', ['D01', 'D02']],
    [' D01, D02 ,D9 ', ['D01', 'D02', 'D09']],
    ['D01 D02', ['D01', 'D02']],
    ['D1;D2', ['D01', 'D02']],
    ['D01D01', ['D01']],
    ['FSZ', ['D01', 'D02', 'D10']],
    ['F S', ['D01', 'D02']],
    ['T', ['D09']],
    ['', []],
  ])('%j → %j', (input, expected) => {
    const result = decodeActiveDataSources(input);
    expect(result).toEqual({ ok: true, value: expected });
  });

  it('reports unknown letters and undocumented D-numbers but keeps the rest', () => {
    expect(decodeActiveDataSources('FXq')).toEqual({ ok: true, value: ['D01', 'D04'], notes: ['unknown:q'] });
    expect(decodeActiveDataSources('FR')).toEqual({
      ok: true,
      value: ['D01'],
      notes: ['legacy-only data source R (Removable Media) has no D-code'],
    });
    expect(decodeActiveDataSources('D01D13')).toEqual({
      ok: true,
      value: ['D01'],
      notes: ['unknown data source D13'],
    });
    expect(decodeActiveDataSources('D01,xx')).toEqual({
      ok: true,
      value: ['D01'],
      notes: ['unrecognised text "xx"'],
    });
  });

  it('uses element [0] of an array and rejects non-text', () => {
    expect(decodeActiveDataSources(['D01D02', 'D05'])).toEqual({ ok: true, value: ['D01', 'D02'] });
    expect(decodeActiveDataSources(null)).toEqual({ ok: false, reason: 'null value' });
    expect(decodeActiveDataSources(12).ok).toBe(false);
  });
});

describe('decodeColourBar', () => {
  it('decodes one status per day in server order', () => {
    const bar = '5'.repeat(26) + '82';
    const result = decodeColourBar(bar);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(28);
    expect(result.notes).toBeUndefined();
    expect(result.value[0]).toEqual({ code: 5, name: 'Completed', raw: '5' });
    expect(result.value.at(-2)).toEqual({ code: 8, name: 'CompletedWithErrors', raw: '8' });
    expect(result.value.at(-1)).toEqual({ code: 2, name: 'Failed', raw: '2' });
  });

  it('tolerates other lengths and non-digits', () => {
    const result = decodeColourBar('50x');
    expect(result).toEqual({
      ok: true,
      value: [
        { code: 5, name: 'Completed', raw: '5' },
        { code: 0, name: 'unknown', raw: '0' },
        { code: null, name: 'unknown', raw: 'x' },
      ],
      notes: ['expected 28 days, got 3'],
    });
    expect(decodeColourBar('')).toEqual({ ok: true, value: [] });
    expect(decodeColourBar(null).ok).toBe(false);
  });
});

describe('decodeEnum', () => {
  it('decodes storage statuses including negatives', () => {
    expect(decodeEnum(STORAGE_STATUSES, '-2')).toEqual({ code: -2, name: 'Offline', raw: '-2' });
    expect(decodeEnum(STORAGE_STATUSES, '-1')).toEqual({ code: -1, name: 'Failed', raw: '-1' });
    expect(decodeEnum(STORAGE_STATUSES, '100')).toEqual({ code: 100, name: 'Synchronized', raw: '100' });
  });

  it('keeps unlisted codes and garbage as unknown', () => {
    expect(decodeEnum(OS_TYPES, '7')).toEqual({ code: 7, name: 'unknown', raw: '7' });
    expect(decodeEnum(OS_TYPES, 'laptop')).toEqual({ code: null, name: 'unknown', raw: 'laptop' });
    expect(decodeEnum(OS_TYPES, 'server')).toEqual({ code: 2, name: 'Server', raw: 'server' });
  });
});

describe('decodeColumn', () => {
  it('dispatches by the kind of the column, in any spelling', () => {
    expect(decodeColumn('I1', 'computerName')).toEqual({ ok: true, value: 'computerName' });
    expect(decodeColumn('I14', '586755749630')).toEqual({ ok: true, value: 586755749630 });
    expect(decodeColumn('US', '23630480')).toEqual({ ok: true, value: 23630480 });
    expect(decodeColumn('D9F0', '5')).toEqual({ ok: true, value: { code: 5, name: 'Completed', raw: '5' } });
    expect(decodeColumn('T0', '13')).toEqual({ ok: true, value: { code: 13, name: 'unknown', raw: '13' } });
    expect(decodeColumn('TL', '1536906195')).toEqual({ ok: true, value: '2018-09-14T06:23:15.000Z' });
    expect(decodeColumn('D09F15', '0')).toEqual({ ok: true, value: null });
    expect(decodeColumn('TS', '1536906195')).toEqual({ ok: true, value: '2018-09-14T06:23:15.000Z' });
    expect(decodeColumn('I24', '-3.5')).toEqual({ ok: true, value: -3.5 });
    expect(decodeColumn('I22', '12')).toEqual({ ok: true, value: 12 });
    expect(decodeColumn('I78', 'D01D02')).toEqual({ ok: true, value: ['D01', 'D02'] });
    expect(decodeColumn('AP', 'FSZ')).toEqual({ ok: true, value: ['D01', 'D02', 'D10'] });
    expect(decodeColumn('I36', '-2')).toEqual({ ok: true, value: { code: -2, name: 'Offline', raw: '-2' } });
    expect(decodeColumn('YV', '50')).toEqual({ ok: true, value: { code: 50, name: 'Running', raw: '50' } });
    expect(decodeColumn('I32', '2')).toEqual({ ok: true, value: { code: 2, name: 'Server', raw: '2' } });
    expect(decodeColumn('I59', '2')).toEqual({ ok: true, value: { code: 2, name: 'M365', raw: '2' } });
    expect(decodeColumn('I33', '4')).toEqual({ ok: true, value: { code: 4, name: 'PostSeeding', raw: '4' } });
    expect(decodeColumn('I35', '1')).toEqual({ ok: true, value: { code: 1, name: 'Enabled', raw: '1' } });
    expect(decodeColumn('I84', '8')).toEqual({ ok: true, value: 8 });
    expect(decodeColumn('AA843', 'note')).toEqual({ ok: true, value: 'note' });
    expect(decodeColumn('T7', '3')).toEqual({ ok: true, value: 3 });
    expect(decodeColumn('R0', '5')).toMatchObject({ ok: true, value: { name: 'Completed' } });
  });

  it('decodes the colour bar', () => {
    const result = decodeColumn('TB', '5825');
    expect(result.ok && result.value.map((day) => day.name)).toEqual([
      'Completed',
      'CompletedWithErrors',
      'Failed',
      'Completed',
    ]);
  });

  it('reports malformed values instead of throwing', () => {
    expect(decodeColumn('I14', 'lots')).toEqual({ ok: false, reason: 'not a number: "lots"' });
    expect(decodeColumn('D09F09', 'yesterday').ok).toBe(false);
    expect(decodeColumn('D09F00', null)).toEqual({ ok: false, reason: 'null value' });
    expect(decodeColumn('I32', [])).toEqual({ ok: false, reason: 'no value' });
    expect(decodeColumn('I1', [])).toEqual({ ok: false, reason: 'no value' });
  });

  it('uses element [0] of arrays and keeps the array as raw for statuses', () => {
    expect(decodeColumn('I14', ['10', '20'])).toEqual({ ok: true, value: 10 });
    expect(decodeColumn('D09F00', ['5'])).toEqual({
      ok: true,
      value: { code: 5, name: 'Completed', raw: '["5"]' },
    });
    expect(decodeColumn('I36', [-2])).toEqual({
      ok: true,
      value: { code: -2, name: 'Offline', raw: '[-2]' },
    });
  });

  it('keeps uncatalogued columns as text with a note', () => {
    expect(decodeColumn('D9F27', '17')).toEqual({ ok: true, value: '17', notes: [UNCATALOGUED_NOTE] });
  });

  it('never throws, whatever the code and value', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('I1', 'I14', 'D09F00', 'TB', 'I78', 'I36', 'TL', 'I24'), fc.string()),
        fc.anything(),
        (code, value) => {
          const result = decodeColumn(code, value);
          return typeof result.ok === 'boolean';
        },
      ),
    );
  });
});
