/**
 * Time source used by the rate limiter, polling loops and the visa session. Injectable so that
 * tests can run minutes of pacing in milliseconds (see `VirtualClock` in the `testing` entry).
 *
 * @module
 */
import { AbortError } from './errors';

/** A source of the current time and of abortable waits. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with {@link AbortError} when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Rejects with an {@link AbortError} if `signal` is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'The operation'): void {
  if (signal?.aborted) {
    throw new AbortError(`${what} was aborted by the caller's AbortSignal.`, undefined, {
      cause: signal.reason,
    });
  }
}

/** The real clock: `Date.now()` and an abortable `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError('The wait was aborted by the caller.', undefined, { cause: signal.reason }));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AbortError('The wait was aborted by the caller.', undefined, { cause: signal?.reason }));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
