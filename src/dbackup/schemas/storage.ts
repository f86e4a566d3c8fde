/**
 * Schemas for the storage explorer: `GET /api/storage/:id/files`, `DELETE …/files`,
 * `POST …/download-url`, `POST …/restore` (202), `POST …/analyze` and `GET …/history`.
 *
 * @module
 */
import * as z from 'zod';
import { lenientBoolean, lenientNumber } from '../../core/lenient';
import { dbackupSuccessResultSchema, isRecord } from './shared';

/**
 * One backup file (`RichFileInfo`) of `GET /api/storage/:id/files`. `name`, `path` and `size`
 * are required; the rest is read from the backup's sidecar metadata when present. Unknown keys
 * are kept.
 */
export const dbackupStorageFileSchema = z.looseObject({
  /** File name. */
  name: z.string(),
  /** Path inside the destination (pass it to download, delete, restore). */
  path: z.string(),
  /** Size in **bytes**. */
  size: lenientNumber,
  /** Last modification time (ISO 8601). */
  lastModified: z.string().optional(),
  /** Name of the job that wrote it. */
  jobName: z.string().optional(),
  /** Name of the backed-up source. */
  sourceName: z.string().optional(),
  /** Source adapter type (`mysql`, `sqlite`, …). */
  sourceType: z.string().optional(),
  /** Database engine version at backup time (may be `"unknown"`). */
  engineVersion: z.string().optional(),
  /** Database engine edition. */
  engineEdition: z.string().optional(),
  /** `{ count, label }` of the databases inside. */
  dbInfo: z
    .looseObject({
      /** Number of databases. */
      count: lenientNumber.optional(),
      /** Human label (`"Single DB"`, …). */
      label: z.string().optional(),
    })
    .optional(),
  /** Whether the file is encrypted. */
  isEncrypted: lenientBoolean.optional(),
  /** Encryption profile id. */
  encryptionProfileId: z.string().nullish(),
  /** Compression (`GZIP`, `BROTLI`, …); absent when none. */
  compression: z.string().nullish(),
  /** Retention lock: a locked file is never deleted by retention. */
  locked: lenientBoolean.optional(),
  /** How the backup was started: `{ type, actor? }`. */
  trigger: z
    .looseObject({
      /** `Manual`, `Scheduler` or `Api`. */
      type: z.string().optional(),
      /** User or API-key name. */
      actor: z.string().nullish(),
    })
    .optional(),
  /** SHA-256 of the file. */
  checksum: z.string().optional(),
  /** MD5 of the file. */
  checksumMd5: z.string().optional(),
  /** Whether an archive file index exists. */
  hasFileIndex: lenientBoolean.optional(),
  /** `full` or `incremental`. */
  backupType: z.string().optional(),
  /** Whether databases and directories are combined in one archive. */
  combined: z.unknown().optional(),
  /** Incremental chain position: `{ id, type, index }`. */
  chain: z
    .looseObject({
      /** Chain id. */
      id: z.string().optional(),
      /** `full` or `incremental`. */
      type: z.string().optional(),
      /** Position in the chain (0 = full). */
      index: lenientNumber.optional(),
    })
    .optional(),
  /** Full snapshot size in bytes (incremental backups). */
  logicalSize: lenientNumber.optional(),
  /** Last verification: `{ verifiedAt, passed, trigger }`. */
  verification: z
    .looseObject({
      /** When it was verified (ISO 8601). */
      verifiedAt: z.string().optional(),
      /** Whether the checksum matched. */
      passed: lenientBoolean.optional(),
      /** `manual`, `post-upload` or `scheduled`. */
      trigger: z.string().optional(),
    })
    .optional(),
});

/** One backup file. */
export interface DBackupStorageFile extends z.output<typeof dbackupStorageFileSchema> {}

/** The body of `GET /api/storage/:id/files`: an array of backup files. */
export const dbackupStorageFileListSchema = z.array(dbackupStorageFileSchema);

/** A parsed file list. */
export type DBackupStorageFileList = z.output<typeof dbackupStorageFileListSchema>;

