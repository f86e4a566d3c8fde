/**
 * Client-side pacing for DBackup's rate limits: the server allows 100 GET/HEAD and 20 other
 * requests per minute per client address, and answers the excess with a plain-text 429 that has
 * no `Retry-After`. Pacing below the limit means a loop of reads simply slows down instead of
 * failing.
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
  /** Window length in milliseconds. Default `60000`. */
  windowMs?: number;
}

/** Two sliding windows, one per DBackup bucket. */
export class DBackupPacer implements RequestPacer {
  readonly #read: SlidingWindowLimiter;
  readonly #write: SlidingWindowLimiter;

  constructor(limits: DBackupRateLimit, clock: Clock) {
    const windowMs = positive(limits.windowMs ?? 60_000, 'rateLimit.windowMs');
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
    return method === 'GET' || method === 'HEAD' ? this.#read : this.#write;
  }

  /** Waits for a slot in the method's bucket. */
  acquire(method: HttpMethod, signal?: AbortSignal): Promise<number> {
    return this.#bucket(method).acquire(signal);
  }

  /** After a 429 the server's window state is unknown: hold that bucket for a full window. */
  rateLimited(method: HttpMethod): void {
    this.#bucket(method).penalize();
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`\`${name}\` must be a positive integer (got ${String(value)}).`);
  }
  return value;
}
