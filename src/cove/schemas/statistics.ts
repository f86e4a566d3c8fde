/**
 * Raw rows of `EnumerateAccountStatistics` / `EnumerateAccountHistoryStatistics`:
 * `{ AccountId, PartnerId, Flags, Settings: [{code: value}, …] }`, and the `totalStatistics` OUT
 * parameter. Settings values are decoded by the column catalogue, not here.
 *
 * @module
 */
import * as z from 'zod';
import { jsonText } from '../../core/json-text';
import { lenientNumber } from '../../core/lenient';
import { type RecordList, readRecords, recordListSchema } from './records';

/**
 * One statistics row as the server sends it, with `Flags` and `Settings` defaulted to `[]`. Only
 * `AccountId` and `Settings` (an array, or `null`) are required: a row without them cannot be
 * read and is rejected on its own (see `RecordList`), never the whole page.
 */
export interface RawStatisticsRow {
  /** Device (account) id. */
  AccountId: number;
  /**
   * The partner (customer) that owns the device: a descendant of the queried partner. `null` when
   * the row did not carry one.
   */
  PartnerId: number | null;
  /** Account flags, e.g. `AutoDeployed`; `[]` when the server sent `null` or something else. */
  Flags: string[];
  /** Single-key objects, one per column, in no particular order. */
  Settings: unknown[];
  /** Any other field the server sent. */
  [key: string]: unknown;
}

/** Lenient schema of {@link RawStatisticsRow}. */
export const RawStatisticsRowSchema: z.ZodType<RawStatisticsRow> = z.looseObject({
  AccountId: lenientNumber.refine(
    (id) => Number.isSafeInteger(id) && id >= 0,
    'expected a non-negative integer device id',
  ),
  PartnerId: lenientNumber
    .nullish()
    .catch(null)
    .transform((id) => id ?? null),
  Flags: z
    .array(z.string())
    .nullish()
    .catch(null)
    .transform((flags) => flags ?? []),
  Settings: z
    .array(z.unknown(), { error: 'expected an array of {column: value} objects' })
    .nullish()
    .transform((settings) => settings ?? []),
});

const SHAPE_KEYS = new Set(['AccountId', 'PartnerId', 'Flags', 'Settings']);

function isStringArray(value: unknown[]): value is string[] {
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}

/**
 * {@link RawStatisticsRowSchema}'s output for a row of the plain shape Cove sends (numeric ids,
 * string flags, an array of Settings), without zod: a 500-row page is read in a fraction of the
 * time. Anything else returns `undefined`, and the schema reads it (and words its rejection).
 * Same output as the schema: the four fields first, then the other keys in the order sent.
 */
export function readPlainStatisticsRow(record: unknown): RawStatisticsRow | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const input = record as Record<string, unknown>;
  const { AccountId: id, PartnerId: partner, Flags: flags, Settings: settings } = input;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return undefined;
  if (partner != null && (typeof partner !== 'number' || !Number.isFinite(partner))) return undefined;
  if (flags != null && !(Array.isArray(flags) && isStringArray(flags))) return undefined;
  if (!Array.isArray(settings)) return undefined;
  const row: RawStatisticsRow = {
    AccountId: id,
    PartnerId: partner ?? null,
    // The arrays of the parsed response are kept as they are: copying 500 Settings arrays a page
    // measurably slowed paging, and nothing else holds them.
    Flags: flags == null ? [] : flags,
    Settings: settings,
  };
  for (const key in input) {
    if (!Object.hasOwn(input, key) || SHAPE_KEYS.has(key)) continue;
    if (key === '__proto__') return undefined;
    row[key] = input[key];
  }
  return row;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : jsonText(value);

/**
 * `totalStatistics`, flattened to `{ expression: value }`: `null` when no `Totals` were asked for.
 * Cove sends it as an array of single-key objects (an object is accepted too); values stay text.
 */
export const TotalStatisticsSchema = z
  .union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown()), z.string()])
  .nullish()
  .transform((totals): Record<string, string> | null => {
    if (totals === null || totals === undefined || typeof totals === 'string') return null;
    const out: Record<string, string> = {};
    const entries = Array.isArray(totals)
      ? totals.flatMap((entry) => Object.entries(entry))
      : Object.entries(totals);
    for (const [key, value] of entries) {
      Object.defineProperty(out, key, {
        value: text(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  });

/**
 * The `result` object of a statistics call: rows (read one by one; unreadable rows are listed in
 * `result.rejected`) plus the totals OUT parameter.
 */
export const StatisticsResultSchema = z.looseObject({
  result: recordListSchema(RawStatisticsRowSchema, 'AccountId', readPlainStatisticsRow),
  totalStatistics: TotalStatisticsSchema,
});

/** {@link StatisticsResultSchema}'s output. */
export type StatisticsResultOutput = z.output<typeof StatisticsResultSchema>;

/**
 * {@link StatisticsResultSchema}'s output for a result of the plain shape Cove sends (`result` an
 * array or `null`, readable totals), with zod used only for rows that are not plain and for the
 * totals. Anything else returns `undefined`, and the schema reads it (and words its rejection).
 *
 * Why: running a 500-row page through a zod transform made V8 keep every page parsed since the last
 * minor garbage collection alive through it (zod 4.6), so each page was copied and promoted to the
 * old generation, and paging spent several times as long collecting garbage as a plain loop.
 */
export function readPlainStatisticsResult(value: unknown): StatisticsResultOutput | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const input = value as Record<string, unknown>;
  const records = input.result;
  if (records !== null && records !== undefined && !Array.isArray(records)) return undefined;
  let totalStatistics: Record<string, string> | null = null;
  if (input.totalStatistics !== null && input.totalStatistics !== undefined) {
    const totals = TotalStatisticsSchema.safeParse(input.totalStatistics);
    if (!totals.success) return undefined;
    totalStatistics = totals.data;
  }
  const result: RecordList<RawStatisticsRow> = readRecords(
    records as unknown[] | null | undefined,
    RawStatisticsRowSchema,
    'AccountId',
    readPlainStatisticsRow,
  );
  const out: StatisticsResultOutput = { result, totalStatistics };
  for (const key in input) {
    if (!Object.hasOwn(input, key) || key === 'result' || key === 'totalStatistics') continue;
    if (key === '__proto__') return undefined;
    out[key] = input[key];
  }
  return out;
}
