/**
 * The hot paths added for speed (issue 10, Performance) must give exactly what the slow paths give:
 * - statistics rows decode their values on first access, to the same result as `decodeSettings`;
 * - plain statistics rows are read without zod, to the same output as `RawStatisticsRowSchema`;
 * - `normalizeRun` reads a plain SDK row without zod, to the same run as through the schema.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalColumn, decodeColumn, decodeSettings } from '../../src/cove/columns';
import {
  RawStatisticsRowSchema,
  readPlainStatisticsResult,
  readPlainStatisticsRow,
  StatisticsResultSchema,
} from '../../src/cove/schemas/statistics';
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

/**
 * The straightforward one-pass decoder `decodeSettings` used to be (before it was split into a
 * flattening pass and a later decoding pass): the oracle the split version must match exactly.
 */
function referenceDecode(settings: unknown, requested: readonly string[]) {
  const values: Record<string, unknown> = {};
  const raw: Record<string, string> = {};
  const invalid: { code: string; raw: string; reason: string }[] = [];
  const notes: { code: string; note: string }[] = [];
  const set = (target: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  const key = (code: string) =>
    canonicalColumn(code) ??
    code.replace(
      /^D(\d{1,2})F(\d{1,2})$/,
      (_, d: string, f: string) => `D${d.padStart(2, '0')}F${f.padStart(2, '0')}`,
    );
  const targetsOf = (serverCode: string) => {
    const matching = [...new Set(requested)].filter((code) => key(code) === key(serverCode));
    return matching.length > 0 ? matching : [serverCode];
  };
  const text = (value: unknown): string => {
    if (value === undefined) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  };
  if (!Array.isArray(settings)) {
    invalid.push({ code: 'Settings', raw: text(settings), reason: 'Settings is not an array' });
  } else {
    settings.forEach((entry: unknown, position) => {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        invalid.push({
          code: `Settings[${position}]`,
          raw: entry === undefined ? '' : text(entry),
          reason: 'entry is not an object',
        });
        return;
      }
      for (const [serverCode, value] of Object.entries(entry)) {
        if (value === null || value === undefined) continue;
        for (const target of targetsOf(serverCode)) {
          if (Object.hasOwn(raw, target)) {
            if (raw[target] !== text(value))
              invalid.push({ code: target, raw: text(value), reason: 'duplicate column ignored' });
            continue;
          }
          set(raw, target, text(value));
          const result = decodeColumn(serverCode, value);
          if (!result.ok) invalid.push({ code: target, raw: text(value), reason: result.reason });
          else {
            set(values, target, result.value);
            for (const note of result.notes ?? []) notes.push({ code: target, note });
          }
        }
      }
    });
  }
  const missing = [...new Set(requested)].filter((code) => !Object.hasOwn(raw, code));
  return { values, raw, missing, invalid, notes };
}

