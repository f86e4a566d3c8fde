/**
 * Normalizing one vendor record inside the feed, reporting failures instead of throwing.
 *
 * @module
 */
import { ResponseValidationError } from '../core/errors';
import type { RejectedRecord } from '../cove';
import type { BackupRun, RunSource } from '../normalize/backup-run';
import { type NormalizeOptions, normalizeRun } from '../normalize/normalize-run';
import type { CollectRunsInput, RunFeedError } from './feed-types';

/** `input.normalize`, with the source's own `instance` when it has one. */
export function normalizeOptions(input: CollectRunsInput, source: RunSource): NormalizeOptions | undefined {
  const instance = input[source]?.instance;
  return instance === undefined ? input.normalize : { ...input.normalize, instance };
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function tryNormalize(
  source: RunSource,
  record: unknown,
  input: CollectRunsInput,
  errors: RunFeedError[],
): BackupRun | undefined {
  try {
    return source === 'cove'
      ? normalizeRun({ source, statistics: record as never }, normalizeOptions(input, source))
      : normalizeRun({ source, execution: record as never }, normalizeOptions(input, source));
  } catch (error) {
    const recordId = vendorId(record);
    errors.push({
      source,
      stage: 'normalize',
      message: `${source} record${recordId ? ` ${recordId}` : ''} skipped: ${describe(error)}`,
      error,
      ...(recordId ? { recordId } : {}),
    });
    return undefined;
  }
}

export function vendorId(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  const id = r.id ?? r.accountId ?? r.AccountId;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** A statistics row the client could not read: reported, while the other rows are delivered. */
export function rejectedRowError(row: RejectedRecord): RunFeedError {
  const which = `statistics row ${row.index}${row.id === undefined ? '' : ` (AccountId ${row.id})`}`;
  return {
    source: 'cove',
    stage: 'normalize',
    message: `Cove ${which} skipped: ${row.reason}`,
    error: new ResponseValidationError(
      `Cove sent a ${which} the SDK cannot read: ${row.reason}. The other rows were delivered.`,
      { path: `result[${row.index}]`, issues: row.issues, excerpt: '' },
    ),
    ...(row.id === undefined ? {} : { recordId: String(row.id) }),
  };
}
