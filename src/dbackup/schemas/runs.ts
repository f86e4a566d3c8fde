/**
 * Schemas for what DBackup added after 3.2.0: the 3.4 runs API (`GET /api/history/runs`,
 * `GET /api/history/runs/:id`, shapes from DBackup's `src/services/history/run-types.ts`),
 * `GET /api/dashboard/stats` (3.3.1) and `GET /api/notification-logs` (every version). Read
 * leniently: only ids and statuses are required, enums map new values to `'unknown'` with the raw
 * text kept beside them, unknown keys are kept.
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
import { DBACKUP_EXECUTION_STATUSES } from './execution';
import { orNull, rawText, rawTextRequired, withRawText } from './shared';

/** Who can start a run, as the runs API groups it. Anything else parses as `'unknown'`. */
export const DBACKUP_RUN_STARTER_KINDS = ['schedule', 'manual', 'api', 'none'] as const;

/** Upload states of one destination in a run detail. Anything else parses as `'unknown'`. */
export const DBACKUP_RUN_UPLOAD_STATES = ['waiting', 'uploading', 'done', 'failed', 'skipped'] as const;

/** Tones of a run problem. Anything else parses as `'unknown'`. */
export const DBACKUP_RUN_PROBLEM_TONES = ['error', 'warning'] as const;

/** Delivery outcomes of a notification. Anything else parses as `'unknown'`. */
export const DBACKUP_NOTIFICATION_STATUSES = ['Success', 'Failed'] as const;

/** Who started a run (`RunStarter`). */
export const dbackupRunStarterSchema = withRawText(
  z.looseObject({
    /** `schedule`, `manual:<person>`, `api:<key name>` or `none`: the value of the `by` filter. */
    key: z.string().optional(),
    /** The kind, mapped leniently. */
    kind: lenientEnum(DBACKUP_RUN_STARTER_KINDS),
    /** The kind exactly as sent, or `null`. */
    kindText: rawText,
    /** A display label (person, key name, `Schedule`). */
    label: nullableString,
  }),
  { kind: 'kindText' },
);

/** A parsed {@link dbackupRunStarterSchema}. */
export type DBackupRunStarter = z.output<typeof dbackupRunStarterSchema>;

/** `RunCopies`: how many destinations took the backup. */
export const dbackupRunCopiesSchema = z.looseObject({
  /** Destinations that hold a copy. */
  stored: lenientNumber.optional(),
  /** Destinations the job uploads to. */
  total: lenientNumber.optional(),
  /** Names of the destinations that did not take it. */
  failed: z.array(z.string()).optional(),
});

/** A parsed {@link dbackupRunCopiesSchema}. */
export type DBackupRunCopies = z.output<typeof dbackupRunCopiesSchema>;

const runRowShape = {
  /** The execution id (the same id `executions.get` and `GET /api/history` use). */
  id: z.string(),
  /** `Backup`, `Restore`, … exactly as sent (a free string in DBackup). */
  type: nullableString,
  /** Status, mapped leniently: an unlisted status becomes `'unknown'`. Required. */
  status: requiredLenientEnum(DBACKUP_EXECUTION_STATUSES),
  /** The status exactly as sent. */
  statusText: rawTextRequired,
  /** The job's name, or a label for system tasks and deleted jobs. */
  name: nullableString,
  /** What the run did, e.g. `"Backup · shop, billing"`. */
  sub: nullableString,
  /** The source's adapter type (`mysql`, `sqlite`, …); `null` for system tasks. */
  adapterId: nullableString,
  /** The job's id; `null` for system tasks, restores and deleted jobs. */
  jobId: nullableString,
  /** When the run started (ISO 8601). */
  startedAt: orNull(isoTimestamp),
  /** When it ended; `null` while it runs. */
  endedAt: orNull(isoTimestamp),
  /** How long a finished run took, in ms; `null` while it runs. */
  durationMs: orNull(lenientNumber),
  /** How long a run of the job usually takes, in ms. */
  usualMs: orNull(lenientNumber),
  /** Bytes stored, or `null`. */
  size: orNull(lenientNumber),
  /** Copies stored per destination, or `null` (non-backup runs). */
  copies: orNull(dbackupRunCopiesSchema),
  /** What went wrong, in a few words (kept when retention purges the log). */
  note: nullableString,
  /** Progress while the run is live, else `null`. */
  live: orNull(
    z.looseObject({
      /** Current stage. */
      stage: nullableString,
      /** 0–100. */
      percent: orNull(lenientNumber),
      /** Stage detail. */
      detail: nullableString,
    }),
  ),
  /** Who started it. */
  starter: orNull(dbackupRunStarterSchema),
};

/** One run as a row of the runs list (`RunRow`), also `GET /api/history/runs/:id?row=1`. */
export const dbackupRunRowSchema = withRawText(z.looseObject(runRowShape), { status: 'statusText' });

