/**
 * Checks of caller arguments shared by every public method: the per-call options object, its
 * `signal` and `timeoutMs`, and object-shaped arguments. Each throws {@link ConfigError} before any
 * request is sent, so a wrong-typed argument never turns into a silent default, a raw `TypeError`
 * or `RangeError`, or a half-done action.
 *
 * @module
 */
import { ConfigError } from './errors';

/** Largest timer delay a runtime accepts (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** A short description of a bad argument for messages (never the whole value). */
export function describeArgument(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `"${value.slice(0, 40)}"`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return `${typeof value} ${String(value)}`;
  return typeof value;
}

/**
 * Checks that `value` is a plain options object (or `undefined`, giving `{}`) and returns it.
 *
 * @throws ConfigError for `null`, an array, a number, a string…
 */
export function checkObjectArgument<T extends object>(value: T | undefined, name: string, where: string): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `${where}: \`${name}\` must be an object or left out (got ${describeArgument(value)}).`,
    );
  }
  return value;
}

/**
 * Checks a whole number of milliseconds from 1 up to the runtime's timer limit.
 *
 * @throws ConfigError for a fraction, zero, a negative number, a string…
 */
export function checkMilliseconds(value: unknown, name: string, where: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TIMER_MS) {
    throw new ConfigError(
      `${where}: \`${name}\` must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS} (got ${describeArgument(value)}).`,
    );
  }
}

/** Per-call options every method of both clients accepts. */
interface CallOptionsShape {
  signal?: unknown;
  timeoutMs?: unknown;
  maxResponseBytes?: unknown;
}

/**
 * Checks per-call options: an object (or `undefined`), `signal` an `AbortSignal`, `timeoutMs` a
 * whole number of milliseconds, `maxResponseBytes` a positive whole number. Returns the options,
 * `{}` for `undefined`.
 *
 * @throws ConfigError before any request.
 */
export function checkCallOptions<T extends object>(options: T | undefined, where: string): T {
  const checked = checkObjectArgument(options, 'options', where);
  const { signal, timeoutMs, maxResponseBytes } = checked as CallOptionsShape;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ConfigError(
      `${where}: \`signal\` must be an AbortSignal, e.g. \`AbortSignal.timeout(5000)\` (got ${describeArgument(signal)}).`,
    );
  }
  if (timeoutMs !== undefined) checkMilliseconds(timeoutMs, 'timeoutMs', where);
  if (
    maxResponseBytes !== undefined &&
    (typeof maxResponseBytes !== 'number' || !Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1)
  ) {
    throw new ConfigError(
      `${where}: \`maxResponseBytes\` must be a positive whole number of bytes (got ${describeArgument(maxResponseBytes)}).`,
    );
  }
  return checked;
}

/**
 * Checks an optional boolean option.
 *
 * @throws ConfigError for `'false'`, `0`, `null`…
 */
export function checkBooleanOption(value: unknown, name: string, where: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new ConfigError(`${where}: \`${name}\` must be true or false (got ${describeArgument(value)}).`);
  }
}
