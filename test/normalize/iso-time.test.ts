/**
 * `normalizeRun` passes a DBackup timestamp that is already canonical ISO through unchanged (the
 * fast path); that must be exactly what parsing and printing it again gives, for every string of
 * that shape, real instant or not. (Years past 9999 print as `+010000-…`; they are not canonical and
 * take the slow path, which refuses them as out of range.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalIso } from '../../src/normalize/dbackup';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 10_000);

/** What the slow path does with a canonical-shaped string: the same text, or it is not an instant. */
function slowPath(value: string): string | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const shaped = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    two(14),
    two(32),
    two(25),
    two(61),
    two(61),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(
    ([y, mo, d, h, mi, s, ms]) =>
      `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0')}Z`,
  );

describe('isCanonicalIso', () => {
  it('accepts exactly the canonical strings that parse back to themselves', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          shaped,
          fc
            .date({
              noInvalidDate: true,
              min: new Date('0000-01-01T00:00:00.000Z'),
              max: new Date('9999-12-31T23:59:59.999Z'),
            })
            .map((d) => d.toISOString()),
          fc.string(),
        ),
        (value) => {
          expect(isCanonicalIso(value)).toBe(slowPath(value) === value);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('knows leap years, month lengths and the hour 24', () => {
    expect(isCanonicalIso('2024-02-29T00:00:00.000Z')).toBe(true);
    expect(isCanonicalIso('2023-02-29T00:00:00.000Z')).toBe(false);
    expect(isCanonicalIso('1900-02-29T00:00:00.000Z')).toBe(false);
    expect(isCanonicalIso('2000-02-29T00:00:00.000Z')).toBe(true);
    expect(isCanonicalIso('2026-04-31T00:00:00.000Z')).toBe(false);
    expect(isCanonicalIso('2026-12-04T24:00:00.000Z')).toBe(false);
    expect(isCanonicalIso('2026-12-04T10:00:00Z')).toBe(false); // valid, but not canonical: slow path
  });
});
