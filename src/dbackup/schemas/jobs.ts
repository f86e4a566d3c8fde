/**
 * Schemas for the jobs API: `GET /api/jobs`, `POST /api/jobs` (201), `PUT /api/jobs/:id`,
 * `DELETE /api/jobs/:id` and `POST /api/jobs/:id/run`.
 *
 * @module
 */
import * as z from 'zod';
import { embeddedJson, lenientBoolean, lenientNumber } from '../../core/lenient';
import { dbackupAdapterSchema } from './adapters';
import { dbackupSuccessResultSchema, looseRecord } from './shared';

/**
 * An adapter row nested in a job (`source`, `destinations[].config`, `notifications[]`): the
 * adapter schema with every key optional, since the docs show only `{ name, type }` there.
 * Its `config` is parsed from the JSON string into a loose record (secret values may be encrypted).
 */
export const dbackupJobAdapterSchema = dbackupAdapterSchema.partial();

/** A parsed adapter row nested in a job. */
export interface DBackupJobAdapter extends z.output<typeof dbackupJobAdapterSchema> {}

/** One destination of a job (a `JobDestination` row with its adapter config). */
export const dbackupJobDestinationSchema = z.looseObject({
  /** JobDestination row id. */
  id: z.string().optional(),
  /** The job's id. */
  jobId: z.string().optional(),
  /** The destination adapter config id. */
  configId: z.string().optional(),
  /** Upload order (0 first). */
  priority: lenientNumber.optional(),
  /** Legacy per-destination retention, parsed from its JSON string (`"{}"` when unset). */
  retention: embeddedJson(looseRecord).optional(),
  /** Retention policy id; takes precedence over `retention`. */
  retentionPolicyId: z.string().nullish(),
  /** Created at (ISO 8601). */
  createdAt: z.string().optional(),
  /** Updated at (ISO 8601). */
  updatedAt: z.string().optional(),
  /** The destination adapter row. */
  config: dbackupJobAdapterSchema.nullish(),
});

/** A parsed job destination. */
export interface DBackupJobDestination extends z.output<typeof dbackupJobDestinationSchema> {}

/** One additional source of a job (directory sources; a `JobSource` row). */
export const dbackupJobSourceSchema = z.looseObject({
  /** JobSource row id. */
  id: z.string().optional(),
  /** The source adapter config id. */
  configId: z.string().optional(),
  /** Order among the sources. */
  priority: lenientNumber.optional(),
  /** Directory path to collect. */
  path: z.string().optional(),
  /** Glob patterns excluded from collection. */
  excludePatterns: z.array(z.string()).optional(),
});

/** A parsed job source. */
export interface DBackupJobSource extends z.output<typeof dbackupJobSourceSchema> {}

/**
 * A backup job: the items of `GET /api/jobs`, and the body of `POST /api/jobs` (201) and
 * `PUT /api/jobs/:id`. `id` and `name` are required; unknown keys are kept.
 */
export const dbackupJobSchema = z.looseObject({
  /** Job id (a UUID). */
  id: z.string(),
  /** Display name (unique). */
  name: z.string(),
  /** 5-part cron expression (overridden by the schedule preset when one is set). */
  schedule: z.string().optional(),
  /** Whether the scheduler runs it (a manual or API run works either way). */
  enabled: lenientBoolean.optional(),
  /** Database source adapter id; `null` for directory-only jobs. */
  sourceId: z.string().nullish(),
  /** Database names to back up, parsed from the JSON string the server sends (`[]` = all). */
  databases: embeddedJson(z.array(z.string())).optional(),
  /** Vault encryption profile id, or `null`. */
  encryptionProfileId: z.string().nullish(),
  /** Archive compression: `NONE`, `GZIP` or `BROTLI`. */
  compression: z.string().optional(),
  /** PostgreSQL dump compression (`""`, `NONE`, `GZIP:6`, …). */
  pgCompression: z.string().optional(),
  /** Naming template id, or `null` for the default pattern. */
  namingTemplateId: z.string().nullish(),
  /** Schedule preset id, or `null`. */
  schedulePresetId: z.string().nullish(),
  /** Which outcomes notify: `ALWAYS`, `FAILURE_ONLY`, `SUCCESS_ONLY` or a pipe list (`SUCCESS|PARTIAL|FAILED`). */
  notificationEvents: z.union([z.string(), looseRecord]).optional(),
  /** Whether post-upload verification is skipped. */
  skipVerification: lenientBoolean.optional(),
  /** `FULL` or `INCREMENTAL`. */
  backupMode: z.string().optional(),
  /** Days after which an incremental chain starts a new full backup. */
  fullEveryDays: lenientNumber.optional(),
  /** Whether verification compares hashes. */
  verifyByHash: lenientBoolean.optional(),
  /** Created at (ISO 8601). */
  createdAt: z.string().optional(),
  /** Updated at (ISO 8601). */
  updatedAt: z.string().optional(),
  /** The database source adapter row, or `null`. */
  source: dbackupJobAdapterSchema.nullish(),
  /** Destinations in upload order. */
  destinations: z.array(dbackupJobDestinationSchema).optional(),
  /** Additional (directory) sources. */
  sources: z.array(dbackupJobSourceSchema).optional(),
  /** Legacy notification channels (adapter rows). */
  notifications: z.array(dbackupJobAdapterSchema).optional(),
  /** Notification template links. */
  notificationTemplates: z.array(z.unknown()).optional(),
  /** `{ id, name }` of the encryption profile, or `null`. */
  encryptionProfile: z
    .looseObject({
      /** Profile id. */
      id: z.string().optional(),
      /** Profile name. */
      name: z.string().optional(),
    })
    .nullish(),
  /** `{ id, name, schedule }` of the schedule preset, or `null`. */
  schedulePreset: z
    .looseObject({
      /** Preset id. */
      id: z.string().optional(),
      /** Preset name. */
      name: z.string().optional(),
      /** Preset cron expression. */
      schedule: z.string().optional(),
    })
    .nullish(),
  /** Start of the last run (ISO 8601), `null` if never run; list responses only. */
  lastRunAt: z.string().nullish(),
  /** Next scheduled run (ISO 8601), `null` when disabled; list responses only. */
  nextRunAt: z.string().nullish(),
});

/** One backup job. */
export interface DBackupJob extends z.output<typeof dbackupJobSchema> {}

/** The body of `GET /api/jobs`: an array of jobs. */
export const dbackupJobListSchema = z.array(dbackupJobSchema);

/** A parsed `GET /api/jobs` body. */
export type DBackupJobList = z.output<typeof dbackupJobListSchema>;

/**
 * The body of `POST /api/jobs/:id/run` (200, not 202): `{ success, executionId, message }`.
 * Poll `executionId` with `GET /api/executions/:id`.
 */
export const dbackupRunJobResultSchema = z.looseObject({
  /** `true` when the job was queued. */
  success: lenientBoolean.optional(),
  /** The id of the new execution (required). */
  executionId: z.string(),
  /** `"Job queued successfully"`. */
  message: z.string().optional(),
});

/** A parsed run-job result. */
export interface DBackupRunJobResult extends z.output<typeof dbackupRunJobResultSchema> {}

/** The body of `DELETE /api/jobs/:id`: `{ success: true }`. */
export const dbackupDeleteJobResultSchema = dbackupSuccessResultSchema;

/** A parsed delete-job result. */
export interface DBackupDeleteJobResult extends z.output<typeof dbackupDeleteJobResultSchema> {}
