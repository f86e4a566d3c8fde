/**
 * Schemas for `GET /api/executions/:id` (execution detail, optionally with logs) and
 * `POST /api/executions/:id/cancel`, plus the execution status/type vocabularies shared with
 * the history schema.
 *
 * @module
 */
import * as z from 'zod';
import {
  isoTimestamp,
  lenientBoolean,
  lenientEnum,
  lenientNumber,
  nullableString,
  requiredLenientEnum,
} from '../../core/lenient';
import { isRecord, looseRecord, orNull, rawText, rawTextRequired, withRawText } from './shared';

/** Every execution status DBackup 3.2 writes. Anything else parses as `'unknown'`. */
export const DBACKUP_EXECUTION_STATUSES = [
  'Pending',
  'Running',
  'Success',
  'Partial',
  'Failed',
  'Cancelled',
] as const;

/** An execution status as parsed: a known status, or `'unknown'` for a value DBackup added later. */
export type DBackupExecutionStatus = (typeof DBACKUP_EXECUTION_STATUSES)[number] | 'unknown';

/** The statuses after which an execution never changes again (stop polling). */
export const DBACKUP_TERMINAL_STATUSES = ['Success', 'Partial', 'Failed', 'Cancelled'] as const;

/** A status from {@link DBACKUP_TERMINAL_STATUSES}. */
export type DBackupTerminalStatus = (typeof DBACKUP_TERMINAL_STATUSES)[number];

const terminal = new Set<string>(DBACKUP_TERMINAL_STATUSES);

/**
 * Whether an execution status is final (`Success`, `Partial`, `Failed` or `Cancelled`).
 * `Pending`, `Running`, `'unknown'` and anything else are not.
 *
 * @param status - A parsed `status` or a raw `statusText`.
 */
export function isDBackupTerminalStatus(status: string | null | undefined): status is DBackupTerminalStatus {
  return typeof status === 'string' && terminal.has(status);
}

/** Every execution type DBackup 3.2 writes. Anything else parses as `'unknown'`. */
export const DBACKUP_EXECUTION_TYPES = [
  'Backup',
  'Restore',
  'System Restore',
  'IntegrityCheck',
  'Verification',
] as const;

/** An execution type as parsed, or `'unknown'`. */
export type DBackupExecutionType = (typeof DBACKUP_EXECUTION_TYPES)[number] | 'unknown';

/** Log levels seen in execution logs (`warn` comes from the cancel route, `warning` from the runner). */
export const DBACKUP_LOG_LEVELS = ['info', 'success', 'warning', 'warn', 'error'] as const;

/** A log level as parsed, or `'unknown'`. */
export type DBackupLogLevel = (typeof DBACKUP_LOG_LEVELS)[number] | 'unknown';

/**
 * One execution log entry (`LogEntry` in DBackup's `src/lib/core/logs.ts`). Every field is
 * optional; unknown keys are kept.
 */
export const dbackupLogEntrySchema = withRawText(
  z.looseObject({
    /** When the entry was written (ISO 8601). */
    timestamp: z.string().optional(),
    /** Severity, mapped leniently (`'unknown'` for an unlisted or missing level). */
    level: lenientEnum(DBACKUP_LOG_LEVELS),
    /** The level exactly as sent, or `null` when it was missing or not a string. */
    levelText: rawText,
    /** Entry kind: `general`, `command`, `storage`, `security`. */
    type: z.string().optional(),
    /** The log message. */
    message: z.string().optional(),
    /** Pipeline stage the entry belongs to (`Queued`, `Dumping Databases`, `Uploading`, …). */
    stage: z.string().optional(),
    /** Extra text: a command line, stdout/stderr or an error stack. */
    details: z.string().optional(),
    /** Stage duration in milliseconds, on "X completed (…)" entries. */
    durationMs: lenientNumber.optional(),
    /** Free-form structured context. */
    context: looseRecord.optional(),
  }),
  { level: 'levelText' },
);

/** A readable execution log entry. */
export interface DBackupLogEntry extends z.output<typeof dbackupLogEntrySchema> {}

/**
 * A log entry that did not match {@link dbackupLogEntrySchema} (not an object, or a known field
 * of the wrong type). It is kept, never dropped, with the value exactly as sent.
 */
export interface DBackupUnreadableLogEntry {
  /** Marks an entry the SDK could not read. */
  unreadable: true;
  /** The entry exactly as sent. */
  raw: unknown;
}

/**
 * Execution logs: an array of entries, or the same array as a JSON string. Never throws: an
 * odd entry becomes a {@link DBackupUnreadableLogEntry}, a string that is not JSON becomes one
 * unreadable entry holding that string, a single non-array value becomes a one-entry list, and
 * `null` becomes `[]`.
 */
