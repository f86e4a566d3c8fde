/**
 * The visa session: which visa to send, when it must be refreshed, and a single-flight Login.
 *
 * - **Newest visa.** Every response carries a new visa. Each request gets a sequence number, and a
 *   response's visa is kept only if it answers the newest request seen so far in the current
 *   generation, so out-of-order responses never roll the visa back.
 * - **Generation counter.** Each completed Login starts a new generation. A response to a request
 *   sent with an older generation's visa is ignored, so a slow call can never overwrite the visa a
 *   newer Login produced.
 * - **Idle expiry.** A visa idles out 15 minutes after it was last used. The session records when
 *   each request was sent (an upper bound on the server's idle time) and logs in again **before**
 *   sending once the visa has been idle for `refreshAfterMs` (14 minutes by default).
 * - **Single flight.** Any number of callers that need a new visa share one Login promise. Each
 *   waits with its own abort signal; aborting one waiter does not cancel the Login for the others.
 * - **A refused visa is dropped.** Once Cove refuses the current visa (1701) the session forgets
 *   it, so if the Login that follows is lost (a 502, a dropped connection), the next call logs in
 *   instead of sending the refused visa again.
 * - **No repeated bad logins.** After a {@link CoveAuthError} (2100) the session remembers the
 *   failure and never sends another Login: repeated bad logins lock accounts.
 *
 * @module
 */
import { type Clock, throwIfAborted } from '../core/clock';
import { AbortError } from '../core/errors';
import { CoveAuthError } from './errors';

/** Cove's documented idle lifetime of a visa. */
export const VISA_IDLE_LIFETIME_MS = 15 * 60_000;

/** Default idle time after which the session logs in again before the next call. */
export const DEFAULT_REFRESH_AFTER_MS = 14 * 60_000;

/** What a Login produces. */
export interface LoginOutcome<R> {
  /** The visa from the Login response. */
  visa: string;
  /** The parsed Login result. */
  result: R;
}

/** A visa ready to be sent, with the bookkeeping needed to report its response. */
export interface VisaTicket {
  /** The visa to send. */
  visa: string;
  /** The generation (Login) the visa belongs to. */
  generation: number;
  /** This request's sequence number. */
  seq: number;
}

/** Options of {@link VisaSession}. */
export interface VisaSessionOptions<R> {
  /** Performs one Login (no retries). */
  login: () => Promise<LoginOutcome<R>>;
  /** Time source. */
  clock: Clock;
  /** Idle time after which a new Login precedes the next call. */
  refreshAfterMs: number;
  /** Called with every visa the session accepts or sees (for redaction). */
  onVisa: (visa: string) => void;
}

/** Waits for `promise`, rejecting early with an {@link AbortError} if `signal` aborts. */
function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal, 'The Cove call');
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(new AbortError('The Cove call was aborted by the caller.', undefined, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The visa store with single-flight Login. One per client. */
export class VisaSession<R> {
  readonly #options: VisaSessionOptions<R>;
  #visa: string | undefined;
  #generation = 0;
  #lastUsedAt = 0;
  #nextSeq = 0;
  #acceptedSeq = -1;
  #inflight: Promise<LoginOutcome<R>> | undefined;
  #lastLogin: R | undefined;
  #authFailure: CoveAuthError | undefined;
  #logins = 0;

  constructor(options: VisaSessionOptions<R>) {
    this.#options = options;
  }

  /** The current generation (number of completed Logins). */
  get generation(): number {
    return this.#generation;
  }

  /** Logins sent so far (for diagnostics). */
  get loginCount(): number {
    return this.#logins;
  }

  /** The result of the latest successful Login, if any. */
  get lastLogin(): R | undefined {
    return this.#lastLogin;
  }

  /** Whether a visa exists and has been idle for less than `refreshAfterMs`. */
  isFresh(): boolean {
    return (
      this.#visa !== undefined && this.#options.clock.now() - this.#lastUsedAt < this.#options.refreshAfterMs
    );
  }

  /**
   * Returns a visa to send now, logging in first (once, shared) when there is none or it has been
   * idle too long. Marks the visa as used.
   */
  async acquire(signal?: AbortSignal): Promise<VisaTicket> {
    throwIfAborted(signal, 'The Cove call');
    // A second round only if another call found the new visa spent while this one waited.
    for (let round = 0; round < 2 && !this.isFresh(); round++) await this.refresh(this.#generation, signal);
    return this.#ticket();
  }

  /**
   * Gets a new visa after the one from generation `staleGeneration` was refused (1701) or idled
   * out. If a newer generation already exists, nothing is sent; if a Login is in flight, it is
   * joined. Otherwise one Login starts.
   */
  async refresh(staleGeneration: number, signal?: AbortSignal): Promise<void> {
    if (this.#generation !== staleGeneration && this.isFresh()) return;
    // The current visa is spent: forget it, so that if this Login fails the next call logs in
    // instead of sending a visa Cove already refused.
    if (this.#generation === staleGeneration) this.#visa = undefined;
    await withSignal(this.#loginOnce(), signal);
  }

  /** Forces a new Login (joining one already in flight) and returns its result. */
  async login(signal?: AbortSignal): Promise<R> {
    // Before starting a Login nobody would wait for (its failure would go unhandled).
    throwIfAborted(signal, 'The Cove Login');
    const outcome = await withSignal(this.#loginOnce(), signal);
    return outcome.result;
  }

  /** Records the visa a response carried, if it is the newest of the current generation. */
  observe(ticket: VisaTicket, visa: string | undefined): void {
    if (typeof visa !== 'string' || visa === '') return;
    this.#options.onVisa(visa);
    if (ticket.generation !== this.#generation || ticket.seq < this.#acceptedSeq) return;
    this.#acceptedSeq = ticket.seq;
    this.#visa = visa;
  }

  #ticket(): VisaTicket {
    const visa = this.#visa;
    if (visa === undefined) throw new Error('unreachable: no visa after login');
    this.#lastUsedAt = Math.max(this.#lastUsedAt, this.#options.clock.now());
    return { visa, generation: this.#generation, seq: this.#nextSeq++ };
  }

  #loginOnce(): Promise<LoginOutcome<R>> {
    if (this.#authFailure) return Promise.reject(this.#authFailure);
    this.#inflight ??= this.#runLogin();
    return this.#inflight;
  }

  async #runLogin(): Promise<LoginOutcome<R>> {
    this.#logins += 1;
    try {
      const outcome = await this.#options.login();
      this.#options.onVisa(outcome.visa);
      this.#generation += 1;
      this.#visa = outcome.visa;
      this.#acceptedSeq = this.#nextSeq;
      this.#lastUsedAt = this.#options.clock.now();
      this.#lastLogin = outcome.result;
      return outcome;
    } catch (error) {
      if (error instanceof CoveAuthError) this.#authFailure = error;
      throw error;
    } finally {
      this.#inflight = undefined;
    }
  }
}
