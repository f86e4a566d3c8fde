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

/** The value to decode, once a possible array wrapper has been removed. */
export interface UnwrappedValue {
  /** Element `[0]` of an array, or the value itself. */
  value: unknown;
  /** Whether the server sent an array. */
  wasArray: boolean;
}

/**
 * Values sometimes arrive as arrays; like cove-cli, the SDK decodes element `[0]` (an empty array
 * yields `undefined`). The caller keeps the whole array via {@link rawValueText}.
 */
export function unwrapArrayValue(value: unknown): UnwrappedValue {
  return Array.isArray(value) ? { value: value[0], wasArray: true } : { value, wasArray: false };
}
