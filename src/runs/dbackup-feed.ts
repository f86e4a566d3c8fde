/**
 * The DBackup part of {@link collectRuns}: the history list, execution details and follow-ups of
 * in-flight runs that left the history.
 *
 * @module
 */
import { type BackupRun, isTerminalStatus } from '../normalize/backup-run';
import { normalizeRun } from '../normalize/normalize-run';
import type { CheckpointEntry } from './checkpoint';
import { fetchDBackupRunsApi, isRunsApiCandidate, runsApiDetails } from './dbackup-runs-api-feed';
import {
  type Candidate,
  type CollectRunsInput,
  type DBackupFeedSource,
  DEFAULT_DBACKUP_MAX_FOLLOW_UPS,
  type RunFeedError,
} from './feed-types';
import { describe, normalizeOptions, tryNormalize, vendorId } from './normalize-record';

/** The job a previous poll saw for an execution id (see `CheckpointEntry.job`). */
export type JobMemory = (executionId: string) => CheckpointEntry['job'];

/**
 * Gives a record whose job was deleted (`jobId: null`) back the job a previous poll saw for it.
 * Restores, system tasks and records with a job id are returned as they are.
 */
export function withRememberedJob(record: unknown, memory: JobMemory | undefined): unknown {
  if (memory === undefined || record === null || typeof record !== 'object') return record;
  const { id, jobId, type } = record as { id?: unknown; jobId?: unknown; type?: unknown };
  if (typeof id !== 'string' || jobId !== null || (type !== undefined && type !== 'Backup')) return record;
  const job = memory(id);
  return job === undefined ? record : { ...record, jobId: job.id, jobName: job.name };
}

/** The job to remember for a delivered DBackup run: a real job id, never a stand-in. */
export function jobToRemember(run: BackupRun): CheckpointEntry['job'] {
  const { id, name } = run.job;
  if (run.source !== 'dbackup' || id.startsWith('task:') || id.startsWith('deleted-job:')) return undefined;
  return { id, name: name.slice(0, 200) };
}

/** Whether `run` is read with `executions.get` before delivery (see `DBackupFeedSource.details`). */
export function wantsDetails(run: BackupRun, feed: DBackupFeedSource): boolean {
  const details = feed.details ?? 'problems';
  if (details === false || typeof feed.client.executions?.get !== 'function') return false;
  if (!isTerminalStatus(run.status)) return false;
  return details === true || run.status !== 'success';
}

/**
 * Whether delivering `candidate` costs a detail read: {@link wantsDetails} for history items; for
 * runs-API rows (whose `note` already is the message) only with `details: true`.
 */
export function needsDetailRead(candidate: Candidate, feed: DBackupFeedSource): boolean {
  if (isRunsApiCandidate(candidate)) return feed.details === true && isTerminalStatus(candidate.run.status);
  return wantsDetails(candidate.run, feed);
}

/** Reads the history list and normalizes each execution; a failure is reported. */
export async function fetchDBackup(
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
  memory?: JobMemory,
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
  for (const listedRecord of executions) {
    const id = vendorId(listedRecord);
    if (id !== undefined) listed.add(id);
    const execution = withRememberedJob(listedRecord, memory);
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
  memory?: JobMemory,
): AsyncGenerator<BackupRun> {
  const executions = feed.client.executions;
  if (executions === undefined || typeof executions.get !== 'function') return;
  const limit = feed.maxFollowUps ?? DEFAULT_DBACKUP_MAX_FOLLOW_UPS;
  for (const id of ids.slice(0, Math.max(0, limit))) {
    try {
      const detail = await executions.get(id, {
        ...(feed.details !== false ? { includeLogs: true } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const run = normalizeRun(
        { source: 'dbackup', execution: withRememberedJob(detailBody(detail), memory) as never },
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

/**
 * Reads the run's detail with its log (when {@link wantsDetails}) and normalizes the history item
 * merged with it; on failure the run is delivered from the history item and the error reported.
 */
export async function withDetails(
  candidate: Candidate,
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
  memory?: JobMemory,
): Promise<BackupRun> {
  const viaRunsApi = await runsApiDetails(candidate, feed, input, errors);
  if (viaRunsApi !== undefined) return viaRunsApi;
  const executions = feed.client.executions;
  if (executions === undefined || !wantsDetails(candidate.run, feed)) return candidate.run;
  try {
    const detail = await executions.get(candidate.run.externalId, {
      includeLogs: true,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const merged = withRememberedJob(
      { ...(candidate.record as object), ...(detailBody(detail) as object) },
      memory,
    );
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
