/**
 * Client-side pacing for DBackup's rate limits: the server allows 100 GET/HEAD and 20 other
 * requests per minute per client address, and answers the excess with a plain-text 429 that has
 * no `Retry-After`. Pacing below the limit means a loop of reads simply slows down instead of
 * failing.
 *
 * DBackup counts a fixed window from the first request *it* sees, a network delay after the
 * client sent it. When that delay varies (a TLS handshake per connection), a request released
 * exactly when the client's own window ends can still land in the server's old window, and one
 * 429 costs a whole window. So the client's window is longer than the server's by a safety
 * margin (default 2 s) that covers the variation.
 *
 * @module
 */
import type { Clock } from '../core/clock';
import { ConfigError } from '../core/errors';
import type { HttpMethod, RequestPacer } from '../core/http';
import { SlidingWindowLimiter } from '../core/limiter';

/** DBackup rate-limit settings; match them to the server's `rateLimit.api` / `rateLimit.mutation`. */
export interface DBackupRateLimit {
  /** GET/HEAD requests per window. Default `100`. */
  get?: number;
  /** POST/PUT/DELETE requests per window. Default `20`. */
  mutation?: number;
  /** The server's window length in milliseconds. Default `60000`. */
  windowMs?: number;
  /**
   * Added to the window on the client's side, in milliseconds, so that requests released at the
   * end of a window reach the server after its own window has ended, even when the network delay
   * varies by that much. Default `2000` (costs about 3 % of the throughput); `0` paces exactly at
   * the server's window.
   */
  safetyMarginMs?: number;
}

/** The default {@link DBackupRateLimit.safetyMarginMs}. */
const DBACKUP_PACING_MARGIN_MS = 2000;

/** Two sliding windows, one per DBackup bucket. */
export class DBackupPacer implements RequestPacer {
  readonly #read: SlidingWindowLimiter;
  readonly #write: SlidingWindowLimiter;

  constructor(limits: DBackupRateLimit, clock: Clock) {
    const margin = limits.safetyMarginMs ?? DBACKUP_PACING_MARGIN_MS;
    if (!Number.isFinite(margin) || margin < 0 || margin > 600_000) {
      throw new ConfigError(
        `\`rateLimit.safetyMarginMs\` must be a number of milliseconds from 0 to 600000 (got ${String(margin)}).`,
      );
    }
    const windowMs = positive(limits.windowMs ?? 60_000, 'rateLimit.windowMs') + margin;
    this.#read = new SlidingWindowLimiter({
      limit: positive(limits.get ?? 100, 'rateLimit.get'),
      windowMs,
      clock,
    });
    this.#write = new SlidingWindowLimiter({
      limit: positive(limits.mutation ?? 20, 'rateLimit.mutation'),
      windowMs,
      clock,
    });
  }

  #bucket(method: HttpMethod): SlidingWindowLimiter {
    return bucketOf(method) === 'read' ? this.#read : this.#write;
  }

  /** Waits for a slot in the method's bucket. */
  acquire(method: HttpMethod, signal?: AbortSignal): Promise<number> {
    return this.#bucket(method).acquire(signal);
  }

  /** After a 429 the server's window state is unknown: hold that bucket for a full window and the margin. */
  rateLimited(method: HttpMethod): void {
    this.#bucket(method).penalize();
  }
}

/** DBackup's default window: what a 429 must be waited out for when the client does not pace. */
const SERVER_WINDOW_MS = 60_000;

/**
 * With `rateLimit: false`: no pacing, but the retry of a request that got a 429 without
 * `Retry-After` (DBackup never sends one) waits until the server's window must have ended, up to
 * `maxWaitMs`. Retrying sooner is pointless: the window is fixed, and DBackup's 429s 0.5 s and
 * 1 s later all failed. Other requests are not held.
 */
export class DBackupRateLimitBackoff implements RequestPacer {
  readonly #clock: Clock;
  readonly #waitMs: number;
  /** A first attempt never waits, so the transport need not ask before it. */
  readonly retriesOnly = true;

  constructor(clock: Clock, maxWaitMs: number) {
    this.#clock = clock;
    this.#waitMs = Math.min(SERVER_WINDOW_MS + DBACKUP_PACING_MARGIN_MS, maxWaitMs);
  }

  /** Waits only before the retry of a 429 whose wait the server did not name. */
  async acquire(_method: HttpMethod, signal?: AbortSignal, previous?: Response): Promise<number> {
    if (previous?.status !== 429 || previous.headers.has('retry-after')) return 0;
    await this.#clock.sleep(this.#waitMs, signal);
    return this.#waitMs;
  }
}

function bucketOf(method: HttpMethod): 'read' | 'write' {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`\`${name}\` must be a positive integer (got ${String(value)}).`);
  }
  return value;
}
