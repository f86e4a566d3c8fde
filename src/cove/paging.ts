/**
 * Paging over every statistics row: `StartRecordNumber` advances by the page size until a short
 * page comes back. Only one page is held at a time.
 *
 * Rows can move between pages while paging (a device added or removed shifts the offsets), so a
 * row may be returned twice; the pager remembers the ids it has yielded and skips repeats. That
 * memory is one `Set` entry per device (a few dozen bytes each, so about 5 MB for 100,000 devices),
 * not whole rows.
 *
 * With `selectionMode: 'PerInstallation'` one device has several rows, and two installations of
 * one device may well have identical values, so the device id no longer identifies a row. There
 * the pager only skips rows that repeat across a page boundary: a row whose device id and raw
 * values equal those of a row on the **previous** page. Rows within one page are never
 * de-duplicated. Two identical installations that happen to straddle a page boundary are
 * indistinguishable from a repeat and are yielded once; request a column that tells
 * installations apart, or use a larger page, if that matters.
 *
 * With `onRestricted: 'drop'` each yielded row lists the columns left out as restricted in
 * `row.dropped` (and in `row.missing`).
 *
 * A visa that expires mid-paging is handled by the connection (one shared re-login, then the page
 * is replayed), so paging simply continues.
 *
 * @module
 */
import { ConfigError } from '../core/errors';
import type { ColumnCode } from './columns';
import { type AccountStatisticsQuery, checkQuery, DEFAULT_RECORDS_COUNT } from './query';
import type { StatisticsOptions, StatisticsReader, StatisticsRow } from './statistics';

/** A paged statistics query: like {@link AccountStatisticsQuery} with `pageSize` instead of `recordsCount`. */
export interface IterateAccountStatisticsQuery<C extends readonly ColumnCode[] = readonly ColumnCode[]>
  extends Omit<AccountStatisticsQuery<C>, 'recordsCount'> {
  /** Rows per call. Default {@link DEFAULT_RECORDS_COUNT} (500). */
  pageSize?: number | undefined;
}

/**
 * Validates the query now (so a bad query throws `ConfigError` at the call site, before any
 * request) and returns an async iterable over every row.
 */
export function iterateStatistics<const C extends readonly ColumnCode[]>(
  reader: StatisticsReader,
  query: IterateAccountStatisticsQuery<C>,
  options: StatisticsOptions = {},
): AsyncIterable<StatisticsRow<C>> {
  if (typeof query !== 'object' || query === null) checkQuery(query, 'iterateAccountStatistics');
  const pageSize = query.pageSize ?? DEFAULT_RECORDS_COUNT;
  if (typeof pageSize !== 'number' || !Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new ConfigError('iterateAccountStatistics: `pageSize` must be a positive integer.');
  }
  const { pageSize: _pageSize, ...rest } = query;
  const base: AccountStatisticsQuery<C> = { ...rest, recordsCount: pageSize };
  checkQuery(base, 'iterateAccountStatistics');
  return {
    [Symbol.asyncIterator]: () => pages(reader, base, pageSize, options),
  };
}

async function* pages<C extends readonly ColumnCode[]>(
  reader: StatisticsReader,
  base: AccountStatisticsQuery<C>,
  pageSize: number,
  options: StatisticsOptions,
): AsyncGenerator<StatisticsRow<C>, void, undefined> {
  const perInstallation = base.selectionMode === 'PerInstallation';
  /** Merged: every device id yielded so far. */
  const seen = new Set<number>();
  /** PerInstallation: the keys of the previous page's rows. */
  let previousPage = new Set<string>();
  let start = base.startRecordNumber ?? 0;
  for (;;) {
    const page = await reader.enumerate<C>(
      'EnumerateAccountStatistics',
      { ...base, startRecordNumber: start },
      options,
    );
    let fresh = 0;
    const thisPage = new Set<string>();
    for (const row of page.rows) {
      if (perInstallation) {
        const key = `${row.accountId}:${JSON.stringify(row.raw)}`;
        thisPage.add(key);
        if (previousPage.has(key)) continue;
      } else {
        if (seen.has(row.accountId)) continue;
        seen.add(row.accountId);
      }
      fresh += 1;
      yield row;
    }
    previousPage = thisPage;
    // A short page is the last one. A full page with nothing new means the server ignores the
    // offset; stop rather than loop forever.
    if (page.serverRowCount < pageSize || fresh === 0) return;
    start += pageSize;
  }
}
