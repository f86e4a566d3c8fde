/**
 * Seeded random faults for the Cove mock ({@link CoveMockFaults}): HTTP 502s, dropped
 * connections and truncated 200 bodies, drawn from the seed and the call's position, so the same
 * options and the same sequence of calls always meet the same faults.
 *
 * @module
 */
import { HttpResponse } from 'msw';
import { unit } from './random';

/**
 * A seeded fault profile for the Cove mock's Management API endpoint (`jsonapi`). Each call draws
 * at most one fault; the rates are shares of calls in `[0, 1]` and together at most 1. The draw
 * depends only on `seed` and the call's position among the calls the profile applies to, so a
 * test that makes the same calls in the same order meets the same faults on every run.
 *
 * @example
 * ```ts
 * const cove = createCoveMock({
 *   devices: 10_000,
 *   faults: { seed: 7, http502: 0.1, dropConnection: 0.03, malformedBody: 0.03 },
 *   visaExpiresAfterCalls: 7,
 * });
 * ```
 */
export interface CoveMockFaults {
  /** Seed of the fault sequence. */
  readonly seed: number;
  /**
   * Share of calls answered `502 Bad Gateway` with a plain-text body, before the call reaches the
   * server (nothing is processed). Default 0.
   */
  readonly http502?: number | undefined;
  /**
   * Share of calls whose connection drops before any response, before the call reaches the server
   * (MSW's `HttpResponse.error()`: `fetch` rejects with a network error). Default 0.
   */
  readonly dropConnection?: number | undefined;
  /**
   * Share of calls answered `200` whose JSON body is cut off half-way, so it does not parse. The
   * call **was** processed (a write took effect, a visa was issued and used) before the body was
   * truncated, as when a proxy or a broken connection cuts a response short. Default 0.
   */
  readonly malformedBody?: number | undefined;
  /**
   * JSON-RPC methods the faults apply to, e.g. `['EnumerateAccountStatistics']`. Default: every
   * method, `Login` included.
   */
  readonly methods?: readonly string[] | undefined;
}

/** The kind of fault a call met, as recorded in `CoveMockCall.fault`. */
export type CoveMockFaultKind = 'http502' | 'dropConnection' | 'malformedBody';

/**
 * Draws the faults of a {@link CoveMockFaults} profile, one call at a time.
 *
 * @internal
 */
export class FaultDrawer {
  readonly #profile: CoveMockFaults;
  readonly #methods: ReadonlySet<string> | undefined;
  #draws = 0;

  /** @throws RangeError for a rate outside `[0, 1]`, rates that add up to more than 1, or a bad seed. */
  constructor(profile: CoveMockFaults) {
    if (typeof profile !== 'object' || profile === null) {
      throw new RangeError('createCoveMock: `faults` must be an object such as { seed: 1, http502: 0.1 }.');
    }
    if (!Number.isSafeInteger(profile.seed)) {
      throw new RangeError(
        `createCoveMock: \`faults.seed\` must be an integer (got ${String(profile.seed)}).`,
      );
    }
    let total = 0;
    for (const key of ['http502', 'dropConnection', 'malformedBody'] as const) {
      const rate = profile[key] ?? 0;
      if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
        throw new RangeError(
          `createCoveMock: \`faults.${key}\` must be a share from 0 to 1 (got ${String(rate)}).`,
        );
      }
      total += rate;
    }
    if (total > 1 + 1e-9) {
      throw new RangeError(`createCoveMock: the fault rates add up to ${total}, more than 1 (every call).`);
    }
    this.#profile = profile;
    this.#methods = profile.methods === undefined ? undefined : new Set(profile.methods);
  }

  /** The fault the next call of `method` meets, if any. */
  draw(method: string): CoveMockFaultKind | undefined {
    if (this.#methods && !this.#methods.has(method)) return undefined;
    const { seed, http502 = 0, dropConnection = 0, malformedBody = 0 } = this.#profile;
    const roll = unit(seed, 'fault', this.#draws++);
    if (roll < http502) return 'http502';
    if (roll < http502 + dropConnection) return 'dropConnection';
    if (roll < http502 + dropConnection + malformedBody) return 'malformedBody';
    return undefined;
  }
}

/**
 * The response for a fault answered before the call is processed: a 502, or a dropped connection.
 *
 * @internal
 */
export function earlyFaultResponse(kind: 'http502' | 'dropConnection'): Response {
  if (kind === 'dropConnection') return HttpResponse.error();
  return new HttpResponse('502 Bad Gateway', { status: 502, headers: { 'Content-Type': 'text/plain' } });
}

/**
 * A 200 whose JSON body is cut off half-way: never valid JSON.
 *
 * @internal
 */
export function truncatedResponse(body: unknown): Response {
  const text = JSON.stringify(body);
  return new HttpResponse(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}
