/**
 * Input, result and error types of {@link collectRuns}, and its defaults.
 *
 * @module
 */
import type { ColumnCode } from '../cove';
import type { BackupRun, RunSource } from '../normalize/backup-run';
import type { NormalizeOptions } from '../normalize/normalize-run';
import type { RunCheckpoint } from './checkpoint';
import type { CoveStatisticsClient, DBackupRunsClient } from './sources';

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
  /**
   * `'last-status'` (default): one run per device, its last session, from the statistics alone.
   * `'sessions'`: every session since the checkpoint, read from each device's storage node (or
   * the M365 reporting service), with error texts for sessions that are not clean successes. The
   * client needs `sessions` and `sessionErrors` (a `CoveClient` has them). See the Cove guide for
   * what each mode costs per poll.
   */
  mode?: 'last-status' | 'sessions';
  /**
   * Sessions mode: where a device with no checkpoint cursor starts (a `Date` or Unix seconds).
   * Default 24 hours before the poll.
   */
  since?: Date | number;
  /** Sessions mode: devices read at once. Default {@link DEFAULT_COVE_SESSIONS_CONCURRENCY}. */
  concurrency?: number;
}

/** Default {@link CoveFeedSource.concurrency}. */
export const DEFAULT_COVE_SESSIONS_CONCURRENCY = 4;

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

/** A normalized run with the record it came from. */
export interface Candidate {
  run: BackupRun;
  /** Original record, for the DBackup details fetch. */
  record: unknown;
}
