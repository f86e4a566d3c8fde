/**
 * The SDK-wide retry policy's numbers, one place for the transport's own retries and for those
 * made above it (a read resent after a malformed answer, a page re-requested by a paged walk): the
 * same budget and the same backoff, `min(base·2^(n-1), max)` with full jitter.
 *
 * @module
 */
import type { RetryOptions } from './http';

/** Defaults of {@link RetryOptions}: 2 retries, 500 ms first step, 8 s longest step. */
export const RETRY_DEFAULTS = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8000 } as const;

/** The retries allowed after a first attempt under `retry`. */
export function maxRetriesOf(retry: RetryOptions | undefined): number {
  return retry?.maxRetries ?? RETRY_DEFAULTS.maxRetries;
}

/** The longest wait before retry `n` (1 for the first retry): `min(base·2^(n-1), max)`, in ms. */
export function backoffStepMs(retry: RetryOptions | undefined, n: number): number {
  const base = retry?.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const max = retry?.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  return Math.min(max, base * 2 ** (n - 1));
}

/**
 * The wait before retry `n` (1 for the first retry), in milliseconds: a uniform draw from
 * `[0, backoffStepMs(retry, n)]` (full jitter, as ky's `jitter: true` does for the transport).
 */
export function backoffMs(
  retry: RetryOptions | undefined,
  n: number,
  random: () => number = Math.random,
): number {
  return random() * backoffStepMs(retry, n);
}
