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
    const turn = this.#tail.then(() => this.#take(signal));
    this.#tail = turn.catch(() => undefined);
    return turn;
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
