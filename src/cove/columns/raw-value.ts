/**
 * How a raw Settings value is turned into text and unwrapped when it arrives as an array.
 *
 * @module
 */
import { jsonText } from '../../core/json-text';

/**
 * The text kept as `raw` for a server value: strings as they are, numbers and booleans via
 * `String`, and anything else (arrays, objects, `null`) JSON-stringified.
 */
export function rawValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === undefined) return '';
  // Never throws: a value nested too deep to stringify is cut (see core/json-text).
  return jsonText(value);
}

/**
 * The value to decode: values sometimes arrive as arrays and, like cove-cli, the SDK decodes
 * element `[0]` (an empty array yields `undefined`). The caller keeps the whole array via
 * {@link rawValueText}. Runs once per value of every row, so it allocates nothing.
 */
export function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
