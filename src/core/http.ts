/**
 * The one HTTP layer both clients use, built on ky: base URL, per-attempt timeout and optional
 * total deadline, caller `AbortSignal`, injectable `fetch`, retries for idempotent requests only
 * (network errors, 408/429/5xx; exponential backoff with full jitter; `Retry-After` honoured and
 * capped), optional client-side pacing, and observer hooks whose payloads are redacted.
 *
 * ky does the transport, the retry loop and `Retry-After` parsing; this file decides *what* may
 * be retried, maps failures to the SDK's typed errors and never lets a secret reach a message.
 *
 * @module
 */
import ky, { HTTPError, isHTTPError, isKyError, isTimeoutError, type Options as KyOptions } from 'ky';
import { checkBooleanOption } from './arguments';
import { backoffStepMs, maxRetriesOf } from './backoff';
import { readCappedText } from './body';
import { type Clock, systemClock } from './clock';
import { withDeadline } from './deadline';
import {
  AbortError,
  ConfigError,
  NetworkError,
  RedirectError,
  type RequestInfo,
  ResponseTooLargeError,
  SdkError,
  TimeoutError,
} from './errors';
import { combineHooks, type Logger, type LogLevel, loggingHooks } from './logging';
import { redactHeaders, redactUrl, type SecretStore } from './redact';

/** HTTP methods the SDK sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Retry tuning. The defaults follow the SDK-wide policy: 2 retries, `min(0.5·2^n, 8)` s with jitter. */
export interface RetryOptions {
  /** Retries after the first attempt, for idempotent requests. Default `2`; `0` disables retries. */
  maxRetries?: number;
  /** First backoff step in milliseconds. Default `500`. */
  baseDelayMs?: number;
  /** Longest backoff step in milliseconds. Default `8000`. */
  maxDelayMs?: number;
  /** Longest wait honoured from a `Retry-After` header, in milliseconds. Default `60000`. */
  maxRetryAfterMs?: number;
}

/** What an observer hook receives before each attempt. Secrets are already masked. */
export interface RequestEvent {
  /** Per-request id, the same across its retries. */
  requestId: string;
  /** HTTP method. */
  method: string;
  /** URL with secret query parameters masked. */
  url: string;
  /** Request headers with credentials masked. */
  headers: Record<string, string>;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /**
   * What the request does, when the URL alone does not say: the JSON-RPC method name for Cove
   * (every call is `POST …/jsonapi`). Never a secret. Absent for REST calls.
   */
  operation?: string;
}

/** What an observer hook receives after each response. Secrets are already masked. */
export interface ResponseEvent extends RequestEvent {
  /** HTTP status code. */
  status: number;
  /** Response headers with cookies masked. */
  responseHeaders: Record<string, string>;
  /** Time from the start of this attempt to the response headers, in milliseconds. */
  durationMs: number;
}

/** What an observer hook receives before a retry. */
export interface RetryEvent extends RequestEvent {
  /** Why the previous attempt is retried, e.g. `status 503` or `network error`. */
  reason: string;
}

/** What an observer hook receives when a request finally fails without a response. */
export interface ErrorEvent extends RequestEvent {
  /** The typed SDK error about to be thrown. */
  error: Error;
}

/**
 * Observer hooks. They see every attempt with secrets redacted; they cannot change requests.
 * A hook that throws is ignored so that logging can never break a call.
 */
export interface HttpHooks {
  /** Called before every attempt, including retries. */
  onRequest?: (event: RequestEvent) => void;
  /** Called when a response (any status) arrives. */
  onResponse?: (event: ResponseEvent) => void;
  /** Called before a retry is scheduled. */
  onRetry?: (event: RetryEvent) => void;
  /** Called when the request fails without a usable response (network, timeout, abort). */
  onError?: (event: ErrorEvent) => void;
}