/** A parsed {@link dbackupRunRowSchema}. */
export type DBackupRunRow = z.output<typeof dbackupRunRowSchema>;

/** `RunProblem`: something to look at, told once. */
export const dbackupRunProblemSchema = withRawText(
  z.looseObject({
    /** Problem id within the run. */
    id: z.string().optional(),
    /** `error` or `warning`, mapped leniently. */
    tone: lenientEnum(DBACKUP_RUN_PROBLEM_TONES),
    /** The tone exactly as sent, or `null`. */
    toneText: rawText,
    /** A readable title. */
    title: nullableString,
    /** The message as the server or adapter wrote it. */
    raw: nullableString,
    /** The step it happened in. */
    step: nullableString,
    /** The destination, database or channel it is about. */
    subject: nullableString,
    /** When (ISO 8601). */
    at: nullableString,
  }),
  { tone: 'toneText' },
);

/** A parsed {@link dbackupRunProblemSchema}. */
export type DBackupRunProblem = z.output<typeof dbackupRunProblemSchema>;

/** `RunUpload`: one destination's upload. */
export const dbackupRunUploadSchema = withRawText(
  z.looseObject({
    /** The destination's adapter config id. */
    configId: nullableString,
    /** The destination's name. */
    name: nullableString,
    /** The storage adapter type. */
    adapterId: nullableString,
    /** `waiting`, `uploading`, `done`, `failed` or `skipped`, mapped leniently. */
    state: lenientEnum(DBACKUP_RUN_UPLOAD_STATES),
    /** The state exactly as sent, or `null`. */
    stateText: rawText,
    /** Bytes uploaded. */
    bytes: orNull(lenientNumber),
    /** Bytes to upload. */
    total: orNull(lenientNumber),
    /** Why it failed. */
    error: nullableString,
  }),
  { state: 'stateText' },
);

/** A parsed {@link dbackupRunUploadSchema}. */
export type DBackupRunUpload = z.output<typeof dbackupRunUploadSchema>;

/** `RunNotification`: a notification the run sent. */
export const dbackupRunNotificationSchema = withRawText(
  z.looseObject({
    /** Notification log id. */
    id: z.string().optional(),
    /** The channel's adapter config id. */
    channelId: nullableString,
    /** The channel's name. */
    channelName: nullableString,
    /** The channel's adapter type (`generic-webhook`, `email`, …). */
    adapterId: nullableString,
    /** Delivery outcome, mapped leniently. */
    status: lenientEnum(DBACKUP_NOTIFICATION_STATUSES),
    /** The outcome exactly as sent, or `null`. */
    statusText: rawText,
    /** Why delivery failed. */
    error: nullableString,
    /** The rendered title. */
    title: nullableString,
    /** When it was sent (ISO 8601). */
    sentAt: nullableString,
  }),
  { status: 'statusText' },
);

/** A parsed {@link dbackupRunNotificationSchema}. */
export type DBackupRunNotification = z.output<typeof dbackupRunNotificationSchema>;

/**
 * One run in full (`RunDetail`): the row plus the job, log retention, databases, problems,
 * uploads, notifications and neighbours. Steps, summary, checks and queue are kept as sent.
 */
export const dbackupRunDetailSchema = withRawText(
  z.looseObject({
    ...runRowShape,
    /** The job, or `null`. */
    job: orNull(
      z.looseObject({
        /** Job id. */
        id: nullableString,
        /** Job name. */
        name: nullableString,
      }),
    ),
    /** Remote path of the backup file. */
    path: nullableString,
    /** `full`, `incremental`, … or `null`. */
    backupType: nullableString,
    /** When retention removed the run's log; `null` while it is there. */
    logsPurgedAt: orNull(isoTimestamp),
    /** Databases the run covered. */
    databases: z.array(z.string()).optional(),
    /** Problems, errors first as DBackup orders them. */
    problems: z.array(dbackupRunProblemSchema).optional(),
    /** One entry per destination. */
    uploads: z.array(dbackupRunUploadSchema).optional(),
    /** Notifications the run sent. */
    notifications: z.array(dbackupRunNotificationSchema).optional(),
  }),
  { status: 'statusText' },
);

/** A parsed {@link dbackupRunDetailSchema}. */
export type DBackupRunDetail = z.output<typeof dbackupRunDetailSchema>;

/** `RunStats`: the last 30 days. */
export const dbackupRunStatsSchema = z.looseObject({
  /** Runs in the last 30 days. */
  total: lenientNumber.optional(),
  /** Succeeded runs. */
  succeeded: lenientNumber.optional(),
  /** Failed runs. */
  failed: lenientNumber.optional(),
  /** Partial runs. */
  partial: lenientNumber.optional(),
  /** Ids of running runs. */
  running: z.array(z.string()).optional(),
  /** Ids of queued runs. */
  queued: z.array(z.string()).optional(),
});

