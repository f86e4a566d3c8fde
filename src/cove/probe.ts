/**
 * Finding which columns an API user may not read. Requesting a single restricted column makes the
 * **whole** `EnumerateAccountStatistics` call fail with 13501 and the error does not say which
 * column it was, so the probe uses adaptive group testing: it asks for groups of columns with
 * `RecordsCount: 1` and narrows down the groups that fail.
 *
 * The algorithm is a variant of Hwang's generalised binary splitting for an unknown number of
 * restricted columns: it tests a group sized for the number of restricted columns it expects
 * (estimated from how many it has found so far), clears the group when it passes, and otherwise
 * binary-searches it for one restricted column. Costs against the mock: at most 23 calls for 60
 * columns with 3 restricted (1 of them the no-columns control), 70–95 for 200 with 10, and 1 call
 * when nothing is restricted.
 *
 * Verdicts are cached per (statistics method, partner) for `probeCacheTtlMs` (default
 * {@link DEFAULT_PROBE_CACHE_TTL_MS}, 15 minutes), so a restriction the Cove admin adds or lifts is
 * noticed: a fresh 13501 from a statistics call forgets the verdicts of the columns that call
 * requested before probing them again, and an expired verdict is tested again. With
 * `onRestricted: 'drop'` a column known to be restricted is left out of calls until its verdict
 * expires; it is then requested again (and probed again if it is still refused). Pass
 * `refresh: true` to `probeColumns` to forget a partner's verdicts at once. A column's status is
 * cached under its canonical code, so `D9F0` and `D09F00` share one entry.
 *
 * @module
 */
import { canonicalColumn } from './columns';

/** Sends one query with `columns`; resolves `true` if allowed, `false` on 13501. */
export type GroupTest = (columns: readonly string[]) => Promise<boolean>;

/** Options of {@link findRestricted}. */
export interface FindRestrictedOptions {
  /** The whole set is already known to fail (skips the first test). */
  knownFailing?: boolean;
  /**
   * Called once, before the first column would be declared restricted while no test has passed
   * yet, to confirm that 13501 is about columns at all. It should throw if it is not.
   */
  confirmColumnsMatter?: () => Promise<void>;
}

/**
 * Adaptive group testing: returns the items for which `test` fails, assuming a group fails exactly
 * when it contains at least one failing item. Items are tested in order; the result keeps it.
 */
export async function findRestricted(
  items: readonly string[],
  test: GroupTest,
  options: FindRestrictedOptions = {},
): Promise<string[]> {
  const restricted: string[] = [];
  let sawPass = false;
  const run = async (group: readonly string[]) => {
    const ok = await test(group);
    if (ok) sawPass = true;
    return ok;
  };
  const declare = async (item: string) => {
    if (!sawPass && options.confirmColumnsMatter) {
      await options.confirmColumnsMatter();
      sawPass = true;
    }
    restricted.push(item);
  };

  let pool = [...items];
  if (pool.length === 0) return restricted;
  // Whether `pool` is known to hold at least one restricted item.
  let poolFails = options.knownFailing === true;
  if (!poolFails) {
    if (await run(pool)) return restricted;
    poolFails = true;
  }

  while (pool.length > 0) {
    // While few have been found, one cheap test of the whole pool may end the search.
    if (!poolFails && restricted.length < 4) {
      if (await run(pool)) break;
      poolFails = true;
    }
    if (pool.length === 1 && poolFails) {
      await declare(pool[0] as string);
      break;
    }
    const expected = Math.min(pool.length, expectedLeft(restricted.length, pool.length, items.length));
    const exponent = Math.max(0, Math.floor(Math.log2(Math.max(1, (pool.length - expected + 1) / expected))));
    const size = Math.min(pool.length, 2 ** exponent);
    let group = pool.slice(0, size);
    const groupKnownToFail = size === pool.length && poolFails;
    if (!groupKnownToFail && (await run(group))) {
      pool = pool.slice(size);
      continue;
    }
    // `group` fails: binary search for one restricted item.
    const cleared = new Set<string>();
    while (group.length > 1) {
      const half = group.slice(0, Math.ceil(group.length / 2));
      if (await run(half)) {
        for (const item of half) cleared.add(item);
        group = group.slice(half.length);
      } else {
        group = half;
      }
    }
    const found = group[0] as string;
    await declare(found);
    cleared.add(found);
    pool = pool.filter((item) => !cleared.has(item));
    poolFails = false;
  }
  return restricted;
}

/**
 * How many restricted items the pool probably still holds: half of those found so far (at least
 * one), or, once three have been found, the density seen so far applied to the rest if that is
 * more. Tuned by simulation: it keeps 60 columns / 3 restricted at ≤ 22 tests in the worst case
 * while an all-restricted set costs about 1.3 tests per column instead of 2.
 */
function expectedLeft(found: number, left: number, total: number): number {
  const half = Math.max(1, Math.ceil(found / 2));
  const processed = total - left;
  if (found < 3 || processed <= 0) return half;
  return Math.max(half, Math.round((found * left) / processed));
}

