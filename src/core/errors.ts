/**
 * The SDK's error family. Every error this package throws extends {@link SdkError}, so one
 * `instanceof SdkError` check catches them all; subclasses say what kind of failure it was.
 *
 * Messages never contain secrets: API keys, passwords and visas are redacted before an error is
 * built (see `core/redact.ts`).
 *
 * @module
 */

/** Options shared by every SDK error constructor. */
export interface SdkErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

/** Base class of every error thrown by `@backupchecks/sdk`. */
export class SdkError extends Error {
  override name = 'SdkError';

  constructor(message: string, options: SdkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/**
 * Bad options or arguments from the caller. Always thrown **before** any request is sent, so it is
 * safe to catch and correct.
 */
export class ConfigError extends SdkError {
  override name = 'ConfigError';
}

/** Details about the request that failed, carried by transport errors (all secrets redacted). */
export interface RequestInfo {
  /** HTTP method. */
  method: string;
  /** Request URL with secret query parameters masked. */
  url: string;
  /** Number of attempts made, including retries. */
  attempts?: number;
}

/** The connection failed before a response arrived (DNS, refused connection, TLS, reset). */
export class NetworkError extends SdkError {
  override name = 'NetworkError';
  /** The request that failed. */
  readonly request: RequestInfo;

  constructor(message: string, request: RequestInfo, options: SdkErrorOptions = {}) {
    super(message, options);
    this.request = request;
  }
}

/** The request did not complete within its timeout (per attempt, or the total deadline). */
export class TimeoutError extends SdkError {
  override name = 'TimeoutError';
  /** The request that timed out. */
  readonly request: RequestInfo;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number | undefined;

  constructor(message: string, request: RequestInfo, timeoutMs?: number, options: SdkErrorOptions = {}) {
    super(message, options);
    this.request = request;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the request through its `AbortSignal`. It is never retried. */
export class AbortError extends SdkError {
  override name = 'AbortError';
  /** The request that was aborted, when one had started. */
  readonly request: RequestInfo | undefined;

  constructor(message: string, request?: RequestInfo, options: SdkErrorOptions = {}) {
    super(message, options);
    this.request = request;
  }
}

/**
 * A response body did not match what the SDK relies on. `path` names the offending field
 * (e.g. `data.status`) and `excerpt` is a short, redacted piece of the body.
 */
export class ResponseValidationError extends SdkError {
  override name = 'ResponseValidationError';
  /** Dotted path of the first field that failed validation (`""` for the body itself). */
  readonly path: string;
  /** Every failed field as `path: problem` pairs. */
  readonly issues: readonly string[];
  /** A redacted excerpt of the body, at most a few hundred characters. */
  readonly excerpt: string;

  constructor(
    message: string,
    details: { path: string; issues: readonly string[]; excerpt: string },
    options: SdkErrorOptions = {},
  ) {
    super(message, options);
    this.path = details.path;
    this.issues = details.issues;
    this.excerpt = details.excerpt;
  }
}

/**
 * The server answered with a redirect the SDK does not follow: to another origin (host, port or
 * scheme, including https → http), a same-origin redirect of a request that cannot safely be
 * repeated as sent (a non-idempotent request, or a POST that 301/302/303 would turn into a GET),
 * or too many redirects in a row. Following any of them could send the credentials somewhere else
 * or repeat an action. Nothing was sent to the target.
 */
export class RedirectError extends SdkError {
  override name = 'RedirectError';
  /** The request that was redirected. */
  readonly request: RequestInfo;
  /** The redirect's HTTP status (301, 302, 303, 307 or 308). */
  readonly status: number;
  /** The redirect target from the `Location` header, resolved and redacted. */
  readonly location: string;

  constructor(
    message: string,
    details: { request: RequestInfo; status: number; location: string },
    options: SdkErrorOptions = {},
  ) {
    super(message, options);
    this.request = details.request;
    this.status = details.status;
    this.location = details.location;
  }
}

/**
 * A response body was larger than `maxResponseBytes` (default 64 MiB; set per client or per call).
 * The rest of the body was not read: the connection was closed as soon as the cap was passed, or
 * before reading when `Content-Length` already said so. Downloads (`storage.download`) are exempt.
 */
export class ResponseTooLargeError extends SdkError {
  override name = 'ResponseTooLargeError';
  /** The request whose response was too large. */
  readonly request: RequestInfo;
  /** The cap that applied, in bytes. */
  readonly limit: number;

  constructor(message: string, request: RequestInfo, limit: number, options: SdkErrorOptions = {}) {
    super(message, options);
    this.request = request;
    this.limit = limit;
  }
}
