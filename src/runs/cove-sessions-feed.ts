/**
 * Cove's sessions mode of {@link collectRuns}: every session since the checkpoint, one run each.
 *
 * A statistics walk lists the devices (and gives each one's last-status row and account type).
 * Then a bounded number of devices at a time have their sessions read from where their checkpoint
 * cursor points: the start of the oldest session still running, else of the newest session, so a
 * running session is read again until it is terminal, and nothing older is read twice. Error texts
 * are fetched only for sessions about to be delivered that are not clean successes. A device whose
 * node fails keeps its cursor, is reported by name, and gets its last-status run from the
 * statistics row instead.
 *
 * @module
 */
import { AbortError, ConfigError } from '../core/errors';
import type { CoveSession, CoveSessionError } from '../cove/reporting/types';
import { isTerminalStatus } from '../normalize/backup-run';
import { normalizeRun } from '../normalize/normalize-run';
import { parseCheckpoint, type SessionCursor } from './checkpoint';
import {
  type Candidate,
  type CollectRunsInput,
  type CoveFeedSource,
  DEFAULT_CHECKPOINT_HORIZON_MS,
  DEFAULT_COVE_SESSIONS_CONCURRENCY,
  type RunFeedError,
} from './feed-types';
import { describe, normalizeOptions, rejectedRowError, tryNormalize } from './normalize-record';
import { DEFAULT_COVE_FEED_COLUMNS, DEFAULT_COVE_PAGE_SIZE } from './sources';

/** What the sessions mode hands back to `collectRuns` beside the candidates. */
export interface SessionsOutcome {
  /** Session-run ids that fell out of their device's window: drop them from the checkpoint now. */
  forget: string[];
  /** The cursors of the next checkpoint. */
  cursors: Record<string, SessionCursor>;
}

type Row = Record<string, unknown>;
type SessionsClient = Required<Pick<CoveFeedSource['client'], 'sessions' | 'sessionErrors'>>;

const DAY_SECONDS = 86_400;

