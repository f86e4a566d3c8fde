/**
 * `collectRuns`: the checkpointed polling loop. Each call pulls from the given clients, normalizes
 * what they return, and delivers only what is new or changed since the checkpoint.
 *
 * @module
 */
import { ConfigError } from '../core/errors';
import type { ColumnCode } from '../cove';
import { type BackupRun, isTerminalStatus, type RunSource } from '../normalize/backup-run';
import { type NormalizeOptions, normalizeRun } from '../normalize/normalize-run';
import { type CheckpointEntry, parseCheckpoint, type RunCheckpoint } from './checkpoint';
import {
  type CoveStatisticsClient,
  type DBackupRunsClient,
  DEFAULT_COVE_FEED_COLUMNS,
  DEFAULT_COVE_PAGE_SIZE,
} from './sources';

/** Cove part of the feed: which client, which partner, which columns. */
export interface CoveFeedSource {
  /** A `CoveClient` or anything with `iterateAccountStatistics`. */
  client: CoveStatisticsClient;
  /** Partner whose devices to read (usually the login's `PartnerId`). */
  partnerId: number;
  /** Columns to request; default {@link DEFAULT_COVE_FEED_COLUMNS}. */
  columns?: readonly ColumnCode[];
  /** Rows per page; default 500. */
  pageSize?: number;
  /** Sort order passed to Cove for stable paging, e.g. `'I1 ASC'`. Default: none. */
  orderBy?: string;
  /** Copied to every run's `instance` (see `NormalizeOptions.instance`), e.g. a tenant name. */
  instance?: string;
}

/** DBackup part of the feed. */
export interface DBackupFeedSource {
  /** A `DBackupClient` or anything with `history.list`. */
  client: DBackupRunsClient;
  /**
   * Fetch `executions.get(id, { includeLogs: true })` for each run about to be delivered in a
   * terminal state, to add `sizeBytes` and `message` (history items lack them; for a `Partial`
   * run the detail's log is the only place DBackup 3.2.0 names the failed destination).
   * Costs one request per such run; DBackup limits API calls to 100 a minute. Default `false`.
   */
  details?: boolean;
  /**
   * Most follow-ups per poll (default {@link DEFAULT_DBACKUP_MAX_FOLLOW_UPS}). A follow-up is one
   * `executions.get(id)` for a run the checkpoint holds as `running`, `pending` or `unknown` that
   * has dropped out of the history page (the newest 100 by start time) before it finished; without
   * it such a run would never be delivered finished. Needs `client.executions`; `0` disables them.
   */
  maxFollowUps?: number;
  /**
   * Names this DBackup server, e.g. its base URL; copied to every run's `instance` (see
   * `NormalizeOptions.instance`). Job ids repeat across servers, so set it when you poll more
   * than one. Poll each server with its own `collectRuns` call **and its own checkpoint**: the
   * follow-ups of in-flight runs ask this source's client for every DBackup run in the checkpoint.
   */
  instance?: string;
}

/** Input of {@link collectRuns}. */
export interface CollectRunsInput {
  /** Poll Cove device statistics. */
  cove?: CoveFeedSource;
  /** Poll DBackup history. */
  dbackup?: DBackupFeedSource;
  /** The checkpoint returned by the previous call (object or JSON string); omit on the first poll. */
  checkpoint?: RunCheckpoint | string | null;
  /**
   * Passed to `normalizeRun` (status-map overrides, `instance`). A source's own `instance`
   * takes precedence over `normalize.instance`.
   */
  normalize?: NormalizeOptions;
  /**
   * Deliver runs that are still `running`, `pending` or `unknown`. Default `true`: they are
   * delivered when first seen, and again whenever their status changes. With `false` only
   * terminal runs are delivered, each once, finished (in-flight DBackup runs are recorded in the
   * checkpoint undelivered, so they can be followed up; in-flight Cove sessions are not recorded).
   */
  includeInFlight?: boolean;
  /**
   * How long a run may be absent from a **successful** poll of its source before the checkpoint
   * forgets it, in ms. Default 7 days. See {@link collectRuns} for why forgetting is safe.
   */
  horizonMs?: number;
  /** Upper bound on checkpoint entries. Default 10 000. */
  maxEntries?: number;
  /** Clock for `lastSeen`, in epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Aborts the fetches. */
  signal?: AbortSignal;
}

