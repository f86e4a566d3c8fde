/**
 * Schemas for `GET /api/history`: the last 100 executions (newest first, no paging) with their
 * `metadata` JSON, and the server's time zone.
 *
 * @module
 */
import * as z from 'zod';
import {
  embeddedJson,
  isoTimestamp,
  lenientBoolean,
  lenientEnum,
  lenientNumber,
  nullableLenientEnum,
  nullableString,
  requiredLenientEnum,
} from '../../core/lenient';
import { DBACKUP_EXECUTION_STATUSES, DBACKUP_EXECUTION_TYPES } from './execution';
import { looseRecord, orNull, rawText, rawTextRequired, readableOrRaw, withRawText } from './shared';

/** How an execution was started. Anything else parses as `'unknown'`. */
export const DBACKUP_TRIGGER_TYPES = ['Manual', 'Scheduler', 'Api'] as const;

/** A trigger type as parsed, `'unknown'`, or `null` when the server recorded none. */
export type DBackupTriggerType = (typeof DBACKUP_TRIGGER_TYPES)[number] | 'unknown' | null;

/** Upload outcomes per destination in a finished backup's metadata. */
export const DBACKUP_DESTINATION_STATUSES = ['success', 'failed', 'skipped'] as const;

/** One destination's upload result in execution metadata (`metadata.destinations[]`). */
export const dbackupMetadataDestinationSchema = withRawText(
  z.looseObject({
    /** The destination adapter config id. */
    configId: z.string().optional(),
    /** The destination's display name. */
    name: z.string().optional(),
    /** Storage adapter type (`local-filesystem`, `s3-aws`, …). */
    adapterId: z.string().optional(),
    /** Remote path of the uploaded file, when it was uploaded. */
    path: z.string().optional(),
    /** Upload outcome, mapped leniently (`'unknown'` for an unlisted or missing value). */
    status: lenientEnum(DBACKUP_DESTINATION_STATUSES),
    /** The outcome exactly as sent, or `null`. */
    statusText: rawText,
    /** Why the upload failed. */
    error: z.string().optional(),
  }),
  { status: 'statusText' },
);

/** A parsed {@link dbackupMetadataDestinationSchema} item. */
export interface DBackupMetadataDestination extends z.output<typeof dbackupMetadataDestinationSchema> {}

/**
 * Execution `metadata` (a JSON string column in DBackup). Its keys depend on the phase: queued
 * `{progress, stage, lock?}`; running `{progress, stage, detail, heartbeat}`; a finished backup
 * adds `destinations`, `names`, `jobName`, `sourceName`, … All keys are optional; unknown keys
 * are kept.
 */
export const dbackupExecutionMetadataSchema = z.looseObject({
  /** Set when the server's metadata could not be read (e.g. not valid JSON); see `raw`. */
  unreadable: z.literal(true).optional(),
  /** The metadata exactly as sent, present only when `unreadable` is set. */
  raw: z.unknown().optional(),
  /** Progress 0–100. */
  progress: lenientNumber.optional(),
  /** Stage name (`Queued`, `Uploading`, `Completed`, `Cancelled`, `Failed (Application Restart)`, …). */
  stage: z.string().optional(),
  /** Free-text detail of the current stage. */
  detail: z.string().optional(),
  /** Last heartbeat of a running execution (ISO 8601). */
  heartbeat: z.string().optional(),
  /** Set on queued runs that take the job lock. */
  lock: lenientBoolean.optional(),
  /** Per-destination upload results of a finished backup. */
  destinations: z.array(dbackupMetadataDestinationSchema).optional(),
  /** Names of the databases backed up. */
  names: z.array(z.string()).optional(),
  /** Number of databases backed up. */
  count: lenientNumber.optional(),
  /** Human label for the database selection (e.g. `"Single DB"`). */
  label: z.string().optional(),
  /** The job's name when the backup ran. */
  jobName: z.string().optional(),
  /** The source's name. */
  sourceName: z.string().optional(),
  /** The source adapter type (`mysql`, `sqlite`, …). */
  sourceType: z.string().optional(),
  /** The source adapter id. */
  adapterId: z.string().optional(),
  /** Database engine version reported by the source. */
  engineVersion: z.string().optional(),
  /** Database engine edition, when known. */
  engineEdition: z.string().optional(),
  /** Full snapshot size in bytes (incremental backups). */
  logicalSize: lenientNumber.optional(),
  /** Multi-database archive description. */
  multiDb: looseRecord.optional(),
  /** Combined database + directory backup description. */
  combined: looseRecord.optional(),
  /** Archive format details (encryption, compression, index). */
  archive: looseRecord.optional(),
  /** System restore: the restored configuration file. */
  file: z.string().optional(),
  /** System restore: the storage the file came from. */
  storageConfigId: z.string().optional(),
});