function deviceIdOf(row: Row): number | undefined {
  const id = row.accountId ?? row.AccountId;
  const n = typeof id === 'string' ? Number(id) : id;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A column's raw value in either row shape (SDK `raw`, API `Settings`). */
function rawColumn(row: Row, code: string): string | undefined {
  const raw = row.raw as Record<string, unknown> | undefined;
  let value: unknown = raw?.[code];
  if (value === undefined && Array.isArray(row.Settings)) {
    value = (row.Settings as Row[]).find((s) => s && code in s)?.[code];
  }
  if (Array.isArray(value)) value = value[0];
  return value === undefined || value === null ? undefined : String(value).trim();
}

function startSeconds(value: Date | number | undefined, nowMs: number): number {
  if (value === undefined) return Math.floor(nowMs / 1000) - DAY_SECONDS;
  const secs = value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
  if (typeof secs !== 'number' || !Number.isSafeInteger(secs) || secs < 0) {
    throw new ConfigError('cove.since must be a Date or Unix seconds.');
  }
  return secs;
}

/** Whether a session needs its error texts: finished and not a clean success. */
function needsErrors(session: CoveSession): boolean {
  if (session.status.running) return false;
  return !(session.status.code === 5 && (session.errorsCount ?? 0) === 0);
}

/** Runs `work` over `items` with at most `limit` at once, in order of start. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Reads the statistics, then each device's sessions since its cursor.
 *
 * @throws ConfigError when the client lacks `sessions`/`sessionErrors` or an option is bad.
 */
export async function fetchCoveSessions(
  feed: CoveFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<{ ok: boolean; items: Candidate[]; sessions: SessionsOutcome }> {
  const { client } = feed;
  if (typeof client.sessions !== 'function' || typeof client.sessionErrors !== 'function') {
    throw new ConfigError(
      "cove.mode 'sessions' needs a client with sessions() and sessionErrors(), such as CoveClient.",
    );
  }
  const sessionsClient = client as SessionsClient;
  const concurrency = feed.concurrency ?? DEFAULT_COVE_SESSIONS_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new ConfigError('cove.concurrency must be an integer from 1 to 64.');
  }
  const now = (input.now ?? Date.now)();
  const defaultSince = startSeconds(feed.since, now);
  const previous = parseCheckpoint(input.checkpoint);
  const signal = input.signal;

  // 1. The devices, with their last-status rows (and I59 for the M365 routing).
  const rows: Row[] = [];
  let ok = true;
  try {
    const columns = [...(feed.columns ?? DEFAULT_COVE_FEED_COLUMNS)];
    if (!columns.includes('I59')) columns.push('I59');
    const iterator = client.iterateAccountStatistics(
      {
        partnerId: feed.partnerId,
        columns,
        pageSize: feed.pageSize ?? DEFAULT_COVE_PAGE_SIZE,
        ...(feed.orderBy === undefined ? {} : { orderBy: feed.orderBy }),
      },
      {
        onRestricted: 'drop',
        onRejected: (row) => errors.push(rejectedRowError(row)),
        ...(signal ? { signal } : {}),
      },
    );
    for await (const row of iterator) {
      if (row !== null && typeof row === 'object') rows.push(row as Row);
    }
  } catch (error) {
    ok = false;
    errors.push({
      source: 'cove',
      stage: 'fetch',
      message: `Cove statistics failed: ${describe(error)}`,
      error,
    });
  }

  // 2. Each device's sessions, a few devices at a time.
  const perDevice = new Map<number, Candidate[]>();
  const cursors: Record<string, SessionCursor> = {};
  const forget: string[] = [];
  const options = normalizeOptions(input, 'cove');
  const devices = rows
    .map((row) => ({ row, id: deviceIdOf(row) }))
    .filter((d): d is { row: Row; id: number } => d.id !== undefined);

  await pool(devices, concurrency, async ({ row, id }) => {
    const key = String(id);
    const since = previous.sessions?.[key]?.since ?? defaultSince;
    cursors[key] = { since, lastSeen: now };
    const name = rawColumn(row, 'I1');
    const accountType = rawColumn(row, 'I59');
    const m365 = accountType === '2' ? true : accountType === '1' ? false : undefined;
    const items: Candidate[] = [];
    perDevice.set(id, items);
    if (signal?.aborted) return;
    let sessions: CoveSession[];
    try {
      sessions = [];
      for await (const session of sessionsClient.sessions(id, { since, m365, signal })) {
        if (!/restore/i.test(session.type ?? '')) sessions.push(session);
      }
    } catch (error) {
      const who = `device ${id}${name ? ` ("${name}")` : ''}`;
      errors.push({
        source: 'cove',
        stage: 'fetch',
        message: `Cove sessions of ${who} could not be read (${describe(error)}); delivering its last status from the statistics instead`,
        error,
        recordId: key,
      });
      if (error instanceof AbortError) return;
      const run = tryNormalize('cove', row, input, errors);
      if (run) items.push({ run, record: row });
      return;
    }

    sessions.reverse(); // oldest first
    for (const session of sessions) {
      let run = normalizeRun({ source: 'cove', session, device: row as never }, options);
      const entry = previous.runs[run.id];
      const settled = entry !== undefined && (isTerminalStatus(entry.status) || entry.status === run.status);
      if (!settled && needsErrors(session)) {
        try {
          const found: readonly CoveSessionError[] = await sessionsClient.sessionErrors(id, session.id, {
            m365,
            dataSources: session.dataSource.name === 'unknown' ? undefined : [session.dataSource.name],
            signal,
          });
          run = normalizeRun({ source: 'cove', session, device: row as never, errors: found }, options);
        } catch (error) {
          errors.push({
            source: 'cove',
            stage: 'details',
            message: `Cove errors of session ${session.id} on device ${id}${name ? ` ("${name}")` : ''} could not be read: ${describe(error)}`,
            error,
            recordId: run.id,
          });
        }
      }
      items.push({ run, record: session });
    }

    const running = sessions.filter((s) => s.status.running && s.startTime !== null);
    const newest = sessions.reduce<number | undefined>(
      (max, s) => (s.startTime !== null && (max === undefined || s.startTime > max) ? s.startTime : max),
      undefined,
    );
    const next =
      running.length > 0 ? Math.min(...running.map((s) => s.startTime as number)) : (newest ?? since);
    cursors[key] = { since: Math.max(since, next), lastSeen: now };
    // Sessions before the new cursor are never read again: their entries can go.
    const keep = new Set(sessions.filter((s) => (s.startTime ?? 0) >= next).map((s) => s.id));
    const prefix = `cove:${key}:session-`;
    for (const runId of Object.keys(previous.runs)) {
      if (runId.startsWith(prefix) && !keep.has(Number(runId.slice(prefix.length)))) forget.push(runId);
    }
    for (const { run, record } of items) {
      if (!keep.has((record as CoveSession).id)) forget.push(run.id);
    }
  });

  // Devices not listed now keep their cursor while the walk failed or until the horizon passes.
  const horizon = input.horizonMs ?? DEFAULT_CHECKPOINT_HORIZON_MS;
  for (const [key, cursor] of Object.entries(previous.sessions ?? {})) {
    if (key in cursors) continue;
    if (!ok || now - cursor.lastSeen <= horizon) cursors[key] = cursor;
  }
  const items = devices.flatMap(({ id }) => perDevice.get(id) ?? []);
  return { ok, items, sessions: { forget: [...new Set(forget)], cursors } };
}
