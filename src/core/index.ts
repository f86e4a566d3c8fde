/**
 * The shared core, exported from the package root `@backupchecks/sdk`: the error family every
 * failure belongs to, the transport options both clients accept ({@link TransportOptions}: timeouts,
 * retries, `fetch`, logging), the observer hooks and the clock interface.
 *
 * The HTTP transport, the rate limiter and the secret store behind them are internal and not
 * exported.
 *
 * @module core
 */
export { type Clock, systemClock } from './clock';
export {
  AbortError,
  ConfigError,
  NetworkError,
  RedirectError,
  type RequestInfo,
  ResponseTooLargeError,
  ResponseValidationError,
  SdkError,
  type SdkErrorOptions,
  TimeoutError,
} from './errors';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  type ErrorEvent,
  type HttpHooks,
  type HttpMethod,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  type RetryOptions,
  type TransportOptions,
} from './http';
export type { Logger, LogLevel } from './logging';
