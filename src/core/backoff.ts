/**
 * The SDK-wide retry policy's numbers, for retries made above the transport (a Cove read resent
 * after a malformed answer, a page re-requested by a paged walk): the same budget and the same
 * backoff, `min(base·2^(n-1), max)` with full jitter, as the transport's own retries.
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

/**
 * The wait before retry `n` (1 for the first retry), in milliseconds: a uniform draw from
 * `[0, min(base·2^(n-1), max)]`.
 */
export function backoffMs(
  retry: RetryOptions | undefined,
  n: number,
  random: () => number = Math.random,
): number {
  const base = retry?.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const max = retry?.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  return random() * Math.min(max, base * 2 ** (n - 1));
}
