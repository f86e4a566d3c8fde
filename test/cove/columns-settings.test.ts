import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSettings } from '../../src/cove/columns';

interface SampleRow {
  AccountId: number;
  Settings: unknown;
}
const sample = JSON.parse(
  readFileSync(new URL('../fixtures/cove/enumerate-account-statistics-sample.json', import.meta.url), 'utf8'),
) as { request: { params: { query: { Columns: string[] } } }; response: { result: { result: SampleRow[] } } };
const rows = sample.response.result.result;
const requestedInSample = sample.request.params.query.Columns;

describe('decodeSettings on the documented sample', () => {
  it('decodes the rows with the columns the docs request (including the Do9F00 typo)', () => {
    expect(requestedInSample).toEqual(['I1', 'I14', 'I18', 'Do9F00', 'D01F07']);
    const [first, second, third] = rows.map((row) => decodeSettings(row.Settings, requestedInSample));

    expect(first).toEqual({
      values: { I1: 'computerName', I14: 0, I78: ['D01', 'D02'] },
      raw: { I1: 'computerName', I14: '0', I78: 'D01D02' },
      missing: ['I18', 'Do9F00', 'D01F07'],
      invalid: [],
      notes: [],
    });
    // The typo'd Do9F00 cannot match the echoed D09F00, which is kept as an unrequested extra.
    expect(second?.values).toEqual({
      D01F07: 28349567768726,
      D09F00: { code: 1, name: 'InProcess', raw: '1' },
      I1: 'computerName2',
      I14: 586755749630,
      I78: ['D01', 'D02'],
    });
    expect(second?.missing).toEqual(['I18', 'Do9F00']);
    expect(third?.values).toMatchObject({
      D09F00: { code: 5, name: 'Completed', raw: '5' },
      I1: 'computerName3',
      I14: 23630480,
      I78: ['D19', 'D20', 'D05'],
    });
  });

  it('stores the echoed D09F00 under an unpadded or legacy request spelling', () => {
    const decoded = decodeSettings(rows[2]?.Settings, ['D9F0', 'T0', 'AN', 'US', 'AP'] as const);
    expect(decoded.values).toEqual({
      D9F0: { code: 5, name: 'Completed', raw: '5' },
      T0: { code: 5, name: 'Completed', raw: '5' },
      AN: 'computerName3',
      US: 23630480,
      AP: ['D19', 'D20', 'D05'],
    });
    expect(decoded.raw).toEqual({ D9F0: '5', T0: '5', AN: 'computerName3', US: '23630480', AP: 'D19D20D05' });
    expect(decoded.missing).toEqual([]);
  });
});

