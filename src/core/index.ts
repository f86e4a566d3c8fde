/**
 * The public part of the shared core: the error family, transport options, observer hooks and the
 * clock interface. Both clients accept {@link TransportOptions}.
 *
 * @module
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
  checkBaseUrl,
  DEFAULT_MAX_RESPONSE_BYTES,
  type ErrorEvent,
  type HttpHooks,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  HttpTransport,
  type RequestEvent,
  type RequestPacer,
  type ResponseEvent,
  type RetryEvent,
  type RetryOptions,
  type TransportOptions,
} from './http';
export { SlidingWindowLimiter, type SlidingWindowOptions } from './limiter';
export { combineHooks, type Logger, type LogLevel, loggingHooks } from './logging';
export { REDACTED, SecretStore } from './redact';
