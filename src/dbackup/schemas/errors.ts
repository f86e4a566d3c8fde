/**
 * Reading DBackup error bodies, which are not uniform: `{ error }` (jobs, history, adapters,
 * storage files), `{ success: false, error }` (executions, run, cancel, storage history), plain
 * text (`Too Many Requests` on 429), or an empty body (uncaught 500s, e.g. a disabled or expired
 * API key on most routes).
 *
 * @module
 */
import * as z from 'zod';
import { lenientBoolean } from '../../core/lenient';
import { isRecord } from './shared';

/** A JSON error body: `{ error }` or `{ success: false, error }`. Unknown keys are kept. */
export const dbackupErrorBodySchema = z.looseObject({
  /** `false` on the routes that add it. */
  success: lenientBoolean.optional(),
  /** The human-readable message. */
  error: z.string(),
});

/** A parsed JSON error body. */
export interface DBackupErrorBody extends z.output<typeof dbackupErrorBodySchema> {}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The human-readable message of an error body, whatever its shape: `error` of a JSON object
 * (or `error.message`, or a top-level `message`), a non-empty plain-text body, or `undefined`
 * for an empty or unreadable body.
 *
 * @param body - The parsed JSON body, or the raw text when the body was not JSON.
 */
export function errorMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed === '') return undefined;
    if (trimmed.startsWith('{')) {
      try {
        return errorMessageOf(JSON.parse(trimmed) as unknown) ?? trimmed;
      } catch {
        return trimmed;
      }
    }
    return trimmed;
  }
  if (!isRecord(body)) return undefined;
  const { error, message } = body;
  if (isRecord(error)) return text(error.message) ?? text(message);
  return text(error) ?? text(message);
}

const PERMISSION_DENIED = /permission denied:\s*([A-Za-z0-9_-]+:[A-Za-z0-9_-]+)/i;

/**
 * The permission named by a "Permission denied: jobs:execute required" message (→
 * `'jobs:execute'`), or `undefined`. DBackup answers 403 only on `POST /api/jobs/:id/run`;
 * elsewhere a missing permission comes back as a 500 with this message (or an empty body).
 */
export function missingPermissionOf(message: string | null | undefined): string | undefined {
  if (!message) return undefined;
  return PERMISSION_DENIED.exec(message)?.[1];
}
