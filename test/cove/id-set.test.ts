/** The paged walk's de-duplicating id set behaves as a `Set` of numbers for every id. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/cove/id-set';

describe('IdSet', () => {
  it('answers add() like a Set, for small, large, negative, fractional and repeated ids', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 0, max: 0x7fffffff }),
      fc.constantFrom(0x7fffffff, 0x80000000, 2 ** 40, -1, 1.5, Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 3000 }), (ids) => {
        const set = new IdSet();
        const reference = new Set<number>();
        for (const value of ids) {
          expect(set.add(value)).toBe(!reference.has(value));
          reference.add(value);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('holds 100,000 consecutive ids (the table grows) and refuses each a second time', () => {
    const set = new IdSet();
    for (let i = 0; i < 100_000; i++) expect(set.add(1_000_000 + i)).toBe(true);
    for (let i = 0; i < 100_000; i += 997) expect(set.add(1_000_000 + i)).toBe(false);
  });
});