/** Parsed execution metadata. */
export interface DBackupExecutionMetadata extends z.output<typeof dbackupExecutionMetadataSchema> {}

/**
 * One entry of `GET /api/history`. There is no `size`, `logs` or `duration` here: fetch the
 * execution detail for those. `id`, `status` and `startedAt` are required. Unknown keys are kept.
 */
export const dbackupHistoryEntrySchema = withRawText(
  z.looseObject({
    /** Execution id (a UUID). */
    id: z.string(),
    /** The job's id; `null` for restores, system tasks and executions of deleted jobs. */
    jobId: nullableString,
    /** What ran, mapped leniently (`'unknown'` for an unlisted or missing type). */
    type: lenientEnum(DBACKUP_EXECUTION_TYPES),
    /** The type exactly as sent, or `null` when missing. */
    typeText: rawText,
    /** Status, mapped leniently: an unlisted status becomes `'unknown'`. Required (a string). */
    status: requiredLenientEnum(DBACKUP_EXECUTION_STATUSES),
    /** The status exactly as sent, even when `status` is `'unknown'`. */
    statusText: rawTextRequired,
    /** When the execution was queued (ISO 8601). */
    startedAt: isoTimestamp,
    /** When it ended (ISO 8601); `null` while Pending or Running. */
    endedAt: orNull(isoTimestamp),
    /** Backup: remote path on the first successful destination; `null` when none. */
    path: nullableString,
    /** Execution metadata, parsed from its JSON string (an object is accepted too); `null` when absent. */
    metadata: orNull(readableOrRaw(embeddedJson(dbackupExecutionMetadataSchema))),
    /** How it was started (`Manual`, `Scheduler`, `Api`), `'unknown'`, or `null`. */
    triggerType: nullableLenientEnum(DBACKUP_TRIGGER_TYPES),
    /** The trigger exactly as sent (kept when `triggerType` is `'unknown'`), or `null`. */
    triggerTypeText: rawText,
    /** Who started it: a user name, the API key's name, or `"Scheduler"`. */
    triggerLabel: nullableString,
    /** The job (`{ name }`), or `null` for system tasks, restores and deleted jobs. */
    job: orNull(
      z.looseObject({
        /** The job's name. */
        name: nullableString,
      }),
    ),
  }),
  { status: 'statusText', type: 'typeText', triggerType: 'triggerTypeText' },
);

/** One parsed `GET /api/history` entry. */
export interface DBackupHistoryEntry extends z.output<typeof dbackupHistoryEntrySchema> {}

/**
 * The body of `GET /api/history`: `{ executions, systemTimezone }`. The documented bare array
 * of executions is accepted too and read as `{ executions: [...] }`.
 */
export const dbackupHistoryResponseSchema = z.preprocess(
  (value) => (Array.isArray(value) ? { executions: value } : value),
  z.looseObject({
    /** Up to 100 executions, newest first. */
    executions: z.array(dbackupHistoryEntrySchema),
    /** The server's IANA time zone (e.g. `"UTC"`), used for schedules. */
    systemTimezone: z.string().optional(),
    /** DBackup 3.3.1+, when filters or paging were sent: executions matching them, over every page. */
    total: lenientNumber.optional(),
    /** DBackup 3.3.1+: the page number answered. */
    page: lenientNumber.optional(),
    /** DBackup 3.3.1+: executions per page. */
    pageSize: lenientNumber.optional(),
  }),
);

/** A parsed `GET /api/history` body. */
export interface DBackupHistoryResponse extends z.output<typeof dbackupHistoryResponseSchema> {}