/** A problem reported by {@link collectRuns}; the other records and sources are still processed. */
export interface RunFeedError {
  /** Which source it concerns. */
  source: RunSource;
  /**
   * `fetch`: the source could not be read (its remaining runs are missing from this poll);
   * `normalize`: one record could not be normalized (skipped); `details`: an execution detail
   * could not be fetched (the run is delivered from the history item); `follow-up`: an in-flight
   * run that left the DBackup history could not be read or normalized (retried next poll).
   */
  stage: 'fetch' | 'normalize' | 'details' | 'follow-up';
  /** Human-readable summary. */
  message: string;
  /** The error thrown. */
  error: unknown;
  /** The record's vendor id or run id, when known. */
  recordId?: string;
}

/** Result of {@link collectRuns}. */
export interface CollectRunsResult {
  /** Runs to deliver, Cove first, each source in the order it returned them. */
  runs: BackupRun[];
  /** The checkpoint to store and pass to the next call. */
  checkpoint: RunCheckpoint;
  /** Per-source problems; empty when everything went well. */
  errors: RunFeedError[];
}

/** Default {@link CollectRunsInput.horizonMs}: 7 days. */
export const DEFAULT_CHECKPOINT_HORIZON_MS = 7 * 24 * 60 * 60 * 1000;
/** Default {@link CollectRunsInput.maxEntries}. */
export const DEFAULT_CHECKPOINT_MAX_ENTRIES = 10_000;
/** Default {@link DBackupFeedSource.maxFollowUps}: at most 50 `executions.get` follow-ups per poll. */
export const DEFAULT_DBACKUP_MAX_FOLLOW_UPS = 50;

interface Candidate {
  run: BackupRun;
  /** Original record, for the DBackup details fetch. */
  record: unknown;
}

/**
 * Polls the given sources once and returns the runs to deliver plus the next checkpoint.
 *
 * **Delivery rules.**
 * - A run not in the checkpoint is delivered.
 * - A run delivered in a terminal state (`success`, `warning`, `failed`, `cancelled`, `missed`)
 *   is never delivered again.
 * - A run delivered as `running`, `pending` or `unknown` is delivered again when its status
 *   changes (e.g. `running` → `success`), and not while it stays the same.
 * - The same id twice in one poll is delivered once.
 *
 * **DBackup follow-ups.** The history list holds only the newest 100 executions by start time, so
 * on a busy server a long run can drop out of it while still running. After a successful history
 * read, each checkpoint entry of a DBackup run still `running`, `pending` or `unknown` that is
 * absent from the list is read with `executions.get(id)` (when the client has `executions`; at
 * most `maxFollowUps` a poll, most recently seen first) and goes through the rules above, so it
 * is delivered once it has finished. Such a run is delivered after the history's runs and has no
 * destination or database objects (the detail carries no metadata). A follow-up that fails is
 * reported (`stage: 'follow-up'`) and retried next poll. Follow-ups do not refresh `lastSeen`, so
 * an entry is still forgotten `horizonMs` after the history list last returned it (this also
 * bounds the requests spent on a run DBackup leaves `Running` forever).
 *
 * With `includeInFlight: false`, an in-flight DBackup run is recorded in the checkpoint without
 * being delivered, so that it can be followed up in the same way.
 *
 * **Bounded checkpoint.** Runs can only recur while a source still returns them: DBackup's
 * history holds the newest 100 executions and Cove's statistics only each device's last session,
 * and neither ever brings an older run back. So an entry that a *successful* poll of its source
 * has not returned for `horizonMs` (default 7 days) is dropped; the horizon only absorbs glitches
 * such as a device missed by shifting pages. Entries of a source that failed or was not polled
 * are kept. If more than `maxEntries` remain, the least recently seen entries of sources polled
 * successfully in this call that this poll did not return are dropped; entries returned by this
 * poll and entries of a failed or unpolled source are never evicted. If those alone exceed
 * `maxEntries`, the checkpoint stays larger than `maxEntries` until the next healthy polls let it
 * shrink: a larger checkpoint is preferred over re-delivering runs. The checkpoint thus holds
 * about one entry per visible run.
 *
 * **Failures.** A source that fails is reported in `errors` (`stage: 'fetch'`); the other
 * source's runs are still returned, as are the rows a failing Cove iteration yielded before it
 * failed. A record that cannot be normalized is reported (`stage: 'normalize'`) and skipped.
 *
 * @throws ConfigError when `checkpoint` is not a valid checkpoint.
 */
