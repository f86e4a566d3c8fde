/**
 * The hot paths added for speed (issue 10, Performance) must give exactly what the slow paths give:
 * - statistics rows decode their values on first access, to the same result as `decodeSettings`;
 * - plain statistics rows are read without zod, to the same output as `RawStatisticsRowSchema`;
 * - `normalizeRun` reads a plain SDK row without zod, to the same run as through the schema.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSettings } from '../../src/cove/columns';
import { RawStatisticsRowSchema, readPlainStatisticsRow } from '../../src/cove/schemas/statistics';
import { toStatisticsRow } from '../../src/cove/statistics';
import { NormalizeError, normalizeRun } from '../../src/normalize';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 1_000);

const COLUMNS = ['I1', 'I14', 'I78', 'D09F00', 'D9F15', 'D09F08', 'T7', 'D01F00', 'I32'];
const value = fc.oneof(
  fc.constantFrom('5', '2', '1536906195', '0', '', 'D01D02', 'FSZ', '55285', 'garbage', ' 7 '),
  fc.nat().map(String),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.constantFrom('5', 3, null), { maxLength: 2 }),
  fc.constant({ nested: true }),
);
const code = fc.oneof(
  fc.constantFrom(...COLUMNS, 'D09F15', 'D9F0', 'I18', 'D9F27', '__proto__'),
  fc.string(),
);
const settings = fc.array(
  fc.oneof(
    fc.dictionary(code, value, { minKeys: 1, maxKeys: 2 }),
    fc.constantFrom(null, 'x', 42, [] as unknown[]),
  ),
  { maxLength: 12 },
);

describe('statistics rows decode their values on first access', () => {
  it('to exactly what decodeSettings gives, however the row is read', () => {
    fc.assert(
      fc.property(settings, (Settings) => {
        const eager = decodeSettings(Settings, COLUMNS);
        const raw = { AccountId: 7, PartnerId: 3, Flags: [], Settings };
        const expected = {
          accountId: 7,
          partnerId: 3,
          flags: [],
          values: eager.values,
          raw: eager.raw,
          missing: eager.missing,
          dropped: [],
          invalid: eager.invalid,
          notes: eager.notes,
        };
        const readers = [
          (row: object) => row,
          (row: object) => ({ ...row }),
          (row: object) => JSON.parse(JSON.stringify(row)) as object,
          (row: object) => structuredClone(row),
          (row: object) => Object.fromEntries(Object.entries(row)),
        ];
        for (const read of readers) {
          const row = read(toStatisticsRow(raw, COLUMNS)) as ReturnType<typeof toStatisticsRow>;
          // JSON drops `undefined` and turns odd values into JSON; compare like with like.
          expect(JSON.stringify(row)).toBe(JSON.stringify(expected));
        }
        expect(toStatisticsRow(raw, COLUMNS)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the key order, decodes once, and lets the caller assign', () => {
    const row = toStatisticsRow(
      { AccountId: 1, PartnerId: null, Flags: [], Settings: [{ D09F00: '5' }, { I14: 'lots' }] },
      ['D09F00', 'I14'],
    );
    expect(Object.keys(row)).toEqual([
      'accountId',
      'partnerId',
      'flags',
      'values',
      'raw',
      'missing',
      'dropped',
      'invalid',
      'notes',
    ]);
    const first = row.values;
    expect(row.values).toBe(first); // decoded once, then a plain data property
    expect(Object.getOwnPropertyDescriptor(row, 'values')).toMatchObject({ value: first, writable: true });
    expect(row.invalid).toEqual([{ code: 'I14', raw: 'lots', reason: 'not a number: "lots"' }]);
    const other = toStatisticsRow({ AccountId: 2, PartnerId: null, Flags: [], Settings: [] }, ['I1']);
    other.values = { I1: 'set by the caller' };
    expect(other.values).toEqual({ I1: 'set by the caller' });
    expect(other.missing).toEqual(['I1']);
  });

  it('works on a row frozen before its first access', () => {
    const row = Object.freeze(
      toStatisticsRow({ AccountId: 1, PartnerId: 2, Flags: [], Settings: [{ D09F00: '2' }] }, ['D09F00']),
    );
    expect(row.values.D09F00).toEqual({ code: 2, name: 'Failed', raw: '2' });
    expect(row.notes).toEqual([]);
  });

  it('prints decoded in console.log (util.inspect), with no trace of the accessors', () => {
    const row = toStatisticsRow({ AccountId: 1, PartnerId: 2, Flags: [], Settings: [{ D09F00: '5' }] }, [
      'D09F00',
    ]);
    const shown = inspect(row, { depth: 4 });
    expect(shown).toContain("name: 'Completed'");
    expect(shown).not.toMatch(/Getter|Setter|Symbol/);
  });
});

describe('plain statistics rows are read without zod', () => {
  const rowLike = fc.record(
    {
      AccountId: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant('12'), fc.constant(null)),
      PartnerId: fc.oneof(fc.nat(), fc.constant(null), fc.constant('7'), fc.double(), fc.constant(undefined)),
      Flags: fc.oneof(
        fc.array(fc.string(), { maxLength: 2 }),
        fc.constant(null),
        fc.array(fc.anything(), { maxLength: 2 }),
      ),
      Settings: fc.oneof(settings, fc.constant(null), fc.constant('x')),
      Extra: fc.anything(),
    },
    { requiredKeys: [] },
  );

  it('gives the schema’s output for every row it accepts, and leaves the rest to the schema', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(rowLike, fc.anything()), (record) => {
        const plain = readPlainStatisticsRow(record);
        if (plain === undefined) return;
        accepted += 1;
        const parsed = RawStatisticsRowSchema.parse(record);
        expect(plain).toEqual(parsed);
        expect(Object.keys(plain)).toEqual(Object.keys(parsed));
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('normalizeRun reads plain SDK rows without zod', () => {
  const raw = fc.dictionary(
    fc.constantFrom(
      'I1',
      'I8',
      'I18',
      'I78',
      'D09F00',
      'D9F15',
      'D09F05',
      'D09F06',
      'D09F12',
      'D01F00',
      'T0',
    ),
    fc.oneof(
      fc.constantFrom('5', '2', '0', '', ' 8 ', 'D01D02', '["5"]', '1700000000', 'x'),
      fc.nat().map(String),
      fc.constant(['3']),
      fc.constant(null),
    ),
  );

  it('gives the same run (or the same error) as the schema path', () => {
    fc.assert(
      fc.property(fc.nat(), fc.option(fc.nat(), { nil: null }), raw, (accountId, partnerId, cells) => {
        const fast = { accountId, partnerId, raw: cells, missing: [], dropped: [] };
        // A numeric-string id is not the plain shape, so this one goes through the schema.
        const slow = { ...fast, accountId: String(accountId) as unknown as number };
        const outcome = (row: typeof fast) => {
          try {
            return normalizeRun({ source: 'cove', statistics: row as never });
          } catch (error) {
            expect(error).toBeInstanceOf(NormalizeError);
            return { error: (error as NormalizeError).message };
          }
        };
        expect(outcome(fast)).toEqual(outcome(slow));
      }),
      { numRuns: RUNS },
    );
  });
});