/** Paces requests before they are sent (see `SlidingWindowLimiter`). */
export interface RequestPacer {
  /**
   * Waits until `method` may be sent. For a retry, `previous` is the error response that caused
   * it (absent after a network error or a timeout).
   */
  acquire(method: HttpMethod, signal?: AbortSignal, previous?: Response): Promise<unknown>;
  /** Told when the server answered 429, so pacing can back off. */
  rateLimited?(method: HttpMethod): void;
  /** `true` when only retries may wait (`acquire` returns at once without `previous`). */
  readonly retriesOnly?: boolean;
}

/** Transport options shared by both clients. */
export interface TransportOptions {
  /** Per-attempt timeout in milliseconds. Default `30000`. */
  timeoutMs?: number;
  /** Deadline for the whole call including retries and their waits, in milliseconds. Off by default. */
  totalTimeoutMs?: number;
  /** Retry policy for idempotent requests. */
  retry?: RetryOptions;
  /** A `fetch` implementation to use instead of `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Observer hooks (redacted). */
  hooks?: HttpHooks;
  /** Allow a plain `http://` URL to a non-loopback host. Default `false`. */
  allowInsecureHttp?: boolean;
  /**
   * A console-like logger (`console`, pino, winston…): requests, responses, retries and failures
   * are written one line each, secrets masked. See {@link TransportOptions.logLevel}.
   */
  logger?: Logger;
  /** Least severe level written to `logger`: `'debug'` (everything) … `'error'`. Default `'warn'`. */
  logLevel?: LogLevel;
  /** Time source for pacing and polling; tests inject a virtual clock. */
  clock?: Clock;
  /**
   * Largest response body read, in bytes. Default 64 MiB ({@link DEFAULT_MAX_RESPONSE_BYTES}).
   * A larger body fails with `ResponseTooLargeError` without being read further. Downloads
   * (`storage.download`) are streamed and exempt. Overridable per call.
   */
  maxResponseBytes?: number;
}

/** Default of {@link TransportOptions.maxResponseBytes}: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** One request as the vendor clients describe it. */
export interface HttpRequest {
  /** HTTP method. */
  method: HttpMethod;
  /** Names the call in hooks and log lines when the path does not, e.g. a JSON-RPC method name. */
  operation?: string;
  /** Path appended to the base URL, e.g. `/api/jobs`. */
  path: string;
  /** Query parameters; `undefined` values are skipped. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  json?: unknown;
  /** Per-call headers (e.g. the credential). */
  headers?: Record<string, string>;
  /**
   * Whether the request may be retried. Only idempotent requests are; an action that may already
   * have happened on the server (triggering a run, creating a resource) must pass `false`.
   */
  idempotent: boolean;
  /** Caller's abort signal. */
  signal?: AbortSignal | undefined;
  /** Override the per-attempt timeout for this call. */
  timeoutMs?: number | undefined;
  /** Override the client's `maxResponseBytes` for this call (ignored for streams). */
  maxResponseBytes?: number | undefined;
  /** `'body'` reads and parses the body (default); `'stream'` hands back the unread response. */
  responseType?: 'body' | 'stream';
  /**
   * Returns `true` for an error response that retrying cannot fix (e.g. a missing permission the
   * server reports with a 500), so an idempotent request is not sent again.
   */
  isPermanent?: (status: number, body: unknown) => boolean;
  /**
   * Statuses that prove the server did nothing with the request (DBackup's 429 comes from a
   * middleware that runs before any route), so even a non-idempotent request is retried after
   * them. Every other failure of a non-idempotent request is still never resent.
   */
  unprocessedStatuses?: readonly number[];
}

