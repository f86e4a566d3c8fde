/**
 * ISO 8601 text of a Unix time in whole seconds, by arithmetic: the same string as
 * `new Date(seconds * 1000).toISOString()` for years 0–9999, in about a third of the time (both
 * Cove paths turn one or more such times into text per device).
 *
 * @module
 */

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Largest whole second whose ISO form has a four-digit year (9999-12-31T23:59:59Z). */
const LAST_FOUR_DIGIT_SECOND = 253_402_300_799;

/**
 * `new Date(seconds * 1000).toISOString()`, computed without a `Date` for whole seconds from 0 to
 * 9999-12-31T23:59:59Z (anything else is left to `Date`).
 */
export function isoFromUnixSeconds(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > LAST_FOUR_DIGIT_SECOND) {
    return new Date(seconds * 1000).toISOString();
  }
  const days = Math.floor(seconds / 86_400);
  let rest = seconds - days * 86_400;
  // Civil date from a day count (H. Hinnant's days_from_civil, inverted), proleptic Gregorian.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.000Z`;
}
