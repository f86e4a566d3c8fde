/**
 * Small zod helpers shared by the DBackup response schemas, on top of the generic ones in
 * `core/lenient`: keeping the raw text of a mapped enum beside it, enums that may be missing or
 * `null`, and the plain `{ success }` result body.
 *
 * @module
 */
import * as z from 'zod';
import { lenientBoolean } from '../../core/lenient';

/** True for a plain (non-array, non-null) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Copies the raw value of some keys to sibling keys before `schema` runs, so that a lenient enum
 * can map the original key (`status: 'Exploded'` → `'unknown'`) while the sibling keeps the
 * server's text (`statusText: 'Exploded'`).
 *
 * Only keys the body actually has are copied. A sibling key the server itself sent is
 * overwritten by the copy. Non-object bodies pass through untouched (and `schema` reports them).
 *
 * @param schema - The object schema; it must declare each target key, normally as
 *   {@link rawText} or {@link rawTextRequired}.
 * @param copies - Source key → target key, e.g. `{ status: 'statusText', type: 'typeText' }`.
 */
export function withRawText<S extends z.ZodType>(schema: S, copies: Readonly<Record<string, string>>) {
  return z.preprocess((value) => {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = { ...value };
    for (const [from, to] of Object.entries(copies)) {
      if (Object.hasOwn(value, from)) out[to] = value[from];
    }
    return out;
  }, schema);
}

/**
 * The target of a {@link withRawText} copy: the value exactly as sent when it was a string,
 * otherwise `null` (missing, `null`, or not a string).
 */
export const rawText = z
  .unknown()
  .optional()
  .transform((value): string | null => (typeof value === 'string' ? value : null));

/**
 * The target of a {@link withRawText} copy whose source is validated as a required string
 * (see `requiredLenientEnum` in core): typed as `string`, since the parse fails on the source key
 * whenever the server did not send a string.
 */
export const rawTextRequired = z
  .unknown()
  .optional()
  .transform((value): string => (typeof value === 'string' ? value : ''));

/** `schema`, or `null` when the value is missing or `null` (both become `null`). */
export function orNull<S extends z.ZodType>(schema: S) {
  return schema
    .nullish()
    .transform((value): z.output<S> | null => (value === undefined || value === null ? null : value));
}

/** A JSON object with any keys (used for adapter `config` and other free-form JSON). */
export const looseRecord = z.record(z.string(), z.unknown());

/**
 * The body of simple mutations (`DELETE /api/jobs/:id`, `DELETE /api/adapters/:id`,
 * `DELETE /api/storage/:id/files`, `POST /api/settings/system-tasks`): `{ success: true }`,
 * sometimes with a `message`. Unknown keys are kept.
 */
export const dbackupSuccessResultSchema = z.looseObject({
  /** `true` on success (also accepted as `"true"`/`1`). */
  success: lenientBoolean.optional(),
  /** A human-readable message, when the server adds one. */
  message: z.string().optional(),
});

/** A parsed {@link dbackupSuccessResultSchema} body. */
export interface DBackupSuccessResult extends z.output<typeof dbackupSuccessResultSchema> {}

/** A free-form value that could not be read; the server's value is kept in `raw`. */
export interface DBackupUnreadableValue {
  /** Always `true`: the value did not match its schema (e.g. a JSON string that does not parse). */
  unreadable: true;
  /** The value exactly as the server sent it. */
  raw: unknown;
}

/**
 * For free-form objects the SDK does not rely on (metadata): parse with `schema`, and if that fails
 * keep the value as `{ unreadable: true, raw }` instead of failing the whole response. The schema's
 * own (all-optional) keys are then simply absent.
 */
export function readableOrRaw<S extends z.ZodType<Record<string, unknown>>>(schema: S) {
  return z.union([
    schema,
    z.unknown().transform((raw) => ({ unreadable: true, raw }) as DBackupUnreadableValue & z.output<S>),
  ]);
}