/** A response whose body was read: JSON when it parses, otherwise text, `undefined` when empty. */
export interface HttpResponse {
  /** HTTP status code. */
  status: number;
  /** Response headers. */
  headers: Headers;
  /** Parsed body: JSON value, text, or `undefined` for an empty body. Unread for streams. */
  body: unknown;
  /** The raw response (its body is consumed unless `responseType` was `'stream'`). */
  response: Response;
  /**
   * For `responseType: 'stream'`: the body, guarded so that going longer than the timeout without
   * data (from the response headers on, whether or not anyone reads) ends it with `TimeoutError`
   * and closes the connection, and an abort or a broken connection with `AbortError`/`NetworkError`.
   */
  stream?: ReadableStream<Uint8Array> | undefined;
  /** Attempts made, including retries. */
  attempts: number;
  /** The per-request id given to hooks. */
  requestId: string;
}

export const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Most same-origin redirects followed in a row before giving up with `RedirectError`. */
const MAX_REDIRECTS = 5;

/** Per-request bookkeeping shared by its retries and redirects. */
interface AttemptState {
  readonly requestId: string;
  attempt: number;
}
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Checks a base URL: it must parse, be http(s), and be `https:` unless the host is loopback or the
 * caller opted in with `allowInsecureHttp`. Returns it without a trailing slash.
 *
 * @throws ConfigError before any request is sent.
 */
export function checkBaseUrl(raw: unknown, allowInsecureHttp: unknown = false, option = 'baseUrl'): string {
  checkBooleanOption(allowInsecureHttp, 'allowInsecureHttp', 'Client options');
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new ConfigError(
      `\`${option}\` is required: pass the server's URL, e.g. "https://backup.example.com".`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`\`${option}\` is not a valid URL: "${redactUrl(raw)}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`\`${option}\` must use https:// (got ${url.protocol}).`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && allowInsecureHttp !== true) {
    throw new ConfigError(
      `\`${option}\` uses plain http:// to ${url.hostname}, which would send credentials unencrypted. ` +
        'Use https://, or pass `allowInsecureHttp: true` if this network is trusted.',
    );
  }
  if (url.username || url.password) {
    throw new ConfigError(`\`${option}\` must not contain credentials; pass them as client options.`);
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(raw)) {
    throw new ConfigError(
      `\`${option}\` must not have a ?query or #fragment (got "${redactUrl(raw)}"): request paths are appended to it, ` +
        'so they would land in the query or be cut off. Pass the plain server URL.',
    );
  }
  return url.toString().replace(/\/+$/, '');
}