/** The outcome of a probe, in the caller's spellings and order. */
export interface ProbeResult {
  /** Columns the API user may read. */
  allowed: string[];
  /** Columns that make the call fail with 13501. */
  restricted: string[];
  /** Statistics calls this probe sent (0 when everything came from the cache). */
  calls: number;
}

/** How long a cached column verdict is trusted by default: 15 minutes. */
export const DEFAULT_PROBE_CACHE_TTL_MS = 15 * 60_000;

/** Which verdicts a probe reads and writes: restrictions are cached per method and partner. */
export interface ProbeScope {
  /** The statistics method the verdicts were found with. */
  method: string;
  /** The partner the query was for. */
  partnerId: number;
}

interface Verdict {
  allowed: boolean;
  /** When the verdict was reached (clock milliseconds). */
  at: number;
}

/** Options of {@link ColumnProbeCache}. */
export interface ColumnProbeCacheOptions {
  /** Current time in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** How long a verdict is trusted. Default {@link DEFAULT_PROBE_CACHE_TTL_MS}. */
  ttlMs?: number;
}

/** Cache of column verdicts per (method, partner), with expiry, plus the probing itself. */
export class ColumnProbeCache {
  /** partnerId → method → canonical column → verdict. */
  readonly #verdicts = new Map<number, Map<string, Map<string, Verdict>>>();
  readonly #now: () => number;
  readonly #ttlMs: number;

  constructor(options: ColumnProbeCacheOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#ttlMs = options.ttlMs ?? DEFAULT_PROBE_CACHE_TTL_MS;
  }

  /** Forgets what is known about `partnerId` (every method), or about every partner. */
  clear(partnerId?: number): void {
    if (partnerId === undefined) this.#verdicts.clear();
    else this.#verdicts.delete(partnerId);
  }

  /** Forgets the verdicts of `columns` in `scope` (after a fresh 13501 that requested them). */
  invalidate(scope: ProbeScope, columns: readonly string[]): void {
    const verdicts = this.#verdicts.get(scope.partnerId)?.get(scope.method);
    if (!verdicts) return;
    for (const column of columns) verdicts.delete(keyOf(column));
  }

  /** Requested columns with an unexpired "restricted" verdict in `scope`. */
  knownRestricted(scope: ProbeScope, columns: readonly string[]): string[] {
    const verdicts = this.#verdicts.get(scope.partnerId)?.get(scope.method);
    if (!verdicts) return [];
    return columns.filter((column) => this.#fresh(verdicts, column)?.allowed === false);
  }

  /**
   * Sorts `columns` into allowed and restricted in `scope`, testing only columns without an
   * unexpired verdict.
   */
  async probe(
    scope: ProbeScope,
    columns: readonly string[],
    test: GroupTest,
    options: { confirmColumnsMatter?: () => Promise<void> } = {},
  ): Promise<ProbeResult> {
    let byMethod = this.#verdicts.get(scope.partnerId);
    if (!byMethod) {
      byMethod = new Map();
      this.#verdicts.set(scope.partnerId, byMethod);
    }
    let verdicts = byMethod.get(scope.method);
    if (!verdicts) {
      verdicts = new Map();
      byMethod.set(scope.method, verdicts);
    }
    const unique = [...new Set(columns)];
    // The verdicts this probe answers from, by canonical code: unexpired cached ones first.
    const known = new Map<string, boolean>();
    const unknownKeys = new Map<string, string>();
    for (const column of unique) {
      const key = keyOf(column);
      const cached = this.#fresh(verdicts, column);
      if (cached) known.set(key, cached.allowed);
      else if (!unknownKeys.has(key)) unknownKeys.set(key, column);
    }
    let calls = 0;
    const counted: GroupTest = (group) => {
      calls += 1;
      return test(group);
    };
    const unknown = [...unknownKeys.values()];
    const confirm = options.confirmColumnsMatter;
    const restricted = new Set(
      await findRestricted(unknown, counted, {
        ...(confirm
          ? {
              confirmColumnsMatter: () => {
                calls += 1;
                return confirm();
              },
            }
          : {}),
      }),
    );
    const at = this.#now();
    for (const column of unknown) {
      const allowed = !restricted.has(column);
      known.set(keyOf(column), allowed);
      verdicts.set(keyOf(column), { allowed, at });
    }
    const result: ProbeResult = { allowed: [], restricted: [], calls };
    for (const column of unique) (known.get(keyOf(column)) ? result.allowed : result.restricted).push(column);
    return result;
  }

  #fresh(verdicts: Map<string, Verdict>, column: string): Verdict | undefined {
    const verdict = verdicts.get(keyOf(column));
    if (!verdict) return undefined;
    if (this.#now() - verdict.at >= this.#ttlMs) {
      verdicts.delete(keyOf(column));
      return undefined;
    }
    return verdict;
  }
}

function keyOf(column: string): string {
  return canonicalColumn(column) ?? column;
}
