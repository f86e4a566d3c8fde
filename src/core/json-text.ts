/**
 * JSON text of a server value that never throws: a value nested too deep for `JSON.stringify`
 * (a hostile `[[[[…` body) is cut at a fixed depth instead of escaping as a raw `RangeError`.
 *
 * @module
 */

/** Nesting kept when a value is too deep to stringify whole. */
const MAX_DEPTH = 32;

/** What a part nested deeper than the SDK keeps is replaced with. */
export const TOO_DEEP_MARKER = '[nested too deep]';

function cut(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP_MARKER;
  if (Array.isArray(value)) return value.map((item) => cut(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== '__proto__') out[key] = cut(item, depth + 1);
  }
  return out;
}

/**
 * `JSON.stringify(value)`, or, when that overflows the stack, the JSON of `value` with every part
 * deeper than 32 levels replaced by {@link TOO_DEEP_MARKER}. Returns `''` for `undefined`.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    try {
      return JSON.stringify(cut(value, 0)) ?? '';
    } catch {
      return TOO_DEEP_MARKER;
    }
  }
}
