/**
 * Lenient zod building blocks for reading real servers: numbers that arrive as strings, enums
 * that grow new values, JSON that arrives as a string, and fields that are missing or `null`.
 * They validate what the SDK relies on and keep everything else.
 *
 * @module
 */
import * as z from 'zod';

/** The value every lenient enum maps an unlisted server value to. */
export const UNKNOWN = 'unknown' as const;

/** Maps a value to one of `values`, or to `'unknown'` when it is not listed (or not a string). */
function knownOrUnknown<const T extends readonly [string, ...string[]]>(values: T) {
  const known = new Set<string>(values);
  return (value: unknown): T[number] | typeof UNKNOWN =>
    typeof value === 'string' && known.has(value) ? (value as T[number]) : UNKNOWN;
}

/**
 * An enum that never throws on a new server value: listed values pass through, anything else
 * (including a non-string or a missing value) becomes `'unknown'`. Keep the raw value beside it
 * when it matters.
 */
export function lenientEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.unknown().optional().transform(knownOrUnknown(values));
}

/**
 * A lenient enum for a key that must be present as a string: any string is accepted (unlisted
 * values become `'unknown'`), but a missing or non-string value fails with the key's path.
 */
export function requiredLenientEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().transform(knownOrUnknown(values));
}

/** A lenient enum for a nullable value: missing or `null` → `null`; any unlisted value → `'unknown'`. */
export function nullableLenientEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const map = knownOrUnknown(values);
  return z
    .unknown()
    .optional()
    .transform((value) => (value === null || value === undefined ? null : map(value)));
}

/** A finite number, also accepted as a numeric string (`"42"`, `" 1.5 "`). */
export const lenientNumber = z.union([
  z.number().finite(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/, 'expected a number or a numeric string')
    .transform(Number),
]);

/** A boolean, also accepted as `"true"`/`"false"` or `1`/`0`. */
export const lenientBoolean = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((v) => v === 'true'),
  z.literal(1).transform(() => true),
  z.literal(0).transform(() => false),
]);

/**
 * A value that the server sends either as JSON or as a string containing JSON (DBackup stores
 * `logs`, `metadata` and adapter `config` as JSON strings). The string is parsed, then validated
 * against `schema`. A string that is not valid JSON fails validation with a clear message.
 */
export function embeddedJson<S extends z.ZodType>(schema: S) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON or a string containing JSON', input: value });
      return z.NEVER;
    }
  }, schema);
}

/** A string that may also be `null` or missing; both become `null`. */
export const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

/** An ISO 8601 timestamp string (kept as the server sent it). */
export const isoTimestamp = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 timestamp');
