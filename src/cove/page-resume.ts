/**
 * Resuming a page of a long walk: a page whose request failed with a transient error, after the
 * transport's own retries, is requested again (it is a read, so that is always safe) instead of
 * ending the walk. Used by `iterateAccountStatistics` and by `sessions()` (storage nodes and M365).
 *
 * @module
 */
import { backoffMs } from '../core/backoff';
import type { Clock } from '../core/clock';
import { ConfigError, NetworkError, TimeoutError } from '../core/errors';
import { RETRY_STATUSES, type RetryOptions } from '../core/http';
import { CoveHttpError, CoveMalformedResponseError, CoveVisaError } from './errors';

/**
 * Default of the walks' `pageRetries`: 4. More than a request's 2 retries because a Login is
 * never retried within a call: when a visa expires mid-walk, the re-login gets one try per page
 * request. At 16% faults, three tries lose 0.4% of re-logins (about one walk in 60, at 4
 * re-logins a walk); five tries lose about one re-login in 10,000.
 */
export const DEFAULT_PAGE_RETRIES = 4;

/**
 * A walk's `pageRetries` option, checked before any request: `undefined` (or `null`) is
 * {@link DEFAULT_PAGE_RETRIES}.
 *
 * @throws ConfigError unless it is a whole number, 0 or more.
 */
export function checkPageRetries(value: unknown, where: string): number {
  const pageRetries = value ?? DEFAULT_PAGE_RETRIES;
  if (typeof pageRetries !== 'number' || !Number.isSafeInteger(pageRetries) || pageRetries < 0) {
    throw new ConfigError(`${where}: \`pageRetries\` must be a whole number, 0 or more.`);
  }
  return pageRetries;
}

/** How a walk waits and how often it may resume a page: the client's retry policy and clock. */
export interface PagingPolicy {
  /** The client's retry options (budget and backoff). */
  retry?: RetryOptions | undefined;
  /** The client's clock, for the wait before a page is requested again. */
  clock: Clock;
}

/**
 * Whether requesting the same page again may succeed where this attempt failed: no answer
 * (network error, timeout), HTTP 408/429/5xx, an answer that is not JSON-RPC, or a visa still
 * refused after the re-login.
 */
export function isTransientPageFailure(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    error instanceof TimeoutError ||
    error instanceof CoveMalformedResponseError ||
    error instanceof CoveVisaError ||
    (error instanceof CoveHttpError && RETRY_STATUSES.includes(error.status))
  );
}

/**
 * Runs `read`, and runs it again after a transient failure, up to `pageRetries` more times with
 * the client's backoff between tries (cut short by `signal`). Any other failure, or the last
 * transient one, is thrown as it is.
 */
export async function readResuming<T>(
  read: () => Promise<T>,
  policy: PagingPolicy,
  pageRetries: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  for (let failures = 0; ; ) {
    try {
      return await read();
    } catch (error) {
      if (!isTransientPageFailure(error) || failures >= pageRetries) throw error;
      failures += 1;
      await policy.clock.sleep(backoffMs(policy.retry, failures), signal);
    }
  }
}
