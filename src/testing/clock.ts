/**
 * A virtual clock for tests: `sleep()` moves virtual time forward instead of waiting, so rate-limit
 * pacing, visa idle expiry and polling loops that would take minutes finish in milliseconds.
 *
 * Pass the same instance to a client (`clock` option) and to a mock server so both agree on time.
 *
 * @module
 */

import type { Clock } from '../core/clock';
import { AbortError } from '../core/errors';

/**
 * A {@link Clock} whose time only moves when something sleeps or when {@link VirtualClock.advance}
 * is called. Concurrent sleepers wake in deadline order.
 */
export class VirtualClock implements Clock {
  #now: number;
  #sleepers: { until: number; resolve: () => void }[] = [];
  #draining = false;

  /** @param start - Initial time in ms since the epoch. Default `2026-01-01T00:00:00Z`. */
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  /** Current virtual time in milliseconds since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` and wakes every sleeper whose deadline has passed. */
  advance(ms: number): void {
    this.#now += Math.max(0, ms);
    this.#wake();
  }

  /**
   * Resolves once virtual time reaches now + `ms`. If nothing else advances the clock, time jumps
   * to the earliest pending deadline on the next macrotask, so a lone sleeper never hangs.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(
        new AbortError('The wait was aborted by the caller.', undefined, { cause: signal.reason }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const sleeper = {
        until: this.#now + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(new AbortError('The wait was aborted by the caller.', undefined, { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
      this.#scheduleDrain();
    });
  }

  #wake(): void {
    const due = this.#sleepers.filter((s) => s.until <= this.#now).sort((a, b) => a.until - b.until);
    this.#sleepers = this.#sleepers.filter((s) => s.until > this.#now);
    for (const sleeper of due) sleeper.resolve();
  }

  #scheduleDrain(): void {
    if (this.#draining) return;
    this.#draining = true;
    setTimeout(() => {
      this.#draining = false;
      if (this.#sleepers.length === 0) return;
      const next = Math.min(...this.#sleepers.map((s) => s.until));
      if (next > this.#now) this.#now = next;
      this.#wake();
      if (this.#sleepers.length > 0) this.#scheduleDrain();
    }, 0);
  }
}