describe('decodeSettings (a flattening pass, then a decoding pass)', () => {
  it('gives exactly what one pass over Settings gives, order of every list and key included', () => {
    fc.assert(
      fc.property(
        fc.oneof(settings, fc.anything()),
        fc.subarray([...COLUMNS, 'D9F0', '0', '12']),
        (input, columns) => {
          const split = decodeSettings(input, columns);
          const oracle = referenceDecode(input, columns);
          expect(split).toEqual(oracle);
          expect(Object.keys(split.values)).toEqual(Object.keys(oracle.values));
          expect(Object.keys(split.raw)).toEqual(Object.keys(oracle.raw));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('decodeSettings over many rows that share one columns array', () => {
  it('gives each row what one pass gives, whatever shapes the rows before it had', () => {
    // Rows of one page share the columns array, and with it the cached row shapes and scratch
    // arrays: a row must never see anything of the rows decoded before it.
    const shaped = fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constant([{ I1: 'a' }, { D09F00: '5' }, { I14: '10' }]) },
        { weight: 2, arbitrary: fc.constant([{ I1: 'b' }, { D09F00: null }, { I14: '11' }]) },
        { weight: 2, arbitrary: fc.constant([{ D9F0: '2' }, { I1: 'c' }, { I78: 'D01' }]) },
        { weight: 3, arbitrary: settings },
      ),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(shaped, fc.subarray([...COLUMNS, 'D9F0', '0', '12']), (rows, columns) => {
        const decoded = rows.map((row) => decodeSettings(row, columns));
        rows.forEach((row, i) => {
          const oracle = referenceDecode(row, columns);
          expect(decoded[i]).toEqual(oracle);
          expect(Object.keys(decoded[i]!.raw)).toEqual(Object.keys(oracle.raw));
          expect(Object.keys(decoded[i]!.values)).toEqual(Object.keys(oracle.values));
        });
        // Rows of one shape do not share their objects.
        if (decoded.length > 1) {
          expect(decoded[0]!.raw).not.toBe(decoded[1]!.raw);
          expect(decoded[0]!.missing).not.toBe(decoded[1]!.missing);
        }
      }),
      { numRuns: Math.max(100, RUNS / 10) },
    );
  });

  it('keeps decoding right past the cap on remembered row shapes and server spellings', () => {
    const columns = ['I1', 'D09F00'];
    for (let i = 0; i < 200; i++) {
      const row = [{ I1: `n${i}` }, { [`X${i}`]: `${i}` }, ...(i % 3 ? [{ D9F0: '5' }] : [])];
      expect(decodeSettings(row, columns)).toEqual(referenceDecode(row, columns));
    }
    const wide = Array.from({ length: 9_000 }, (_, i) => ({ [`C${i}`]: String(i) }));
    const decoded = decodeSettings(wide, columns);
    expect(Object.keys(decoded.raw)).toHaveLength(9_000);
    expect(decoded.missing).toEqual(['I1', 'D09F00']);
    expect(decodeSettings([{ I1: 'after' }], columns).raw).toEqual({ I1: 'after' });
  });
});

describe('decodeSettings keeps the server order even for keys JavaScript sorts first', () => {
  it('an index-like code met after another is reported after it', () => {
    const decoded = decodeSettings([{ D9F27: 'x' }, { '0': 'y' }, { I14: 'lots' }, { '7': {} }], []);
    expect(decoded.notes.map((n) => n.code)).toEqual(['D9F27', '0']);
    expect(decoded.invalid.map((i) => i.code)).toEqual(['I14', '7']);
    expect(decoded).toEqual(
      referenceDecode([{ D9F27: 'x' }, { '0': 'y' }, { I14: 'lots' }, { '7': {} }], []),
    );
  });
});

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
    expect(row.values).toBe(first); // decoded once; the accessor answers from the decoded result
    expect(Object.getOwnPropertyDescriptor(row, 'values')).toMatchObject({ enumerable: true });
    row.values = { D09F00: 'assigned' } as never; // assigning makes it a plain data property
    expect(Object.getOwnPropertyDescriptor(row, 'values')).toMatchObject({
      value: { D09F00: 'assigned' },
      writable: true,
      enumerable: true,
    });
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

/** Statistics rows as a server might send them: plain, odd, or unreadable. */
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

describe('plain statistics rows are read without zod', () => {
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

describe('statistics results are read without zod around the page', () => {
  const resultLike = fc.record(
    {
      result: fc.oneof(
        fc.array(fc.oneof(rowLike, fc.anything()), { maxLength: 6 }),
        fc.constant(null),
        fc.anything(),
      ),
      totalStatistics: fc.oneof(
        fc.constant(null),
        fc.array(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())), { maxLength: 2 }),
        fc.dictionary(fc.string(), fc.string()),
        fc.string(),
        fc.anything(),
      ),
      OutParam: fc.anything(),
    },
    { requiredKeys: [] },
  );

  it('gives the schema’s output, rejected rows and key order included, or leaves it to the schema', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(resultLike, fc.anything()), (value) => {
        const plain = readPlainStatisticsResult(value);
        if (plain === undefined) return;
        accepted += 1;
        const parsed = StatisticsResultSchema.parse(value);
        expect(plain).toEqual(parsed);
        expect(Object.keys(plain)).toEqual(Object.keys(parsed));
        expect(plain.result.rejected).toEqual(parsed.result.rejected);
        expect(plain.result.map((row) => Object.keys(row))).toEqual(
          parsed.result.map((row) => Object.keys(row)),
        );
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 4);
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
