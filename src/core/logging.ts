/**
 * Optional logging on top of the observer hooks: pass any console-like logger and a level, and
 * each request, response, retry and failure is written as one line, secrets already masked.
 *
 * @module
 */
import type { HttpHooks, RequestEvent } from './http';

/** Anything with console-style methods, e.g. `console`, pino or winston. */
export interface Logger {
  /** Every request and successful response. */
  debug(message: string): void;
  /** Not used by the SDK today; present so that `console` and common loggers fit. */
  info(message: string): void;
  /** Retries and error responses (status 400 and above). */
  warn(message: string): void;
  /** Requests that failed without a response (network, timeout, abort). */
  error(message: string): void;
}

/** The least severe level that is written; `'off'` writes nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 99 };

/** `POST https://…/jsonapi EnumerateAccountStatistics`: the method, URL and, when set, the operation. */
const target = (e: RequestEvent) => `${e.method} ${e.url}${e.operation ? ` ${e.operation}` : ''}`;

/**
 * Builds observer hooks that log through `logger` at `level` and above. Lines name the request id,
 * method, redacted URL, attempt, status and timing, never a credential.
 */
export function loggingHooks(logger: Logger, level: LogLevel = 'warn'): HttpHooks {
  const at = (wanted: LogLevel) => RANK[wanted] >= RANK[level];
  return {
    onRequest: at('debug')
      ? (e) => logger.debug(`[${e.requestId}] → ${target(e)} (attempt ${e.attempt})`)
      : undefined,
    onResponse: (e) => {
      const line = `[${e.requestId}] ← ${e.status} ${target(e)} in ${e.durationMs} ms`;
      if (e.status >= 400) {
        if (at('warn')) logger.warn(line);
      } else if (at('debug')) logger.debug(line);
    },
    onRetry: at('warn')
      ? (e) =>
          logger.warn(`[${e.requestId}] retrying ${target(e)} after ${e.reason} (attempt ${e.attempt + 1})`)
      : undefined,
    onError: at('error')
      ? (e) => logger.error(`[${e.requestId}] ✗ ${target(e)}: ${e.error.name}: ${e.error.message}`)
      : undefined,
  };
}

/** Calls every hook of `a`, then of `b`, for each event. */
export function combineHooks(a: HttpHooks | undefined, b: HttpHooks | undefined): HttpHooks | undefined {
  if (!a) return b;
  if (!b) return a;
  const both =
    <E>(x: ((event: E) => void) | undefined, y: ((event: E) => void) | undefined) =>
    (event: E) => {
      for (const hook of [x, y]) {
        try {
          hook?.(event);
        } catch {
          // One observer failing must not silence the other.
        }
      }
    };
  return {
    onRequest: both(a.onRequest, b.onRequest),
    onResponse: both(a.onResponse, b.onResponse),
    onRetry: both(a.onRetry, b.onRetry),
    onError: both(a.onError, b.onError),
  };
}
