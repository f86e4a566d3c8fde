/**
 * The error `normalizeRun` throws for input it cannot read.
 *
 * @module
 */
import type * as z from 'zod';
import { SdkError, type SdkErrorOptions } from '../core/errors';

/**
 * The input given to `normalizeRun` (or a status map in its options) cannot be normalized: a
 * required value is missing, or a value has the wrong type. `field` names the offending field as a
 * dotted path from the input root, e.g. `execution.id` or `statistics.raw.D09F15`.
 *
 * Normalization never throws anything else for bad input: not a `TypeError`, not a zod error.
 */
export class NormalizeError extends SdkError {
  override name = 'NormalizeError';
  /** Dotted path of the offending field, from the root of the input (`input` for the root itself). */
  readonly field: string;

  constructor(field: string, problem: string, options: SdkErrorOptions = {}) {
    super(`Cannot normalize run: ${field}: ${problem}`, options);
    this.field = field;
  }
}

/** Formats a path as `execution.logs[3].level`, prefixed with `root`. */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * Parses `value` with `schema`, turning the first zod issue into a {@link NormalizeError} whose
 * `field` is `root` plus the issue path.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = fieldPath(root, issue?.path ?? []);
  throw new NormalizeError(field, issue?.message ?? 'invalid value', { cause: result.error });
}
