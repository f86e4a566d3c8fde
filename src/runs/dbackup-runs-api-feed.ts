/**
 * The DBackup part of {@link collectRuns} on servers with the 3.4 runs API: the newest 100 runs
 * from `history.runs.list` instead of `history.list`. Each row carries DBackup's `note` (what went
 * wrong), which survives log retention, so failed, partial and cancelled runs keep a message
 * without any extra request; with `details: true`, `history.runs.get` adds the destinations
 * (`uploads`) as objects. Run ids are execution ids, so `BackupRun.id` stays
 * `dbackup:<execution id>` and a checkpoint carries across a server upgrade.
 *
 * @module
 */
import { type BackupRun, isTerminalStatus } from '../normalize/backup-run';
import { normalizeRun } from '../normalize/normalize-run';
import type { Candidate, CollectRunsInput, DBackupFeedSource, RunFeedError } from './feed-types';
import { describe, normalizeOptions, vendorId } from './normalize-record';
import type { FeedCallOptions } from './sources';

/** What the feed needs from a client to use the runs API (a `DBackupClient` has it). */
interface RunsApiClient {
  detectVersion(options?: FeedCallOptions): Promise<{ runs: boolean }>;
  history: {
    runs: {
      list(
        options: FeedCallOptions & { page: number; pageSize: number },
      ): Promise<{ rows: readonly unknown[] }>;
      get(id: string, options?: FeedCallOptions): Promise<unknown>;
    };
  };
}

/** Runs read per poll: the runs API's largest page, as many as `GET /api/history` returns. */
const RUNS_PER_POLL = 100;

/** Candidates that came from the runs API (their record is a run row, not an execution). */
const fromRunsApi = new WeakSet<Candidate>();

/** Whether `candidate` came from the runs API (its row already carries DBackup's `note`). */
export function isRunsApiCandidate(candidate: Candidate): boolean {
  return fromRunsApi.has(candidate);
}

function hasRunsApi(client: unknown): client is RunsApiClient {
  const c = client as Partial<RunsApiClient> | null;
  return (
    typeof c?.detectVersion === 'function' &&
    typeof c.history?.runs?.list === 'function' &&
    typeof c.history.runs.get === 'function'
  );
}

function callOptions(input: CollectRunsInput): FeedCallOptions {
  return input.signal ? { signal: input.signal } : {};
}

function normalizeRunRecord(record: unknown, input: CollectRunsInput): BackupRun {
  return normalizeRun({ source: 'dbackup', run: record as never }, normalizeOptions(input, 'dbackup'));
}

/**
 * Reads the newest runs through the runs API when the client has it and the server answers it
 * (3.4+). Returns `undefined` to fall back to the history list: a client without the API, a
 * server older than 3.4, or a version check that failed (the history read then reports the
 * failure, if it persists). The version check costs one request, once per client.
 */
export async function fetchDBackupRunsApi(
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<{ ok: boolean; items: Candidate[]; listed: ReadonlySet<string> } | undefined> {
  const client: unknown = feed.client;
  if (!hasRunsApi(client)) return undefined;
  try {
    if (!(await client.detectVersion(callOptions(input))).runs) return undefined;
  } catch {
    return undefined;
  }
  let rows: readonly unknown[];
  try {
    const page = await client.history.runs.list({ ...callOptions(input), page: 1, pageSize: RUNS_PER_POLL });
    if (!Array.isArray(page?.rows)) throw new TypeError('history.runs.list() returned no rows array');
    rows = page.rows;
  } catch (error) {
    errors.push({
      source: 'dbackup',
      stage: 'fetch',
      message: `DBackup runs failed: ${describe(error)}`,
      error,
    });
    return { ok: false, items: [], listed: new Set() };
  }
  const items: Candidate[] = [];
  const listed = new Set<string>();
  for (const row of rows) {
    const id = vendorId(row);
    if (id !== undefined) listed.add(id);
    try {
      const candidate: Candidate = { run: normalizeRunRecord(row, input), record: row };
      fromRunsApi.add(candidate);
      items.push(candidate);
    } catch (error) {
      errors.push({
        source: 'dbackup',
        stage: 'normalize',
        message: `dbackup record${id ? ` ${id}` : ''} skipped: ${describe(error)}`,
        error,
        ...(id ? { recordId: id } : {}),
      });
    }
  }
  return { ok: true, items, listed };
}

/**
 * For a candidate from the runs API: with `details: true`, a terminal run is read again with
 * `history.runs.get` (adds `uploads` as destination objects and the databases). Otherwise, or
 * when that read fails (reported as `stage: 'details'`), the row's run is delivered. Returns
 * `undefined` for candidates that did not come from the runs API.
 */
export async function runsApiDetails(
  candidate: Candidate,
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<BackupRun | undefined> {
  if (!fromRunsApi.has(candidate)) return undefined;
  const client: unknown = feed.client;
  // The row's `note` already carries the message, so only `details: true` reads the detail (for `uploads`).
  if (feed.details !== true || !hasRunsApi(client) || !isTerminalStatus(candidate.run.status))
    return candidate.run;
  try {
    const run = normalizeRunRecord(
      await client.history.runs.get(candidate.run.externalId, callOptions(input)),
      input,
    );
    // The detail may have moved on since the list; keep the status the decision was made on.
    return run.status === candidate.run.status && run.id === candidate.run.id ? run : candidate.run;
  } catch (error) {
    errors.push({
      source: 'dbackup',
      stage: 'details',
      message: `DBackup run ${candidate.run.externalId} details failed: ${describe(error)}`,
      error,
      recordId: candidate.run.externalId,
    });
    return candidate.run;
  }
}
