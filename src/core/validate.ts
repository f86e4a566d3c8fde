/**
 * Turns zod validation failures on server responses into {@link ResponseValidationError}, with
 * the path of the bad field and a redacted excerpt of the body.
 *
 * @module
 */
import type * as z from 'zod';
import { ResponseValidationError } from './errors';
import { excerpt, type SecretStore } from './redact';

/** Formats a zod issue path as `data.items[2].status`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * Validates a response body against `schema` and returns the parsed value.
 *
 * @param what - What the body is, for the message (e.g. `GET /api/executions/:id`).
 * @throws ResponseValidationError when the body does not match.
 */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string,
  secrets?: SecretStore,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (issue) => `${formatPath(issue.path) || '(body)'}: ${issue.message}`,
  );
  const first = result.error.issues[0];
  const path = first ? formatPath(first.path) : '';
  throw new ResponseValidationError(
    `${what} returned a body the SDK cannot read: ${issues.slice(0, 3).join('; ')}. ` +
      'The server may be a newer or incompatible version; please report this with the excerpt.',
    { path, issues, excerpt: excerpt(body, secrets) },
    { cause: result.error },
  );
}