export const dbackupLogsSchema = z.preprocess(
  (value) => {
    let parsed = value;
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value) as unknown;
      } catch {
        return [value];
      }
    }
    if (parsed === null || parsed === undefined) return [];
    return Array.isArray(parsed) ? parsed : [parsed];
  },
  z.array(
    z.union([
      dbackupLogEntrySchema,
      z.unknown().transform((raw): DBackupUnreadableLogEntry => ({ unreadable: true, raw })),
    ]),
  ),
);

/** Parsed execution logs: readable entries and unreadable ones, in the server's order. */
export type DBackupLogs = z.output<typeof dbackupLogsSchema>;

/** Whether a log entry was readable (narrows {@link DBackupLogs} items). */
export function isReadableLogEntry(entry: DBackupLogs[number]): entry is DBackupLogEntry {
  // Every readable entry carries `levelText` (string or null); the unreadable wrapper never does.
  return isRecord(entry) && Object.hasOwn(entry, 'levelText');
}

/**
 * The `data` of `GET /api/executions/:id`. `id`, `status` and `startedAt` are required; the rest
 * may be missing or `null`. Unknown keys are kept.
 */
export const dbackupExecutionSchema = withRawText(
  z.looseObject({
    /** Execution id (a UUID). */
    id: z.string(),
    /** The job's id; `null` for restores, system tasks and executions of deleted jobs. */
    jobId: nullableString,
    /** The job's name; `null` when there is no job. */
    jobName: nullableString,
    /** What ran, mapped leniently (`'unknown'` for an unlisted or missing type). */
    type: lenientEnum(DBACKUP_EXECUTION_TYPES),
    /** The type exactly as sent (e.g. `'System Restore'`), or `null` when missing. */
    typeText: rawText,
    /** Status, mapped leniently: an unlisted status becomes `'unknown'`. Required (a string). */
    status: requiredLenientEnum(DBACKUP_EXECUTION_STATUSES),
    /** The status exactly as sent, even when `status` is `'unknown'`. */
    statusText: rawTextRequired,
    /** Progress 0–100 from the execution metadata, or `null`. */
    progress: orNull(lenientNumber),
    /** Current or last stage (`Queued`, `Uploading`, `Completed`, …), or `null`. */
    stage: nullableString,
    /** When the execution was queued (ISO 8601; reset when a Pending run starts). */
    startedAt: isoTimestamp,
    /** When it ended (ISO 8601); `null` while Pending or Running. */
    endedAt: orNull(isoTimestamp),
    /**
     * Elapsed time in **milliseconds** (not seconds, whatever the docs say). While Pending or
     * Running it is `now - startedAt` and grows between polls. `null` only if not sent.
     */
    duration: orNull(lenientNumber),
    /** Bytes stored (dump/archive size), or `null`. May be set on a Cancelled run. */
    size: orNull(lenientNumber),
    /** Backup: remote path on the first successful destination. Restore: the source file. */
    path: nullableString,
    /**
     * Message of the last `error` log entry, set only when `status` is `Failed`; `null` for
     * Partial and Cancelled runs even when their logs contain errors.
     */
    error: nullableString,
    /** Log entries; present only when requested with `includeLogs=true`. */
    logs: dbackupLogsSchema.optional(),
    /**
     * DBackup 3.4+: when data retention cleared this execution's log (`logs` is then `[]`);
     * `null` while the log is kept. Absent (`undefined`) on older servers.
     */
    logsPurgedAt: orNull(isoTimestamp).optional(),
  }),
  { status: 'statusText', type: 'typeText' },
);

/** One execution, as returned in the `data` of `GET /api/executions/:id`. */
export interface DBackupExecution extends z.output<typeof dbackupExecutionSchema> {}

/** The body of `GET /api/executions/:id`: `{ success: true, data }`. */
export const dbackupExecutionResponseSchema = z.looseObject({
  /** `true` on success. */
  success: lenientBoolean.optional(),
  /** The execution. */
  data: dbackupExecutionSchema,
});

/** A parsed `GET /api/executions/:id` body. */
export interface DBackupExecutionResponse extends z.output<typeof dbackupExecutionResponseSchema> {}

/**
 * The body of `POST /api/executions/:id/cancel`: `{ success: true, message }` where message is
 * `"Pending execution cancelled"`, `"Cancellation signal sent"` or `"Execution force-cancelled"`.
 * A Running execution may stay Running for a long time after "Cancellation signal sent".
 */
export const dbackupCancelExecutionResultSchema = z.looseObject({
  /** `true` when the cancellation was accepted. */
  success: lenientBoolean.optional(),
  /** What the server did. */
  message: z.string().optional(),
});

/** A parsed `POST /api/executions/:id/cancel` body. */
export interface DBackupCancelExecutionResult extends z.output<typeof dbackupCancelExecutionResultSchema> {}
