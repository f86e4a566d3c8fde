/**
 * Lists read record by record: one malformed record never costs the rest. Each record is validated
 * on its own; the good ones are kept in order and each bad one is reported as a
 * {@link RejectedRecord} (its position and why) on the list's `rejected`.
 *
 * @module
 */
import * as z from 'zod';
import { formatPath } from '../../core/validate';

/** A record the server sent that the SDK could not read, so it was left out of the result. */
export interface RejectedRecord {
  /**
   * Its position: in the server's array for a list, or its record number in the whole result set
   * (`StartRecordNumber` + position on the page) for statistics rows.
   */
  index: number;
  /** Why it was rejected, e.g. `AccountId: expected a number or a numeric string`. */
  reason: string;
  /** Every validation issue, `path: message` (never the values, which may be secrets). */
  issues: string[];
  /** The record's id (`AccountId` or `Id`) when it could be read, to find it in the Cove console. */
  id?: number | undefined;
}

/** An array of the records that passed, with the ones that did not in `rejected`. */
export type RecordList<T> = T[] & {
  /** Records left out because they could not be read, in server order; empty when all were good. */
  readonly rejected: RejectedRecord[];
};

/** Builds a {@link RecordList}: `items` with a `rejected` property (not serialised by `JSON.stringify`). */
export function recordList<T>(items: T[], rejected: RejectedRecord[] = []): RecordList<T> {
  return Object.defineProperty(items, 'rejected', { value: rejected, enumerable: false }) as RecordList<T>;
}

function readId(record: unknown, key: string): number | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const value = (record as Record<string, unknown>)[key];
  const id = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

/**
 * A lenient list of `schema` records: `null` or missing is an empty list, and each element is
 * validated on its own. A bad element becomes a {@link RejectedRecord} naming `idKey` when readable.
 *
 * `readPlain`, for lists read in bulk (statistics pages), reads a record that has exactly the
 * expected plain shape without zod and returns `undefined` for anything else, which `schema` then
 * reads. It must give the same output as `schema` for every record it accepts.
 */
export function recordListSchema<T>(
  schema: z.ZodType<T>,
  idKey: string,
  readPlain?: (record: unknown) => T | undefined,
): z.ZodType<RecordList<T>> {
  return z
    .array(z.unknown())
    .nullish()
    .transform((records) => readRecords(records, schema, idKey, readPlain)) as unknown as z.ZodType<
    RecordList<T>
  >;
}

/**
 * What {@link recordListSchema} gives for an array (or `null`/`undefined`, an empty list), without
 * zod around the array itself: for lists read in bulk, whose size makes that wrapper costly.
 */
export function readRecords<T>(
  records: readonly unknown[] | null | undefined,
  schema: z.ZodType<T>,
  idKey: string,
  readPlain?: (record: unknown) => T | undefined,
): RecordList<T> {
  const items: T[] = [];
  const rejected: RejectedRecord[] = [];
  const list = records ?? [];
  for (let index = 0; index < list.length; index++) {
    const record = list[index];
    const plain = readPlain?.(record);
    if (plain !== undefined) {
      items.push(plain);
      continue;
    }
    const parsed = schema.safeParse(record);
    if (parsed.success) {
      items.push(parsed.data);
      continue;
    }
    const issues = parsed.error.issues.map(
      (issue) => `${formatPath(issue.path) || '(record)'}: ${issue.message}`,
    );
    const id = readId(record, idKey);
    rejected.push({
      index,
      reason: issues.slice(0, 3).join('; '),
      issues,
      ...(id === undefined ? {} : { id }),
    });
  }
  return recordList(items, rejected);
}

/**
 * A field the SDK does not rely on: `null` is kept, and a value of an unexpected type is dropped
 * (use {@link dropUndefined} afterwards) rather than failing the whole record.
 */
export function optionalField<T>(schema: z.ZodType<T>) {
  return schema.nullish().catch(undefined);
}

/** Removes keys whose value is `undefined` (left by {@link optionalField}), so absent stays absent. */
export function dropUndefined<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}