/** The body of `GET /api/history/runs`: `{ success, data: { rows, total, facets, jobs, starters, stats } }`. */
export const dbackupRunPageResponseSchema = z.looseObject({
  /** `true` on success. */
  success: lenientBoolean.optional(),
  /** The page. */
  data: z.looseObject({
    /** The runs on this page, newest first. */
    rows: z.array(dbackupRunRowSchema),
    /** Runs matching the filters, over every page. */
    total: lenientNumber,
    /** Counts per filter value (`type`, `status`, `job`, `starter`). */
    facets: z.record(z.string(), z.record(z.string(), z.number())).optional(),
    /** Options of the job filter. */
    jobs: z.array(z.looseObject({ id: z.string(), name: nullableString })).optional(),
    /** Options of the `by` filter. */
    starters: z.array(z.looseObject({ value: z.string(), label: nullableString })).optional(),
    /** The last 30 days. */
    stats: dbackupRunStatsSchema.optional(),
  }),
});

/** A parsed `GET /api/history/runs` page (`data`). */
export type DBackupRunPage = z.output<typeof dbackupRunPageResponseSchema>['data'];

/** The body of `GET /api/history/runs/:id`. */
export const dbackupRunDetailResponseSchema = z.looseObject({
  /** `true` on success. */
  success: lenientBoolean.optional(),
  /** The run. */
  data: dbackupRunDetailSchema,
});

/** The body of `GET /api/history/runs/:id?row=1`. */
export const dbackupRunRowResponseSchema = z.looseObject({
  /** `true` on success. */
  success: lenientBoolean.optional(),
  /** The run's row. */
  data: dbackupRunRowSchema,
});

/** `GET /api/dashboard/stats` → `data`. */
export const dbackupDashboardStatsSchema = z.looseObject({
  /** Number of jobs. */
  totalJobs: lenientNumber.optional(),
  /** Enabled jobs with a schedule. */
  activeSchedules: lenientNumber.optional(),
  /** Backup files on every destination. */
  totalSnapshots: lenientNumber.optional(),
  /** Bytes on every destination. */
  totalStorageBytes: lenientNumber.optional(),
  /** Success rate over 30 days, in percent. */
  successRate30d: lenientNumber.optional(),
  /** Successful runs in the last 24 hours. */
  success24h: lenientNumber.optional(),
  /** Failed runs in the last 24 hours. */
  failed24h: lenientNumber.optional(),
  /** When the storage figures were last refreshed. */
  storageUpdatedAt: nullableString,
});

/** A parsed {@link dbackupDashboardStatsSchema}. */
export type DBackupDashboardStats = z.output<typeof dbackupDashboardStatsSchema>;

/** The body of `GET /api/dashboard/stats`. */
export const dbackupDashboardStatsResponseSchema = z.looseObject({
  /** `true` on success. */
  success: lenientBoolean.optional(),
  /** The figures. */
  data: dbackupDashboardStatsSchema,
});

/** One row of `GET /api/notification-logs` (the `NotificationLog` table). */
export const dbackupNotificationLogSchema = withRawText(
  z.looseObject({
    /** Row id. */
    id: z.string(),
    /** `backup_success`, `backup_partial`, `backup_failure`, … */
    eventType: nullableString,
    /** The channel's adapter config id. */
    channelId: nullableString,
    /** The channel's name. */
    channelName: nullableString,
    /** The channel's adapter type. */
    adapterId: nullableString,
    /** Delivery outcome, mapped leniently. */
    status: lenientEnum(DBACKUP_NOTIFICATION_STATUSES),
    /** The outcome exactly as sent, or `null`. */
    statusText: rawText,
    /** Rendered title, e.g. `Backup Failed: Nightly`. */
    title: nullableString,
    /** Rendered message. */
    message: nullableString,
    /** Why delivery failed. */
    error: nullableString,
    /** The execution the notification was about, when it was about one. */
    executionId: nullableString,
    /** When the row was written (ISO 8601). */
    sentAt: nullableString,
  }),
  { status: 'statusText' },
);

/** A parsed {@link dbackupNotificationLogSchema}. */
export type DBackupNotificationLog = z.output<typeof dbackupNotificationLogSchema>;

/** The body of `GET /api/notification-logs`: `{ data, total, page, pageSize }`. */
export const dbackupNotificationLogPageSchema = z.looseObject({
  /** Rows, newest first. */
  data: z.array(dbackupNotificationLogSchema),
  /** Rows matching the filters. */
  total: lenientNumber.optional(),
  /** The page number. */
  page: lenientNumber.optional(),
  /** Rows per page. */
  pageSize: lenientNumber.optional(),
});

/** A parsed {@link dbackupNotificationLogPageSchema}. */
export type DBackupNotificationLogPage = z.output<typeof dbackupNotificationLogPageSchema>;
