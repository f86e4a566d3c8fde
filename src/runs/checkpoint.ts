/**
 * The run feed's checkpoint: plain JSON recording which runs were delivered, with which status,
 * and when each was last seen. Store it anywhere (a file, a database column) between polls.
 *
 * @module
 */
import * as z from 'zod';
import { ConfigError } from '../core/errors';
import { RUN_STATUSES, type RunStatus } from '../normalize/backup-run';

/** One delivered run in the checkpoint. */
export interface CheckpointEntry {
  /**
   * The status the run was last delivered with. With `includeInFlight: false` an in-flight DBackup
   * run is recorded undelivered with the in-flight status it was last seen with.
   */
  status: RunStatus;
  /** When a poll last returned the run, in epoch milliseconds. */
  lastSeen: number;
}

/** Where Cove's sessions mode resumes one device. */
export interface SessionCursor {
  /**
   * Unix seconds the next poll reads the device's sessions from: the start of its oldest session
   * still running, else of its newest session.
   */
  since: number;
  /** When a statistics walk last listed the device, in epoch milliseconds. */
  lastSeen: number;
}

/**
 * Plain-JSON checkpoint of the run feed (`JSON.stringify` / `JSON.parse` round-trip it). Keys of
 * `runs` are `BackupRun.id`s, which start with their source (`cove:` / `dbackup:`).
 */
export interface RunCheckpoint {
  /** Format version. */
  version: 1;
  /** Delivered runs by `BackupRun.id`. */
  runs: Record<string, CheckpointEntry>;
  /** Cove sessions mode: where each device resumes, by device id. Absent in last-status mode. */
  sessions?: Record<string, SessionCursor>;
}

const checkpointSchema = z.object({
  version: z.literal(1),
  runs: z.record(
    z.string().min(1),
    z.object({ status: z.enum(RUN_STATUSES), lastSeen: z.number().int().nonnegative() }),
  ),
  sessions: z
    .record(
      z.string().regex(/^\d+$/),
      z.object({ since: z.number().int().nonnegative(), lastSeen: z.number().int().nonnegative() }),
    )
    .optional(),
});

/** A checkpoint with no runs: the starting point of a new feed. */
export function emptyCheckpoint(): RunCheckpoint {
  return { version: 1, runs: {} };
}

/**
 * Reads a stored checkpoint: a {@link RunCheckpoint} object or its JSON string. `null` and
 * `undefined` give an empty checkpoint. The result is a fresh copy; the argument is not modified.
 *
 * @throws ConfigError when the value is not a valid checkpoint (a corrupt store should be noticed,
 *   not silently reset, since a reset re-delivers every run still visible at the sources).
 */
export function parseCheckpoint(value: RunCheckpoint | string | null | undefined): RunCheckpoint {
  if (value === null || value === undefined) return emptyCheckpoint();
  let data: unknown = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch (cause) {
      throw new ConfigError('checkpoint is not valid JSON', { cause });
    }
  }
  const result = checkpointSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new ConfigError(
      `checkpoint is not a valid run checkpoint${where}: ${issue?.message ?? 'invalid'}`,
      {
        cause: result.error,
      },
    );
  }
  const runs: Record<string, CheckpointEntry> = {};
  for (const [id, entry] of Object.entries(result.data.runs))
    runs[id] = { status: entry.status, lastSeen: entry.lastSeen };
  if (result.data.sessions === undefined) return { version: 1, runs };
  const sessions: Record<string, SessionCursor> = {};
  for (const [id, cursor] of Object.entries(result.data.sessions))
    sessions[id] = { since: cursor.since, lastSeen: cursor.lastSeen };
  return { version: 1, runs, sessions };
}