let requestCounter = 0;
const nextRequestId = () =>
  `req_${(++requestCounter).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

const safeCall = <E>(hook: ((event: E) => void) | undefined, event: E) => {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // Observers must never break a request.
  }
};

/** Lenient JSON: a body that doesn't parse stays text, so error bodies of any shape survive. */
const parseJsonLenient = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** The shared transport. Vendor clients turn its responses into typed results and errors. */
export class HttpTransport {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly #options: TransportOptions;
  readonly #secrets: SecretStore;
  readonly #pacer: RequestPacer | undefined;
  readonly #hooks: HttpHooks;
  /** Names of the client's custom headers: masked in hook payloads like credentials. */
  readonly #customHeaders: ReadonlySet<string>;

  /** @throws ConfigError when a timeout or retry option is out of range. */
  constructor(baseUrl: string, options: TransportOptions, secrets: SecretStore, pacer?: RequestPacer) {
    checkTransportOptions(options);
    this.baseUrl = baseUrl;
    this.#options = options;
    this.#secrets = secrets;
    this.#pacer = pacer;
    this.clock = options.clock ?? systemClock;
    const logging = options.logger ? loggingHooks(options.logger, options.logLevel ?? 'warn') : undefined;
    this.#hooks = combineHooks(options.hooks, logging) ?? {};
    this.#customHeaders = new Set(Object.keys(options.headers ?? {}).map((name) => name.toLowerCase()));
  }

  /** Builds the full, unredacted URL of a request. */
  url(path: string, query?: HttpRequest['query']): string {
    const url = new URL(
      path === '' ? this.baseUrl : this.baseUrl + (path.startsWith('/') ? path : `/${path}`),
    );
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /**
   * Sends a request and returns the response for **any** HTTP status once retries are exhausted.
   * Redirects are handled here, never by `fetch`: a same-origin redirect of a request that can be
   * repeated as sent is followed, anything else is a `RedirectError`.
   *
   * @throws NetworkError, TimeoutError or AbortError when no response arrives; RedirectError for a
   * redirect that is not followed.
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    if (req.timeoutMs !== undefined) checkDuration(req.timeoutMs, 'timeoutMs');
    if (req.maxResponseBytes !== undefined) checkByteCount(req.maxResponseBytes, 'maxResponseBytes');
    const state: AttemptState = { requestId: nextRequestId(), attempt: 0 };
    let url = this.url(req.path, req.query);
    for (let redirects = 0; ; redirects++) {
      const response = await this.#exchange(url, req, state);
      if (!REDIRECT_STATUSES.has(response.status) || !response.headers.has('location')) return response;
      url = this.#followRedirect(url, response, req, redirects, state);
    }
  }

  /**
   * Tells the `onRetry` hook (and the logger) that a request which got an answer is sent again
   * by the layer above, e.g. because its 2xx body was cut short: `answered` is that request's
   * response, `reason` says why. The resend itself is a new request with its own id.
   */
  reportRetry(
    req: HttpRequest,
    answered: Pick<HttpResponse, 'requestId' | 'attempts'>,
    reason: string,
  ): void {
    const onRetry = this.#hooks.onRetry;
    if (!onRetry) return;
    const url = redactUrl(this.#secrets.redactText(this.url(req.path, req.query)));
    const state: AttemptState = { requestId: answered.requestId, attempt: answered.attempts };
    safeCall(onRetry, { ...this.#event(url, req, state), reason });
  }

  /**
   * Decides whether a redirect is followed and returns the target, or throws {@link RedirectError}.
   * Followed only when the target has the same origin (scheme, host and port) and the request can
   * be repeated as sent: an idempotent request on 307/308 (method and body kept), an idempotent
   * GET or HEAD on 301/302/303. At most {@link MAX_REDIRECTS} in a row.
   */
  #followRedirect(
    from: string,
    response: HttpResponse,
    req: HttpRequest,
    redirects: number,
    state: AttemptState,
  ): string {
    const location = response.headers.get('location') ?? '';
    let target: URL | undefined;
    try {
      target = new URL(location, from);
    } catch {
      target = undefined;
    }
    const source = new URL(from);
    const { status } = response;
    const keepsMethod = status === 307 || status === 308;
    let reason: string | undefined;
    if (!target) reason = 'its Location header is not a valid URL';
    else if (source.protocol === 'https:' && target.protocol !== 'https:')
      reason = 'it would send the request from https to plain http';
    else if (target.origin !== source.origin)
      reason = 'it points to another origin (host, port or scheme), which must never receive the credentials';
    else if (redirects >= MAX_REDIRECTS) reason = `too many redirects (more than ${MAX_REDIRECTS} in a row)`;
    else if (!req.idempotent) reason = 'the request is not safe to repeat (it may already have taken effect)';
    else if (!keepsMethod && req.method !== 'GET' && req.method !== 'HEAD')
      reason = `a ${status} would turn the ${req.method} into a GET`;
    if (target && reason === undefined) return target.toString();
    const shown = redactUrl(this.#secrets.redactText(target ? target.toString() : location));
    const info: RequestInfo = {
      method: req.method,
      url: redactUrl(this.#secrets.redactText(from)),
      attempts: state.attempt,
    };
    const failure = new RedirectError(
      `${info.method} ${info.url} was redirected (${status}) to ${shown}, which the SDK does not follow: ${reason}. ` +
        'Point the client at the final URL (`baseUrl` / `endpoint`) if the move is expected.',
      { request: info, status, location: shown },
    );
    safeCall(this.#hooks.onError, { ...this.#event(info.url, req, state), error: failure });
    throw failure;
  }

  #event(url: string, req: HttpRequest, state: AttemptState): RequestEvent {
    return {
      requestId: state.requestId,
      method: req.method,
      url,
      headers: redactHeaders(
        { accept: 'application/json', ...this.#options.headers, ...req.headers },
        this.#customHeaders,
        this.#secrets,
      ),
      attempt: state.attempt,
      ...(req.operation === undefined ? {} : { operation: req.operation }),
    };
  }

  /** One request to `url` through ky (retries included); redirects come back as responses. */
  async #exchange(url: string, req: HttpRequest, state: AttemptState): Promise<HttpResponse> {
    const { requestId } = state;
    const retry = this.#options.retry ?? {};
    const maxRetries = req.idempotent || req.unprocessedStatuses?.length ? maxRetriesOf(retry) : 0;
    const hooks = this.#hooks;
    // The redacted URL is only needed for hooks and errors: built once, on first use.
    let redactedUrl: string | undefined;
    const describe = (): RequestInfo => {
      redactedUrl ??= redactUrl(this.#secrets.redactText(url));
      return { method: req.method, url: redactedUrl };
    };
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.#options.headers,
      ...req.headers,
    };
    let attemptStart = 0;
    const event = () => this.#event(describe().url, req, state);
    // `signal` is ky's request signal: it follows the caller's signal and also aborts when
    // `totalTimeoutMs` runs out, so a call that times out while queued for a rate-limit slot
    // leaves the queue instead of claiming a slot (and firing onRequest) later. `previous` is the
    // error response being retried, if any (DBackup's pacer holds its bucket after a 429).
    const totalMs = this.#options.totalTimeoutMs;
    // ky measures totalTimeout in real time, whatever clock paces the requests.
    const deadline = totalMs === undefined ? undefined : performance.now() + totalMs;
    // An attempt is counted (and timed) as it starts: by startAttempt when a hook runs before it
    // (pacing, onRequest, a retry), else by observedFetch. Without onRequest, and without pacing
    // of first attempts, no beforeRequest hook is installed at all: ky's hook machinery cost more
    // than the rest of the SDK's work on a small response.
    let counted = false;
    const startAttempt = async (signal: AbortSignal, previous?: Response) => {
      state.attempt += 1;
      counted = true;
      const pacer = this.#pacer;
      if (pacer && !signal.aborted) await pacer.acquire(req.method, signal, previous);
      else if (pacer) {
        // After a per-attempt timeout ky's signal is already aborted until the next fetch: bound
        // the wait by the caller's signal and what is left of the total deadline instead.
        const left = deadline === undefined ? undefined : deadline - performance.now();
        await withDeadline(req.signal, left, (bounded) => pacer.acquire(req.method, bounded, previous));
      }
      attemptStart = this.clock.now();
      // Events (with their redacted headers) are built only for hooks that are there.
      if (hooks.onRequest) safeCall(hooks.onRequest, event());
    };

    // Each attempt's response is observed here, as it arrives, rather than in an afterResponse
    // hook: ky hands such a hook a clone of the response, and cloning tees the body, which cost
    // more than the rest of the SDK's work on a response.
    const custom = this.#options.fetch;
    const observedFetch = async (input: Request | URL | string, init?: RequestInit): Promise<Response> => {
      if (!counted) {
        state.attempt += 1;
        attemptStart = this.clock.now();
      }
      counted = false;
      const response = await (custom ? custom(input, init) : globalThis.fetch(input, init));
      if (response.status === 429) this.#pacer?.rateLimited?.(req.method);
      if (hooks.onResponse) {
        safeCall(hooks.onResponse, {
          ...event(),
          status: response.status,
          responseHeaders: redactHeaders(response.headers, undefined, this.#secrets),
          durationMs: this.clock.now() - attemptStart,
        });
      }
      return response;
    };

    try {
      // Only what differs from ky's defaults is passed: ky merges and normalizes its options on
      // every call, in time that grows with their size.
      const kyOptions: KyOptions = {
        method: req.method,
        headers,
        // Redirects are decided by followRedirect: fetch must never follow one on its own.
        redirect: 'manual',
        fetch: observedFetch,
        timeout: req.timeoutMs ?? this.#options.timeoutMs ?? 30_000,
        parseJson: parseJsonLenient,
        retry: {
          limit: maxRetries,
          // This request's method: whether it may be retried is decided by `limit` and shouldRetry.
          methods: [req.method.toLowerCase()],
          statusCodes: RETRY_STATUSES,
          maxRetryAfter: retry.maxRetryAfterMs ?? 60_000,
          // Already capped at maxDelayMs, so ky's backoffLimit is left at its default.
          delay: (n) => backoffStepMs(retry, n),
          jitter: true,
          retryOnTimeout: true,
          shouldRetry: ({ error }) => {
            if (isHTTPError(error) && req.isPermanent?.(error.response.status, error.data)) return false;
            if (req.idempotent) return undefined;
            return isHTTPError(error) && req.unprocessedStatuses?.includes(error.response.status)
              ? undefined
              : false;
          },
        },
        hooks: {
          beforeRequest:
            (this.#pacer && !this.#pacer.retriesOnly) || hooks.onRequest
              ? [({ request }) => startAttempt(request.signal)]
              : [],
          beforeRetry: [
            async ({ error, request }) => {
              const reason = isHTTPError(error)
                ? `status ${error.response.status}`
                : isTimeoutError(error)
                  ? 'timeout'
                  : 'network error';
              if (hooks.onRetry) safeCall(hooks.onRetry, { ...event(), reason });
              await startAttempt(request.signal, isHTTPError(error) ? error.response : undefined);
            },
          ],
        },
      };
      if (req.json !== undefined) kyOptions.json = req.json;
      if (req.signal !== undefined) kyOptions.signal = req.signal;
      if (this.#options.totalTimeoutMs !== undefined) kyOptions.totalTimeout = this.#options.totalTimeoutMs;
      const response = await ky(url, kyOptions);
      const timeoutMs = req.timeoutMs ?? this.#options.timeoutMs ?? 30_000;
      if (req.responseType === 'stream') {
        return {
          status: response.status,
          headers: response.headers,
          body: undefined,
          response,
          stream: response.body ? guardStream(response.body, timeoutMs, req.signal, describe()) : undefined,
          attempts: state.attempt,
          requestId,
        };
      }
      const maxBytes = req.maxResponseBytes ?? this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const body = parseJsonLenient(await readBody(response, timeoutMs, req.signal, maxBytes, describe));
      return {
        status: response.status,
        headers: response.headers,
        body,
        response,
        attempts: state.attempt,
        requestId,
      };
    } catch (error) {
      if (error instanceof HTTPError) {
        return {
          status: error.response.status,
          headers: error.response.headers,
          body: error.data,
          response: error.response,
          attempts: state.attempt,
          requestId,
        };
      }
      const failure = this.#toSdkError(error, { ...describe(), attempts: state.attempt }, req);
      if (hooks.onError) safeCall(hooks.onError, { ...event(), error: failure });
      throw failure;
    }
  }

  #toSdkError(error: unknown, info: RequestInfo, req: HttpRequest): Error {
    const what = `${info.method} ${info.url}`;
    if (error instanceof AbortError) return error;
    if (req.signal?.aborted) {
      return new AbortError(`${what} was aborted by the caller's AbortSignal.`, info, {
        cause: req.signal.reason,
      });
    }
    if (isTimeoutError(error) || error instanceof BodyTimeout) {
      const ms = req.timeoutMs ?? this.#options.timeoutMs ?? 30_000;
      return new TimeoutError(
        `${what} timed out (timeout ${ms} ms per attempt${this.#options.totalTimeoutMs ? `, ${this.#options.totalTimeoutMs} ms in total` : ''}, ${info.attempts} attempt(s)). ` +
          'Check that the server is reachable, or raise `timeoutMs`.',
        info,
        ms,
        { cause: this.#sanitizeCause(error) },
      );
    }
    if (error instanceof ConfigError) return error;
    const detail = errorDetail(error);
    if (isKyError(error) || error instanceof TypeError) {
      return new NetworkError(
        `${what} failed before a response arrived${detail ? ` (${redactUrl(this.#secrets.redactText(detail))})` : ''} after ${info.attempts} attempt(s). ` +
          'Check the URL, DNS, TLS and network connectivity.',
        info,
        { cause: this.#sanitizeCause(error) },
      );
    }
    if (error instanceof SdkError) return error;
    // Anything else (e.g. an injected fetch that throws) is still a transport failure: keep it typed.
    return new NetworkError(
      `${what} failed: ${redactUrl(this.#secrets.redactText(error instanceof Error ? error.message : String(error)))}`,
      info,
      { cause: this.#sanitizeCause(error) },
    );
  }

  /** ky errors carry the Request (with credential headers); keep only a redacted summary. */
  #sanitizeCause(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    const copy = new Error(redactUrl(this.#secrets.redactText(error.message)));
    copy.name = error.name;
    const detail = errorDetail(error);
    if (detail) copy.cause = redactUrl(this.#secrets.redactText(detail));
    return copy;
  }
}

/** Largest timer delay a runtime accepts (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

function checkDuration(value: unknown, name: string, allowZero = false): void {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value > MAX_TIMER_MS ||
    (allowZero ? value < 0 : value <= 0)
  ) {
    throw new ConfigError(
      `\`${name}\` must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds up to ${MAX_TIMER_MS} (got ${String(value)}).`,
    );
  }
}

function checkByteCount(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`\`${name}\` must be a positive whole number of bytes (got ${String(value)}).`);
  }
}

/**
 * Validates the timeout and retry options shared by both clients.
 *
 * @throws ConfigError before any request is sent.
 */
export function checkTransportOptions(options: TransportOptions): void {
  if (options.timeoutMs !== undefined) checkDuration(options.timeoutMs, 'timeoutMs');
  if (options.totalTimeoutMs !== undefined) checkDuration(options.totalTimeoutMs, 'totalTimeoutMs');
  const retry = options.retry ?? {};
  const { maxRetries } = retry;
  if (maxRetries !== undefined && (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10)) {
    throw new ConfigError(
      `\`retry.maxRetries\` must be an integer from 0 to 10 (got ${String(maxRetries)}).`,
    );
  }
  if (retry.baseDelayMs !== undefined) checkDuration(retry.baseDelayMs, 'retry.baseDelayMs', true);
  if (retry.maxDelayMs !== undefined) checkDuration(retry.maxDelayMs, 'retry.maxDelayMs', true);
  if (retry.maxRetryAfterMs !== undefined)
    checkDuration(retry.maxRetryAfterMs, 'retry.maxRetryAfterMs', true);
  if (options.maxResponseBytes !== undefined) checkByteCount(options.maxResponseBytes, 'maxResponseBytes');
  checkBooleanOption(options.allowInsecureHttp, 'allowInsecureHttp', 'Client options');
  if (options.headers !== undefined) {
    const { headers } = options;
    if (
      headers === null ||
      typeof headers !== 'object' ||
      Array.isArray(headers) ||
      !Object.values(headers).every((value) => typeof value === 'string')
    ) {
      throw new ConfigError('`headers` must be an object of header names to string values.');
    }
  }
  if (options.hooks !== undefined && (options.hooks === null || typeof options.hooks !== 'object')) {
    throw new ConfigError('`hooks` must be an object of observer functions (onRequest, onResponse, …).');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new ConfigError('`fetch` must be a fetch-compatible function.');
  }
}

/**
 * Reads a response body within `timeoutMs` (ky's timeout ends when the headers arrive, so a body
 * that stalls would otherwise hang forever) and at most `maxBytes` bytes: a `Content-Length` over
 * the cap fails before reading, and a body that grows past it fails as soon as it does. Either way
 * the rest of the body is cancelled, never buffered.
 */
async function readBody(
  response: Response,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  maxBytes: number,
  describe: () => RequestInfo,
): Promise<string> {
  const tooLarge = (detail: string) => {
    const info = describe();
    return new ResponseTooLargeError(
      `${info.method} ${info.url} answered with a body ${detail}, over the ${maxBytes}-byte cap. ` +
        'The rest was not read. Raise `maxResponseBytes` (per client or per call) if such a body is expected.',
      info,
      maxBytes,
    );
  };
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    response.body?.cancel().catch(() => undefined);
    throw tooLarge(`of ${declared} bytes (Content-Length)`);
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyTimeout()), timeoutMs);
    onAbort = () =>
      reject(
        new AbortError('Reading the response was aborted by the caller.', undefined, {
          cause: signal?.reason,
        }),
      );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const readAll = async () => {
    const text = await readCappedText(reader, maxBytes);
    if (text === undefined) throw tooLarge(`of more than ${maxBytes} bytes`);
    return text;
  };
  try {
    return await Promise.race([readAll(), stop]);
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Wraps a download stream. From the response headers on, the connection must make progress within
 * `timeoutMs`: a read that gets no data, or a stream nobody reads, ends with `TimeoutError` and the
 * connection is closed, so an unread download never keeps the process alive. An abort of `signal`
 * closes it at any time; failures surface as the SDK's typed errors instead of a raw
 * `DOMException` or `TypeError`.
 */
function guardStream(
  body: ReadableStream<Uint8Array>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  info: RequestInfo,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const what = `${info.method} ${info.url}`;
  const noProgress = () =>
    new TimeoutError(
      `${what}: the download made no progress for ${timeoutMs} ms (nothing arrived, or nothing read it); the connection was closed.`,
      info,
      timeoutMs,
    );
  const aborted = () =>
    new AbortError(`${what}: the download was aborted by the caller.`, info, { cause: signal?.reason });
  /** Watches the time between reads (and before the first): nobody reading must not hold the connection. */
  let idle: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  let fail: (error: unknown) => void = () => undefined;
  const release = () => {
    finished = true;
    clearTimeout(idle);
    signal?.removeEventListener('abort', onAbort);
  };
  const watchIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => fail(noProgress()), timeoutMs);
  };
  const onAbort = () => fail(aborted());
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        fail = (error) => {
          if (finished) return;
          release();
          reader.cancel().catch(() => undefined);
          controller.error(error);
        };
        if (signal?.aborted) onAbort();
        else {
          signal?.addEventListener('abort', onAbort, { once: true });
          watchIdle();
        }
      },
      async pull(controller) {
        clearTimeout(idle);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const stalled = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(noProgress()), timeoutMs);
        });
        try {
          const chunk = await Promise.race([reader.read(), stalled]);
          if (finished) return;
          if (chunk.done) {
            release();
            controller.close();
          } else {
            controller.enqueue(chunk.value);
            watchIdle();
          }
        } catch (error) {
          if (finished) return;
          release();
          reader.cancel().catch(() => undefined);
          controller.error(
            error instanceof SdkError
              ? error
              : signal?.aborted
                ? aborted()
                : new NetworkError(`${what}: the connection failed while downloading.`, info, {
                    cause: error,
                  }),
          );
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Marker for a body read that ran out of time; mapped to {@link TimeoutError}. */
class BodyTimeout extends Error {
  override name = 'BodyTimeout';
}

/** The innermost useful message of a fetch failure, e.g. `connect ECONNREFUSED 127.0.0.1:1`. */
function errorDetail(error: unknown): string | undefined {
  let current: unknown = error;
  let detail: string | undefined;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') detail = `${code}: ${current.message}`;
    else if (depth > 0) detail = current.message;
    current = current.cause;
  }
  return detail;
}
