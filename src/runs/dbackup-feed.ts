/**
 * The DBackup part of {@link collectRuns}: the history list, execution details and follow-ups of
 * in-flight runs that left the history.
 *
 * @module
 */
import { type BackupRun, isTerminalStatus } from '../normalize/backup-run';
import { normalizeRun } from '../normalize/normalize-run';
import { fetchDBackupRunsApi, runsApiDetails } from './dbackup-runs-api-feed';
import {
  type Candidate,
  type CollectRunsInput,
  type DBackupFeedSource,
  DEFAULT_DBACKUP_MAX_FOLLOW_UPS,
  type RunFeedError,
} from './feed-types';
import { describe, normalizeOptions, tryNormalize, vendorId } from './normalize-record';

/** Reads the history list and normalizes each execution; a failure is reported. */
export async function fetchDBackup(
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<{ ok: boolean; items: Candidate[]; listed: ReadonlySet<string> }> {
  const viaRunsApi = await fetchDBackupRunsApi(feed, input, errors);
  if (viaRunsApi !== undefined) return viaRunsApi;
  let executions: readonly unknown[];
  try {
    const page = await feed.client.history.list(input.signal ? { signal: input.signal } : {});
    if (!Array.isArray(page?.executions)) throw new TypeError('history.list() returned no executions array');
    executions = page.executions;
  } catch (error) {
    errors.push({
      source: 'dbackup',
      stage: 'fetch',
      message: `DBackup history failed: ${describe(error)}`,
      error,
    });
    return { ok: false, items: [], listed: new Set() };
  }
  const items: Candidate[] = [];
  // Ids on the page, including records that could not be normalized: those are not followed up.
  const listed = new Set<string>();
  for (const execution of executions) {
    const id = vendorId(execution);
    if (id !== undefined) listed.add(id);
    const run = tryNormalize('dbackup', execution, input, errors);
    if (run) items.push({ run, record: execution });
  }
  return { ok: true, items, listed };
}

/** Response body of `executions.get`, unwrapped from `{data}` when the client did not. */
function detailBody(detail: unknown): unknown {
  return detail !== null && typeof detail === 'object' && 'data' in detail ? detail.data : detail;
}

/**
 * Reads each id with `executions.get` (one at a time: DBackup limits API calls) and yields the
 * normalized runs; failures are reported with `stage: 'follow-up'`.
 */
export async function* followUps(
  ids: readonly string[],
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): AsyncGenerator<BackupRun> {
  const executions = feed.client.executions;
  if (executions === undefined || typeof executions.get !== 'function') return;
  const limit = feed.maxFollowUps ?? DEFAULT_DBACKUP_MAX_FOLLOW_UPS;
  for (const id of ids.slice(0, Math.max(0, limit))) {
    try {
      const detail = await executions.get(id, {
        ...(feed.details ? { includeLogs: true } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const run = normalizeRun(
        { source: 'dbackup', execution: detailBody(detail) as never },
        normalizeOptions(input, 'dbackup'),
      );
      if (run.externalId !== id) throw new TypeError(`executions.get returned execution ${run.externalId}`);
      yield run;
    } catch (error) {
      errors.push({
        source: 'dbackup',
        stage: 'follow-up',
        message: `DBackup execution ${id} (in flight, no longer in the history) could not be read: ${describe(error)}`,
        error,
        recordId: id,
      });
      if (input.signal?.aborted) return; // One report, not one per remaining id.
    }
  }
}

export async function withDetails(
  candidate: Candidate,
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<BackupRun> {
  const viaRunsApi = await runsApiDetails(candidate, feed, input, errors);
  if (viaRunsApi !== undefined) return viaRunsApi;
  const get = feed.client.executions?.get;
  if (!feed.details || get === undefined || !isTerminalStatus(candidate.run.status)) return candidate.run;
  try {
    const detail = await get.call(feed.client.executions, candidate.run.externalId, {
      includeLogs: true,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const merged = { ...(candidate.record as object), ...(detailBody(detail) as object) };
    const run = normalizeRun(
      { source: 'dbackup', execution: merged as never },
      normalizeOptions(input, 'dbackup'),
    );
    // The detail may have moved on since the history list; keep the status the decision was made on.
    return run.status === candidate.run.status ? run : candidate.run;
  } catch (error) {
    errors.push({
      source: 'dbackup',
      stage: 'details',
      message: `DBackup execution ${candidate.run.externalId} details failed: ${describe(error)}`,
      error,
      recordId: candidate.run.externalId,
    });
    return candidate.run;
  }
}
