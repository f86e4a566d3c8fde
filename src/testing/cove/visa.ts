/**
 * Visa issuing and validation for the Cove mock. Each successful response carries a new visa; every
 * visa issued earlier stays usable (chaining) until it has been idle for the TTL, measured on the
 * injected clock from its **last use**.
 *
 * @internal
 * @module
 */
import type { Clock } from '../../core/clock';
import { hexString } from './random';

/** Who a visa belongs to. */
export interface VisaSession {
  /** Login partner id (visa segment 0); calls are scoped to its subtree. */
  readonly partnerId: number;
  /** User id (visa segment 1). */
  readonly userId: number;
}

interface VisaEntry {
  readonly session: VisaSession;
  lastUsed: number;
}

/**
 * Issues and checks visas shaped like `33491-50193-1-<issue unix secs>-<hex>`. With `maxUses`, the
 * visas of one Login (one {@link VisaSession}) are accepted for that many calls in all; the next
 * call with any of them is refused and the Login's visas are spent.
 */
export class VisaStore {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #seed: number;
  readonly #maxUses: number;
  readonly #visas = new Map<string, VisaEntry>();
  /** Calls accepted per Login, when `maxUses` is finite. */
  readonly #uses = new WeakMap<VisaSession, number>();
  #issued = 0;
  #pruneAt = 256;

  constructor(clock: Clock, ttlMs: number, seed: number, maxUses = Number.POSITIVE_INFINITY) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
    this.#seed = seed;
    this.#maxUses = maxUses;
  }

  /** Issues a new visa for `session`; its idle window starts now. */
  issue(session: VisaSession): string {
    this.#prune();
    const now = this.#clock.now();
    this.#issued += 1;
    const signature = hexString(40, this.#seed, 'visa', this.#issued, now);
    const visa = `${session.partnerId}-${session.userId}-1-${Math.floor(now / 1000)}-${signature}`;
    this.#visas.set(visa, { session, lastUsed: now });
    return visa;
  }

  /**
   * Validates a visa and, when valid, restarts its idle window. Returns `undefined` for a missing,
   * unknown, idle-expired or spent visa (expired visas are forgotten).
   */
  use(visa: unknown): VisaSession | undefined {
    if (typeof visa !== 'string') return undefined;
    const entry = this.#visas.get(visa);
    if (!entry) return undefined;
    const now = this.#clock.now();
    if (now - entry.lastUsed >= this.#ttlMs) {
      this.#visas.delete(visa);
      return undefined;
    }
    if (Number.isFinite(this.#maxUses)) {
      const uses = (this.#uses.get(entry.session) ?? 0) + 1;
      if (uses > this.#maxUses) {
        for (const [key, other] of this.#visas) if (other.session === entry.session) this.#visas.delete(key);
        return undefined;
      }
      this.#uses.set(entry.session, uses);
    }
    entry.lastUsed = now;
    return entry.session;
  }

  /** Forgets every visa, so the next call with any of them fails with 1701. */
  expireAll(): void {
    this.#visas.clear();
  }

  /** Number of visas currently remembered (live or not yet pruned). */
  get size(): number {
    return this.#visas.size;
  }

  #prune(): void {
    if (this.#visas.size < this.#pruneAt) return;
    const now = this.#clock.now();
    for (const [visa, entry] of this.#visas)
      if (now - entry.lastUsed >= this.#ttlMs) this.#visas.delete(visa);
    this.#pruneAt = Math.max(256, this.#visas.size * 2);
  }
}
