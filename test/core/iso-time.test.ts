/** `isoFromUnixSeconds` is `new Date(seconds * 1000).toISOString()`, computed without a Date. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoFromUnixSeconds } from '../../src/core/iso-time';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 10_000);
const viaDate = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('isoFromUnixSeconds', () => {
  it('equals the Date form for every whole second of years 1970–9999, and beyond', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 253_402_300_799 }),
          fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
          fc.double({ min: 0, max: 4e9, noNaN: true }),
          fc.integer({ min: 253_402_300_800, max: 8.64e12 }),
        ),
        (seconds) => {
          expect(isoFromUnixSeconds(seconds)).toBe(viaDate(seconds));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gets the edges right: the epoch, leap days, century years, the last second of 9999', () => {
    for (const text of [
      '1970-01-01T00:00:00.000Z',
      '2000-02-29T23:59:59.000Z',
      '2100-03-01T00:00:00.000Z',
      '2024-12-31T23:59:59.000Z',
      '9999-12-31T23:59:59.000Z',
    ]) {
      expect(isoFromUnixSeconds(Date.parse(text) / 1000)).toBe(text);
    }
  });
});
