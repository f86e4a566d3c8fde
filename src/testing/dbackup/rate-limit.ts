/**
 * DBackup's middleware rate limiter, reproduced: in-memory fixed windows keyed by the raw
 * `X-Forwarded-For` header, one bucket for GET/HEAD and one for every other method, counted before
 * routing and authentication.
 *
 * @internal
 * @module
 */

/** Limits of the two buckets. */
export interface RateLimitSettings {
  /** GET/HEAD requests per window. */
  get: number;
  /** Requests with any other method per window. */
  mutation: number;
  /** Window length in ms, starting at the first counted request. */
  windowMs: number;
}

/** The limiter key the real middleware uses: the raw `X-Forwarded-For` value, `127.0.0.1` when absent. */
export function clientKeyOf(request: Request): string {
  return request.headers.get('x-forwarded-for') ?? '127.0.0.1';
}

/** Fixed-window counters per (bucket, client key). */
export class FixedWindowRateLimiter {
  readonly #settings: RateLimitSettings;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(settings: RateLimitSettings) {
    this.#settings = settings;
  }

  /** Counts one request and returns whether it is within the limit. */
  consume(method: string, clientKey: string, now: number): boolean {
    const isRead = method === 'GET' || method === 'HEAD';
    const limit = isRead ? this.#settings.get : this.#settings.mutation;
    const id = `${isRead ? 'api' : 'mutation'}\u0000${clientKey}`;
    let window = this.#windows.get(id);
    if (!window || now - window.start >= this.#settings.windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(id, window);
    }
    window.count += 1;
    return window.count <= limit;
  }

  /** Forgets every counter. */
  reset(): void {
    this.#windows.clear();
  }
}
