/**
 * Client-side request pacing. A sliding-window limiter never lets more than `limit` requests
 * start within any `windowMs` interval, which also keeps a client under a server's fixed-window
 * limit. Waiters are served in arrival order and every wait is abortable.
 *
 * Hand-written rather than a dependency: the runtime stays at ky + zod, and the whole thing is
 * one small class with an injectable {@link Clock} so tests can run minutes of pacing instantly.
 *
 * @module
 */
import { type Clock, systemClock } from './clock';
import { AbortError } from './errors';

const aborted = (signal: AbortSignal) =>
  new AbortError('Waiting for a rate-limit slot was aborted by the caller.', undefined, {
    cause: signal.reason,
  });

/** Options for {@link SlidingWindowLimiter}. */
export interface SlidingWindowOptions {
  /** Most requests allowed to start within one window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** Time source; defaults to the system clock. */
  clock?: Clock;
}

/** A FIFO sliding-window rate limiter. */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #clock: Clock;
  readonly #starts: number[] = [];
  #blockedUntil = 0;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: SlidingWindowOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Waits for a slot and claims it. Resolves with the milliseconds spent waiting.
   * Rejects with `AbortError` if `signal` aborts while waiting (the slot is not claimed).
   */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(aborted(signal));
    const turn = this.#tail.then(() => this.#take(signal));
    this.#tail = turn.catch(() => undefined);
    if (!signal) return turn;
    // Reject at once on abort, even while queued behind other waiters; the queue moves on without
    // this caller because #take sees the aborted signal and claims no slot.
    return new Promise<number>((resolve, reject) => {
      const onAbort = () => reject(aborted(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      turn.then(
        (waited) => {
          signal.removeEventListener('abort', onAbort);
          resolve(waited);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /**
   * Tells the limiter the server refused a request for rate reasons: no new request starts until
   * a full window has passed, since the server's window state is unknown.
   */
  penalize(): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, this.#clock.now() + this.windowMs);
  }

  /** Requests started within the current window (for diagnostics and tests). */
  inWindow(): number {
    this.#prune(this.#clock.now());
    return this.#starts.length;
  }

  #prune(now: number): void {
    while (this.#starts.length > 0 && (this.#starts[0] as number) <= now - this.windowMs)
      this.#starts.shift();
  }

  async #take(signal: AbortSignal | undefined): Promise<number> {
    let waited = 0;
    for (;;) {
      const now = this.#clock.now();
      this.#prune(now);
      let waitMs = 0;
      if (this.#blockedUntil > now) waitMs = this.#blockedUntil - now;
      else if (this.#starts.length >= this.limit) waitMs = (this.#starts[0] as number) + this.windowMs - now;
      if (waitMs <= 0) {
        if (signal?.aborted) await this.#clock.sleep(0, signal);
        this.#starts.push(now);
        return waited;
      }
      await this.#clock.sleep(waitMs, signal);
      waited += waitMs;
    }
  }
}
