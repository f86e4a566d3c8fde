/**
 * Decoders for the scalar kinds: text, numbers, byte counts, bit masks and Unix timestamps. Each
 * accepts the server's string, a plain number, or an array (element `[0]` is used).
 *
 * @module
 */

import { isoFromUnixSeconds } from '../../core/iso-time';
import { type DecodeResult, decoded, failed } from './decode-result';
import { firstValue } from './raw-value';
import type { IsoTimestamp } from './values';

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whether `text` is 1–15 ASCII digits: a safe integer that `Number` reads exactly. */
function isPlainDigits(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > 15) return false;
  for (let i = 0; i < length; i++) {
    const char = text.charCodeAt(i);
    if (char < 48 || char > 57) return false;
  }
  return true;
}

/** Longest raw value quoted in a failure reason. */
const MAX_QUOTED = 40;

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

function describeMissing(value: unknown): string | undefined {
  if (value === undefined) return 'no value';
  if (value === null) return 'null value';
  return undefined;
}

/**
 * Decodes a text column. Numbers and booleans are turned into text; objects, `null` and a missing
 * value fail.
 */
export function decodeText(raw: unknown): DecodeResult<string> {
  const value = firstValue(raw);
  if (typeof value === 'string') return decoded(value);
  if (typeof value === 'number' || typeof value === 'boolean') return decoded(String(value));
  return failed(describeMissing(value) ?? `not text: ${typeof value}`);
}

/**
 * Decodes a finite number from a number or a numeric string (trimmed; decimal or exponent
 * notation; no hex, no `Infinity`). Empty text and garbage fail; `NaN` is never returned.
 */
export function decodeNumber(raw: unknown): DecodeResult<number> {
  const value = firstValue(raw);
  // Most values are plain digit strings ("1536906195"): read those without trim and regex.
  if (typeof value === 'string' && isPlainDigits(value)) return decoded(Number(value));
  if (typeof value === 'number')
    return Number.isFinite(value) ? decoded(value) : failed(`not finite: ${value}`);
  if (typeof value !== 'string') return failed(describeMissing(value) ?? `not a number: ${typeof value}`);
  const text = value.trim();
  if (text === '') return failed('empty value');
  if (!NUMERIC.test(text)) return failed(`not a number: ${quote(value)}`);
  const number = Number(text);
  return Number.isFinite(number) ? decoded(number) : failed(`out of range: ${quote(value)}`);
}

/** Decodes an integer (see {@link decodeNumber}); a fractional value fails. */
export function decodeInteger(raw: unknown): DecodeResult<number> {
  const result = decodeNumber(raw);
  if (!result.ok || Number.isInteger(result.value)) return result;
  return failed(`not an integer: ${result.value}`);
}

/** Decodes a byte count: a non-negative integer. */
export function decodeByteCount(raw: unknown): DecodeResult<number> {
  const result = decodeInteger(raw);
  if (!result.ok || result.value >= 0) return result;
  return failed(`negative size: ${result.value}`);
}

/** Largest Unix time (in seconds) a JavaScript `Date` can hold. */
const MAX_UNIX_SECONDS = 8.64e12;

/**
 * Decodes a Unix timestamp in seconds to an ISO 8601 UTC string. `0`, `"0"`, an empty string and
 * whitespace mean "never" and decode to `null`. Negative or out-of-range times fail.
 *
 * @example
 * decodeTimestamp('1536906195'); // { ok: true, value: '2018-09-14T06:23:15.000Z' }
 * decodeTimestamp('0');          // { ok: true, value: null }
 */
export function decodeTimestamp(raw: unknown): DecodeResult<IsoTimestamp> {
  const value = firstValue(raw);
  if (typeof value === 'string' && value.trim() === '') return decoded(null);
  const seconds = decodeNumber(value);
  if (!seconds.ok) return seconds;
  if (seconds.value === 0) return decoded(null);
  if (seconds.value < 0 || seconds.value > MAX_UNIX_SECONDS) {
    return failed(`timestamp out of range: ${seconds.value}`);
  }
  return decoded(isoFromUnixSeconds(seconds.value));
}