describe('decodeSettings', () => {
  it('matches a padded echo to an unpadded request and vice versa', () => {
    expect(decodeSettings([{ D09F00: '5' }], ['D9F00']).raw).toEqual({ D9F00: '5' });
    expect(decodeSettings([{ D9F0: '2' }], ['D09F00']).values).toEqual({
      D09F00: { code: 2, name: 'Failed', raw: '2' },
    });
    expect(decodeSettings([{ D9F27: '7' }], ['D09F27']).raw).toEqual({ D09F27: '7' });
  });

  it('reports requested columns the server left out, and invents nothing', () => {
    const decoded = decodeSettings([{ I1: 'pc' }], ['I1', 'D09F09', 'I14']);
    expect(decoded.missing).toEqual(['D09F09', 'I14']);
    expect(Object.keys(decoded.values)).toEqual(['I1']);
    expect(Object.keys(decoded.raw)).toEqual(['I1']);
  });

  it('reports values that fail to decode and keeps their raw text', () => {
    const decoded = decodeSettings(
      [{ I14: 'lots' }, { D09F09: '1536906195' }, { D09F15: '0' }],
      ['I14', 'TL', 'TG'],
    );
    expect(decoded.values).toEqual({ TL: '2018-09-14T06:23:15.000Z', TG: null });
    expect(decoded.raw).toEqual({ I14: 'lots', TL: '1536906195', TG: '0' });
    expect(decoded.invalid).toEqual([{ code: 'I14', raw: 'lots', reason: 'not a number: "lots"' }]);
    expect(decoded.missing).toEqual([]);
  });

  it('uses element [0] of array values and keeps the array as raw', () => {
    const decoded = decodeSettings([{ I14: ['10', '20'] }, { D09F00: ['8'] }], ['I14', 'D09F00']);
    expect(decoded.values).toEqual({
      I14: 10,
      D09F00: { code: 8, name: 'CompletedWithErrors', raw: '["8"]' },
    });
    expect(decoded.raw).toEqual({ I14: '["10","20"]', D09F00: '["8"]' });
  });

  it('passes decoder notes on', () => {
    const decoded = decodeSettings([{ I78: 'FQ?' }, { D9F27: 'x' }], ['I78']);
    expect(decoded.values).toEqual({ I78: ['D01', 'D03'], D9F27: 'x' });
    expect(decoded.notes).toEqual([
      { code: 'I78', note: 'unknown:?' },
      { code: 'D9F27', note: 'column not in the catalogue; value kept as text' },
    ]);
  });

  it('keeps the first of duplicate entries and reports a differing one', () => {
    const decoded = decodeSettings([{ D09F00: '5' }, { D9F00: '5' }, { D09F00: '2' }], ['D09F00']);
    expect(decoded.values).toEqual({ D09F00: { code: 5, name: 'Completed', raw: '5' } });
    expect(decoded.invalid).toEqual([{ code: 'D09F00', raw: '2', reason: 'duplicate column ignored' }]);
  });

  it('accepts multi-key entries', () => {
    expect(decodeSettings([{ I1: 'pc', I14: '5' }], ['I1', 'I14']).values).toEqual({ I1: 'pc', I14: 5 });
  });

  it('never throws on malformed Settings and reports the bad parts', () => {
    for (const settings of [undefined, null, 'I1', 42, { I1: 'pc' }]) {
      const decoded = decodeSettings(settings, ['I1']);
      expect(decoded.values).toEqual({});
      expect(decoded.missing).toEqual(['I1']);
      expect(decoded.invalid).toHaveLength(1);
      expect(decoded.invalid[0]).toMatchObject({ code: 'Settings', reason: 'Settings is not an array' });
    }
    const decoded = decodeSettings([null, 'x', ['I1', 'pc'], 7, { I1: 'pc' }], ['I1']);
    expect(decoded.values).toEqual({ I1: 'pc' });
    expect(decoded.invalid.map((entry) => entry.code)).toEqual([
      'Settings[0]',
      'Settings[1]',
      'Settings[2]',
      'Settings[3]',
    ]);
    expect(decoded.invalid[2]).toEqual({
      code: 'Settings[2]',
      raw: '["I1","pc"]',
      reason: 'entry is not an object',
    });
  });

  it('is safe against prototype keys', () => {
    const settings = JSON.parse('[{"__proto__": "x"}, {"constructor": "y"}]') as unknown;
    const decoded = decodeSettings(settings, []);
    expect(Object.getPrototypeOf(decoded.values)).toBe(Object.prototype);
    expect(decoded.raw).toEqual({ ['__proto__']: 'x', constructor: 'y' });
  });

  it('never throws for arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.string()), (settings, requested) => {
        const decoded = decodeSettings(settings, requested);
        return Array.isArray(decoded.missing) && Array.isArray(decoded.invalid);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.dictionary(
            fc.constantFrom('I1', 'I14', 'D9F0', 'TB', 'I78', 'I36', 'TL', 'AA1', 'X'),
            fc.anything(),
          ),
        ),
        (settings) => {
          const decoded = decodeSettings(settings, ['I1', 'D09F00', 'AP']);
          return decoded.missing.every((code) => !(code in decoded.raw));
        },
      ),
    );
  });
});
