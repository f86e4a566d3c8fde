/**
 * Resuming a page of a long walk: a page whose request failed with a transient error, after the
 * transport's own retries, is requested again (it is a read, so that is always safe) instead of
 * ending the walk. Used by `iterateAccountStatistics` and by `sessions()` on storage nodes.
 *
 * @module
 */
import { backoffMs } from '../core/backoff';
import type { Clock } from '../core/clock';
import { NetworkError, TimeoutError } from '../core/errors';
import { RETRY_STATUSES, type RetryOptions } from '../core/http';
import { CoveHttpError, CoveMalformedResponseError, CoveVisaError } from './errors';

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
