/**
 * Decoder for the 28-day colour bar (F08 / legacy `?B`).
 *
 * @module
 */
import { type DecodeResult, decoded, failed } from './decode-result';
import { firstValue } from './raw-value';
import { decodeSessionStatus } from './status';
import type { ColourBar } from './values';

/** The number of days N-able documents for the colour bar. */
export const COLOUR_BAR_DAYS = 28;

/**
 * Decodes the colour bar: one status digit per day, decoded with `decodeSessionStatus`.
 *
 * **Order:** the days are returned exactly in the order the server sent them, which public clients
 * treat as oldest first (index 0 = oldest, last = most recent). Call `.toReversed()` for newest
 * first. [U]
 *
 * Tolerant by design: a length other than 28 is accepted (noted), a non-digit character decodes to
 * an `'unknown'` status with the character kept as `raw`, and a `0` day (no backup) is `'unknown'`
 * with code 0. How two-digit statuses (10–12) would be encoded is not known; each digit is read
 * on its own. An empty value decodes to `[]`.
 */
export function decodeColourBar(raw: unknown): DecodeResult<ColourBar> {
  const value = firstValue(raw);
  if (typeof value !== 'string' && typeof value !== 'number') {
    return failed(value == null ? `${value === null ? 'null' : 'no'} value` : `not text: ${typeof value}`);
  }
  const days: ColourBar = [];
  for (const day of String(value).trim()) days.push(decodeSessionStatus(day));
  if (days.length === COLOUR_BAR_DAYS || days.length === 0) return decoded(days);
  return decoded(days, [`expected ${COLOUR_BAR_DAYS} days, got ${days.length}`]);
}
