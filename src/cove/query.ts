/**
 * The statistics query as callers write it (camelCase, typed column codes), its validation
 * (a {@link ConfigError} before any request) and its translation to Cove's `AccountStatisticsQuery`.
 *
 * @module
 */
import { describeArgument } from '../core/arguments';
import { ConfigError } from '../core/errors';
import { type ColumnCode, canonicalColumn } from './columns';
import type { AccountStatisticsQueryParams, SelectionMode } from './methods';

/** Default page size of the statistics calls and of paging. */
export const DEFAULT_RECORDS_COUNT = 500;

const SELECTION_MODES: readonly SelectionMode[] = ['Undefined', 'Merged', 'PerInstallation', 'Count'];

/** A statistics query. `columns` drives the row types: `values.D09F00` is a session status. */
export interface AccountStatisticsQuery<C extends readonly ColumnCode[] = readonly ColumnCode[]> {
  /** Partner whose devices are listed; devices of all its descendants are included. */
  partnerId: number;
  /** Column codes in any spelling (`'D09F00'`, `'D9F0'`, `'T0'`, `'AA843'`). At least one. */
  columns: C;
  /** Console filter expression, e.g. `"AT == 1 AND TS > 7.days().ago()"`. */
  filter?: string | undefined;
  /** Row grouping; `Merged` (one row per device) unless you need installations. */
  selectionMode?: SelectionMode | undefined;
  /** Sort order, e.g. `'I1 ASC'`. Give one when paging so pages are stable. */
  orderBy?: string | undefined;
  /** 0-based offset. Default `0`. */
  startRecordNumber?: number | undefined;
  /** Rows to return. Default {@link DEFAULT_RECORDS_COUNT}. */
  recordsCount?: number | undefined;
  /** Totals expressions, e.g. `['COUNT(AT==1)', 'SUM(I14)']`; results in `totalStatistics`. */
  totals?: readonly string[] | undefined;
  /** Partner ids to leave out. */
  excludedPartners?: readonly number[] | undefined;
  /** Label ids to filter on. */
  labels?: readonly number[] | undefined;
}

const isNonNegativeInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Throws a {@link ConfigError} unless `value` is a non-negative integer id. */
export function checkId(value: unknown, name: string, method: string): number {
  if (!isNonNegativeInteger(value)) {
    throw new ConfigError(
      `${method}: \`${name}\` must be a non-negative integer id; got ${describeArgument(value)}.`,
    );
  }
  return value;
}

function checkStringArray(value: unknown, name: string, method: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ConfigError(`${method}: \`${name}\` must be an array of strings.`);
  }
  return [...value];
}

function checkIdArray(value: unknown, name: string, method: string): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every(isNonNegativeInteger)) {
    throw new ConfigError(`${method}: \`${name}\` must be an array of non-negative integer ids.`);
  }
  return [...value];
}

/**
 * Checks the column list: non-empty, every code in the catalogue (any spelling) or a custom
 * `AA<n>`. Exact duplicates are removed; order is kept.
 */
export function checkColumns(columns: unknown, method: string): string[] {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new ConfigError(
      `${method}: \`columns\` must be a non-empty array of column codes, e.g. ['I1', 'D09F00'].`,
    );
  }
  const unknown = columns.filter((code) => typeof code !== 'string' || canonicalColumn(code) === undefined);
  if (unknown.length > 0) {
    throw new ConfigError(
      `${method}: unknown column code(s) ${unknown.map((code) => JSON.stringify(code)).join(', ')}. ` +
        'Use a documented code such as I1 (device name), D09F00 (last session status) or a custom AA<n>; ' +
        'see columnInfo() / listColumns().',
    );
  }
  return [...new Set(columns as string[])];
}

/** A validated query, ready to send (columns are set per call). */
export type CheckedQuery = Omit<AccountStatisticsQueryParams, 'Columns'> & { Columns: string[] };

/**
 * Validates a query and builds Cove's `AccountStatisticsQuery`.
 *
 * @throws ConfigError before any request is sent.
 */
export function checkQuery(query: unknown, method: string): CheckedQuery {
  if (typeof query !== 'object' || query === null) {
    throw new ConfigError(`${method}: pass a query object such as { partnerId, columns: ['I1', 'D09F00'] }.`);
  }
  const q = query as Partial<AccountStatisticsQuery>;
  const partnerId = checkId(q.partnerId, 'partnerId', method);
  const columns = checkColumns(q.columns, method);
  for (const key of ['filter', 'orderBy'] as const) {
    if (q[key] !== undefined && typeof q[key] !== 'string') {
      throw new ConfigError(`${method}: \`${key}\` must be a string.`);
    }
  }
  if (q.selectionMode !== undefined && !SELECTION_MODES.includes(q.selectionMode)) {
    throw new ConfigError(`${method}: \`selectionMode\` must be one of ${SELECTION_MODES.join(', ')}.`);
  }
  const start = q.startRecordNumber ?? 0;
  if (!isNonNegativeInteger(start)) {
    throw new ConfigError(`${method}: \`startRecordNumber\` must be a non-negative integer.`);
  }
  const count = q.recordsCount ?? DEFAULT_RECORDS_COUNT;
  if (!isNonNegativeInteger(count) || count < 1) {
    throw new ConfigError(`${method}: \`recordsCount\` must be a positive integer.`);
  }
  const totals = checkStringArray(q.totals, 'totals', method);
  const excluded = checkIdArray(q.excludedPartners, 'excludedPartners', method);
  const labels = checkIdArray(q.labels, 'labels', method);
  return {
    PartnerId: partnerId,
    Columns: columns,
    Filter: q.filter ?? '',
    SelectionMode: q.selectionMode ?? 'Merged',
    OrderBy: q.orderBy ?? '',
    StartRecordNumber: start,
    RecordsCount: count,
    ...(totals ? { Totals: totals } : {}),
    ...(excluded ? { ExcludedPartners: excluded } : {}),
    ...(labels ? { Labels: labels } : {}),
  };
}
