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
  type RequestInfo,
  ResponseValidationError,
  SdkError,
  type SdkErrorOptions,
  TimeoutError,
} from './errors';
export type {
  ErrorEvent,
  HttpHooks,
  HttpMethod,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  RetryOptions,
  TransportOptions,
} from './http';
export { REDACTED } from './redact';