/** The body of `DELETE /api/storage/:id/files`: `{ success: true }`. */
export const dbackupDeleteFileResultSchema = dbackupSuccessResultSchema;

/** A parsed delete-file result. */
export interface DBackupDeleteFileResult extends z.output<typeof dbackupDeleteFileResultSchema> {}

/** The body of `POST /api/storage/:id/download-url`: a temporary, single-use link. */
export const dbackupDownloadUrlResultSchema = z.looseObject({
  /** `true` on success. */
  success: lenientBoolean.optional(),
  /** The download URL (works without authentication; contains a token — treat as a secret). */
  url: z.string(),
  /** Validity, e.g. `"5 minutes"`. */
  expiresIn: z.union([z.string(), z.number()]).optional(),
  /** Whether the link works only once. */
  singleUse: lenientBoolean.optional(),
});

/** A parsed download-url result. */
export interface DBackupDownloadUrlResult extends z.output<typeof dbackupDownloadUrlResultSchema> {}

/** The body of `POST /api/storage/:id/restore` (202): poll `executionId`. */
export const dbackupRestoreResultSchema = z.looseObject({
  /** `true` when the restore started. */
  success: lenientBoolean.optional(),
  /** The restore execution's id (required). */
  executionId: z.string(),
  /** `"Restore started"`. */
  message: z.string().optional(),
});

/** A parsed restore result. */
export interface DBackupRestoreResult extends z.output<typeof dbackupRestoreResultSchema> {}

/** The body of `POST /api/storage/:id/analyze`: the databases inside a backup file. */
export const dbackupAnalyzeResultSchema = z.looseObject({
  /** `true` on success, when sent. */
  success: lenientBoolean.optional(),
  /** Database names found in the file. */
  databases: z.array(z.string()),
});

/** A parsed analyze result. */
export interface DBackupAnalyzeResult extends z.output<typeof dbackupAnalyzeResultSchema> {}

/**
 * One storage usage snapshot. The server sends `{ date, size, count }`; the docs say
 * `{ totalSize, fileCount, createdAt }`. Both are accepted, every key sent is kept, and
 * `date`/`size`/`count` are filled from the documented names when missing, so readers can
 * always use `date`, `size` (bytes) and `count`.
 */
export const dbackupStorageHistoryPointSchema = z.preprocess(
  (value) => {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = { ...value };
    if (out.date === undefined && value.createdAt !== undefined) out.date = value.createdAt;
    if (out.size === undefined && value.totalSize !== undefined) out.size = value.totalSize;
    if (out.count === undefined && value.fileCount !== undefined) out.count = value.fileCount;
    return out;
  },
  z.looseObject({
    /** Snapshot time (ISO 8601). Filled from `createdAt` when only that was sent. */
    date: z.string().optional(),
    /** Total bytes stored. Filled from `totalSize` when only that was sent. */
    size: lenientNumber.optional(),
    /** Number of backup files. Filled from `fileCount` when only that was sent. */
    count: lenientNumber.optional(),
    /** Snapshot time, as the docs name it. */
    createdAt: z.string().optional(),
    /** Total bytes, as the docs name it. */
    totalSize: lenientNumber.optional(),
    /** File count, as the docs name it. */
    fileCount: lenientNumber.optional(),
  }),
);

/** A parsed storage usage snapshot. */
export interface DBackupStorageHistoryPoint extends z.output<typeof dbackupStorageHistoryPointSchema> {}

/** The body of `GET /api/storage/:id/history?days=N`: `{ success, data: [...] }`, oldest first. */
export const dbackupStorageHistoryResponseSchema = z.looseObject({
  /** `true` on success. */
  success: lenientBoolean.optional(),
  /** One point per stats refresh (several per minute right after a server start). */
  data: z.array(dbackupStorageHistoryPointSchema),
});

/** A parsed storage usage history. */
export interface DBackupStorageHistoryResponse extends z.output<typeof dbackupStorageHistoryResponseSchema> {}
