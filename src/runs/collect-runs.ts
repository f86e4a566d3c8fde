/**
 * `collectRuns`: the checkpointed polling loop. Each call pulls from the given clients, normalizes
 * what they return, and delivers only what is new or changed since the checkpoint.
 *
 * @module
 */
import { ConfigError } from '../core/errors';
import { type BackupRun, isTerminalStatus, type RunSource } from '../normalize/backup-run';
import { type CheckpointEntry, parseCheckpoint } from './checkpoint';
import { fetchCove } from './cove-feed';
import { fetchDBackup, followUps, withDetails } from './dbackup-feed';
import type { CollectRunsInput, CollectRunsResult, RunFeedError } from './feed-types';
import { prune } from './prune';

export type {
  CollectRunsInput,
  CollectRunsResult,
  CoveFeedSource,
  DBackupFeedSource,
  RunFeedError,
} from './feed-types';
export {
  DEFAULT_CHECKPOINT_HORIZON_MS,
  DEFAULT_CHECKPOINT_MAX_ENTRIES,
  DEFAULT_COVE_SESSIONS_CONCURRENCY,
  DEFAULT_DBACKUP_MAX_FOLLOW_UPS,
} from './feed-types';

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
    for (const id of cove.sessions?.forget ?? []) entries.delete(id);
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
  const sessions = cove?.sessions?.cursors ?? (input.cove ? undefined : previous.sessions);
  const checkpoint = { version: 1 as const, runs: out, ...(sessions ? { sessions } : {}) };
  return { runs, checkpoint, errors };
}