export async function collectRuns(input: CollectRunsInput): Promise<CollectRunsResult> {
  for (const source of ['cove', 'dbackup'] as const) {
    const instance: unknown = input[source]?.instance;
    if (instance !== undefined && (typeof instance !== 'string' || instance.trim() === ''))
      throw new ConfigError(`${source}.instance must be a non-empty string`);
  }
  const previous = parseCheckpoint(input.checkpoint);
  const now = (input.now ?? Date.now)();
  const includeInFlight = input.includeInFlight ?? true;
  const errors: RunFeedError[] = [];
  const entries = new Map<string, CheckpointEntry>(Object.entries(previous.runs));
  const seenThisPoll = new Set<string>();
  const healthy = new Set<RunSource>();
  const runs: BackupRun[] = [];

  /**
   * Whether to deliver `run`. A run a source listed (`listed`) counts as seen: its entry's
   * `lastSeen` is refreshed and it is protected from pruning in this poll. A follow-up does
   * neither, so an entry still expires `horizonMs` after its source last listed it. With
   * `includeInFlight: false`, an in-flight DBackup run gets an undelivered entry, so it can be
   * followed up once it leaves the history list.
   */
  const decide = (run: BackupRun, listed = true): boolean => {
    const entry = entries.get(run.id);
    if (listed) {
      if (seenThisPoll.has(run.id)) return false;
      seenThisPoll.add(run.id);
      if (entry !== undefined) entry.lastSeen = now;
    }
    if (!includeInFlight && !isTerminalStatus(run.status)) {
      if (run.source === 'dbackup') {
        if (entry === undefined) entries.set(run.id, { status: run.status, lastSeen: now });
        else if (!isTerminalStatus(entry.status)) entry.status = run.status;
      }
      return false;
    }
    if (entry === undefined) return true;
    return !isTerminalStatus(entry.status) && entry.status !== run.status;
  };
  const record = (run: BackupRun, lastSeen = now): void => {
    entries.set(run.id, { status: run.status, lastSeen });
    runs.push(run);
  };

  // Both sources are read concurrently; their errors are collected separately, then merged in
  // source order so the result does not depend on which answered first.
  const coveErrors: RunFeedError[] = [];
  const dbackupErrors: RunFeedError[] = [];
  const [cove, dbackup] = await Promise.all([
    input.cove ? fetchCove(input.cove, input, coveErrors) : undefined,
    input.dbackup ? fetchDBackup(input.dbackup, input, dbackupErrors) : undefined,
  ]);
  errors.push(...coveErrors, ...dbackupErrors);
  if (cove) {
    if (cove.ok) healthy.add('cove');
    for (const { run } of cove.items) if (decide(run)) record(run);
  }
  if (dbackup && input.dbackup) {
    if (dbackup.ok) healthy.add('dbackup');
    for (const candidate of dbackup.items) {
      if (!decide(candidate.run)) continue;
      record(await withDetails(candidate, input.dbackup, input, errors));
    }
    if (dbackup.ok) {
      const inFlight = [...entries]
        .filter(
          ([id, entry]) =>
            id.startsWith('dbackup:') &&
            !isTerminalStatus(entry.status) &&
            !seenThisPoll.has(id) &&
            !dbackup.listed.has(id.slice('dbackup:'.length)),
        )
        .sort(([a, x], [b, y]) => y.lastSeen - x.lastSeen || (a < b ? -1 : a > b ? 1 : 0))
        .map(([id]) => id.slice('dbackup:'.length));
      for await (const run of followUps(inFlight, input.dbackup, input, errors)) {
        if (decide(run, false)) record(run, entries.get(run.id)?.lastSeen ?? now);
      }
    }
  }

  prune(entries, seenThisPoll, healthy, now, input);
  const out: Record<string, CheckpointEntry> = {};
  for (const [id, entry] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[id] = entry;
  return { runs, checkpoint: { version: 1, runs: out }, errors };
}

/** `input.normalize`, with the source's own `instance` when it has one. */
function normalizeOptions(input: CollectRunsInput, source: RunSource): NormalizeOptions | undefined {
  const instance = input[source]?.instance;
  return instance === undefined ? input.normalize : { ...input.normalize, instance };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function tryNormalize(
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

function vendorId(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  const id = r.id ?? r.accountId ?? r.AccountId;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

async function fetchCove(
  feed: CoveFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<{ ok: boolean; items: Candidate[] }> {
  const items: Candidate[] = [];
  try {
    const rows = feed.client.iterateAccountStatistics(
      {
        partnerId: feed.partnerId,
        columns: [...(feed.columns ?? DEFAULT_COVE_FEED_COLUMNS)],
        pageSize: feed.pageSize ?? DEFAULT_COVE_PAGE_SIZE,
        ...(feed.orderBy === undefined ? {} : { orderBy: feed.orderBy }),
      },
      { onRestricted: 'drop', ...(input.signal ? { signal: input.signal } : {}) },
    );
    for await (const row of rows) {
      const run = tryNormalize('cove', row, input, errors);
      if (run) items.push({ run, record: row });
    }
    return { ok: true, items };
  } catch (error) {
    errors.push({
      source: 'cove',
      stage: 'fetch',
      message: `Cove statistics failed: ${describe(error)}`,
      error,
    });
    return { ok: false, items };
  }
}

async function fetchDBackup(
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<{ ok: boolean; items: Candidate[]; listed: ReadonlySet<string> }> {
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
async function* followUps(
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

async function withDetails(
  candidate: Candidate,
  feed: DBackupFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<BackupRun> {
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

function sourceOf(id: string): RunSource {
  return id.slice(0, id.indexOf(':')) as RunSource;
}

function prune(
  entries: Map<string, CheckpointEntry>,
  seenThisPoll: ReadonlySet<string>,
  healthy: ReadonlySet<RunSource>,
  now: number,
  input: CollectRunsInput,
): void {
  const horizon = input.horizonMs ?? DEFAULT_CHECKPOINT_HORIZON_MS;
  const maxEntries = input.maxEntries ?? DEFAULT_CHECKPOINT_MAX_ENTRIES;
  for (const [id, entry] of entries) {
    if (healthy.has(sourceOf(id)) && !seenThisPoll.has(id) && now - entry.lastSeen > horizon)
      entries.delete(id);
  }
  if (entries.size <= maxEntries) return;
  // Only entries a healthy source could have returned but did not: an entry of a failed or unpolled
  // source may still be returned by its next poll, and evicting it would deliver that run again.
  const evictable = [...entries]
    .filter(([id]) => !seenThisPoll.has(id) && healthy.has(sourceOf(id)))
    .sort(([a, x], [b, y]) => x.lastSeen - y.lastSeen || (a < b ? -1 : a > b ? 1 : 0));
  for (const [id] of evictable) {
    if (entries.size <= maxEntries) break;
    entries.delete(id);
  }
}
