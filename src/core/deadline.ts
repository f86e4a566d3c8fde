/**
 * One bounded wait: a signal that aborts when the caller's signal aborts or a deadline passes, with
 * its timer and its listener on the caller's signal removed as soon as the work settles. Loops that
 * poll or wait many times (`waitFor`, a retry queued for a rate-limit slot) use it so that nothing
 * is left behind per iteration: `AbortSignal.timeout()` keeps its timer until it fires, and
 * `AbortSignal.any()` keeps a listener on a long-lived caller signal until garbage collection.
 *
 * @module
 */

/** Largest timer delay a runtime accepts (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Runs `work` with a signal that aborts when `signal` aborts or after `ms` milliseconds (rounded
 * up, at least 1), then removes the timer and the listener whatever the outcome. `expired()` tells
 * whether the deadline (rather than the caller) ended it. With `ms` undefined, `work` gets
 * `signal` unchanged.
 */
export async function withDeadline<T>(
  signal: AbortSignal | undefined,
  ms: number | undefined,
  work: (signal: AbortSignal | undefined, expired: () => boolean) => Promise<T>,
): Promise<T> {
  if (ms === undefined) return work(signal, () => false);
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(
    () => {
      expired = true;
      controller.abort();
    },
    Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(ms))),
  );
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work(controller.signal, () => expired);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
