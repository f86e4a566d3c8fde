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
 * A long walk makes many calls, so it survives failures a single call would not: a page that fails
 * with a transient error, after the transport's own retries, is requested again **from the same
 * offset** (up to `pageRetries` times, default 4, with backoff) instead of ending the walk. Rows
 * are yielded only once a whole page has arrived, so resuming never delivers a row twice or skips
 * one. Every page is a read, so requesting it again is always safe. Transient means: no answer (network
 * error, timeout), HTTP 408/429/5xx, an answer that is not a JSON-RPC response, or a visa still
 * refused after the re-login. A Login that failed in transit (it is never retried within a call)
 * is simply sent again, single-flight as always, by the page's next request; a Login refused for
 * bad credentials (2100) ends the walk at once, as do an abort, a 13501 and every other error.
 *
 * @module
 */
import { checkCallOptions } from '../core/arguments';
import { ConfigError } from '../core/errors';
import type { ColumnCode } from './columns';
import { IdSet } from './id-set';
import { checkPageRetries, type PagingPolicy, readResuming } from './page-resume';
import { type AccountStatisticsQuery, checkQuery, DEFAULT_RECORDS_COUNT } from './query';
import type {
  AccountStatisticsResult,
  StatisticsOptions,
  StatisticsReader,
  StatisticsRow,
} from './statistics';

/** A paged statistics query: like {@link AccountStatisticsQuery} with `pageSize` instead of `recordsCount`. */
export interface IterateAccountStatisticsQuery<C extends readonly ColumnCode[] = readonly ColumnCode[]>
  extends Omit<AccountStatisticsQuery<C>, 'recordsCount'> {
  /** Rows per call. Default {@link DEFAULT_RECORDS_COUNT} (500). */
  pageSize?: number | undefined;
  /**
   * How many times a page that failed with a transient error (no answer, HTTP 408/429/5xx, an
   * answer that is not JSON-RPC, a lost re-login) is requested again from the same offset before
   * the walk throws. Counted per page, on top of each request's own retries; `0` turns resuming
   * off. Default 4 (`DEFAULT_PAGE_RETRIES`).
   */
  pageRetries?: number | undefined;
}

/**
 * Validates the query and options now (so a bad one throws `ConfigError` at the call site, before
 * any request) and returns an async iterable over every row.
 */
export function iterateStatistics<const C extends readonly ColumnCode[]>(
  reader: StatisticsReader,
  query: IterateAccountStatisticsQuery<C>,
  options: StatisticsOptions,
  policy: PagingPolicy,
): AsyncIterable<StatisticsRow<C>> {
  if (typeof query !== 'object' || query === null) checkQuery(query, 'iterateAccountStatistics');
  const pageSize = query.pageSize ?? DEFAULT_RECORDS_COUNT;
  if (typeof pageSize !== 'number' || !Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new ConfigError('iterateAccountStatistics: `pageSize` must be a positive integer.');
  }
  options = checkCallOptions(options, 'iterateAccountStatistics');
  const { signal } = options;
  const pageRetries = checkPageRetries(query.pageRetries, 'iterateAccountStatistics');
  const { pageSize: _pageSize, pageRetries: _pageRetries, ...rest } = query;
  const base: AccountStatisticsQuery<C> = { ...rest, recordsCount: pageSize };
  checkQuery(base, 'iterateAccountStatistics');
  const fetchPage = (start: number, stop: AbortSignal): Promise<AccountStatisticsResult<C>> => {
    const call = { ...options, signal: signal ? AbortSignal.any([signal, stop]) : stop };
    // The page's own signal: a caller who stopped the walk also ends a read-ahead's wait.
    return readResuming(
      () => reader.enumerate<C>('EnumerateAccountStatistics', { ...base, startRecordNumber: start }, call),
      policy,
      pageRetries,
      call.signal,
    );
  };
  return {
    [Symbol.asyncIterator]: () => pages(fetchPage, base, pageSize),
  };
}

/**
 * The rows of every page, de-duplicated. While the rows of a full page are handed out, the next
 * page is already being read, so the caller's work on a page overlaps the wait for the next one.
 * A caller that stops early aborts that read.
 */
async function* pages<C extends readonly ColumnCode[]>(
  fetchPage: (start: number, stop: AbortSignal) => Promise<AccountStatisticsResult<C>>,
  base: AccountStatisticsQuery<C>,
  pageSize: number,
): AsyncGenerator<StatisticsRow<C>, void, undefined> {
  const stop = new AbortController();
  /** Starts reading a page now; its failure is handled when the page is awaited, never lost. */
  const request = (at: number) => {
    const page = fetchPage(at, stop.signal);
    page.catch(() => undefined); // awaited below; this only keeps Node from calling it unhandled
    return page;
  };
  const perInstallation = base.selectionMode === 'PerInstallation';
  /** Merged: every device id yielded so far. */
  const seen = new IdSet();
  /** PerInstallation: the keys of the previous page's rows. */
  let previousPage = new Set<string>();
  let start = base.startRecordNumber ?? 0;
  let next: Promise<AccountStatisticsResult<C>> | undefined = request(start);
  try {
    // The walk goes on while a page is on its way: after a short page none is asked for.
    while (next !== undefined) {
      const page: AccountStatisticsResult<C> = await next;
      // A short page is the last one; a full one may have a successor: ask for it now.
      const full: boolean = page.serverRowCount >= pageSize;
      next = full ? request(start + pageSize) : undefined;
      let fresh = 0;
      const thisPage = new Set<string>();
      for (const row of page.rows) {
        if (perInstallation) {
          const key = `${row.accountId}:${JSON.stringify(row.raw)}`;
          thisPage.add(key);
          if (previousPage.has(key)) continue;
        } else {
          if (!seen.add(row.accountId)) continue;
        }
        fresh += 1;
        yield row;
      }
      previousPage = thisPage;
      // A full page with nothing new means the server ignores the offset; stop rather than loop.
      if (fresh === 0) return;
      start += pageSize;
    }
  } finally {
    // Stopped early (break, error, or the last page): a page still being read is not wanted.
    if (next !== undefined) stop.abort();
  }
}
