/**
 * Public record types of the DBackup mock's in-memory store. They mirror DBackup 3.2.0's database
 * rows (Prisma models), not the HTTP shapes: the routes serialise them the way the real server does
 * (JSON strings for `config`/`metadata`, nested relations, derived fields).
 *
 * @module
 */

/** Execution status values written by DBackup 3.2.0. */
export type DBackupMockExecutionStatus =
  | 'Pending'
  | 'Running'
  | 'Success'
  | 'Partial'
  | 'Failed'
  | 'Cancelled';

/** One execution log entry, as stored in the `Execution.logs` JSON column and returned raw by the API. */
export interface DBackupMockLogEntry {
  /** ISO timestamp. */
  timestamp: string;
  /** `info`, `success`, `warning`, `error`, and `warn` (written by the cancel route). */
  level: string;
  /** `general`, `command`, `storage` or `security`. */
  type: string;
  message: string;
  /** Pipeline stage, e.g. `Queued`, `Dumping Databases`, `Uploading`, `Completed`. */
  stage?: string;
  /** Command line or error stack. */
  details?: string;
  /** Present on "X completed (…)" stage-close entries. */
  durationMs?: number;
}

/**
 * A row of the `Execution` table. `status` is a plain string so tests can seed values a future
 * server version might send.
 */
export interface DBackupMockExecution {
  /** UUID. */
  id: string;
  /** Null for restores, system tasks, and runs whose job was deleted. */
  jobId: string | null;
  /** `Backup`, `Restore`, `System Restore`, `IntegrityCheck` or `Verification`. */
  type: string;
  status: DBackupMockExecutionStatus | (string & {});
  /** ISO. Queue time while Pending, reset to the claim time when the run starts. */
  startedAt: string;
  /** ISO, set on every terminal status. */
  endedAt: string | null;
  /** Bytes stored. */
  size: number | null;
  /** Remote path on the first successful destination (backups) or the source file (restores). */
  path: string | null;
  logs: DBackupMockLogEntry[];
  /** Stored as a JSON string by the server; kept as an object here and serialised on output. */
  metadata: Record<string, unknown> | null;
  /** `Manual`, `Scheduler` or `Api`. */
  triggerType: string | null;
  /** User name, API-key name or `Scheduler`. */
  triggerLabel: string | null;
}

/** Fields {@link DBackupMock.addExecution} accepts; everything is optional and defaulted. */
export type DBackupMockExecutionInput = Partial<Omit<DBackupMockExecution, 'startedAt' | 'endedAt'>> & {
  /** ISO string, `Date` or epoch ms. Default: one minute before the mock clock's now. */
  startedAt?: string | Date | number;
  /** ISO string, `Date`, epoch ms or null. Default: 97 ms after `startedAt` for terminal statuses. */
  endedAt?: string | Date | number | null;
};

/** Adapter category. */
export type DBackupMockAdapterType = 'database' | 'storage' | 'notification';

/**
 * Mock-only knobs on an adapter that drive simulated runs. The real server learns these by
 * actually dumping and uploading; the mock reads them.
 */
export interface DBackupMockAdapterSimulation {
  /** Database: dump error text (the run ends `Failed`). Storage: upload and listing error text. */
  failure?: string;
  /** Database: dump size in bytes. Default 12 288. */
  dumpBytes?: number;
  /** Database: size after GZIP/BROTLI compression. Default ≈ 2.8 % of `dumpBytes`. */
  compressedBytes?: number;
  /** Database: engine version reported by test-connection and written to file metadata. */
  engineVersion?: string;
}

/** A row of the `AdapterConfig` table (sources, destinations and notification channels). */
export interface DBackupMockAdapter {
  id: string;
  name: string;
  type: DBackupMockAdapterType;
  /** e.g. `sqlite`, `mysql`, `local-filesystem`, `s3-aws`, `discord`. */
  adapterId: string;
  /** Decrypted configuration, secrets included. The API strips secrets (and lists them in `secretStatus`). */
  config: Record<string, unknown>;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  storageRole: 'DESTINATION' | 'SOURCE';
  primaryCredentialId: string | null;
  sshCredentialId: string | null;
  defaultRetentionPolicyId: string | null;
  lastHealthCheck: string | null;
  lastStatus: 'ONLINE' | 'DEGRADED' | 'OFFLINE';
  lastError: string | null;
  consecutiveFailures: number;
  /** Mock-only; never serialised. */
  simulation?: DBackupMockAdapterSimulation;
}

/** A row of the `JobDestination` table. */
export interface DBackupMockJobDestination {
  id: string;
  /** Storage adapter id. */
  configId: string;
  /** Upload order, 0 first. */
  priority: number;
  /** Legacy per-destination retention (stored as a JSON string by the server). */
  retention: Record<string, unknown>;
  retentionPolicyId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A row of the `Job` table plus its destination links. */
export interface DBackupMockJob {
  id: string;
  name: string;
  /** 5-part cron expression, evaluated in UTC. */
  schedule: string;
  enabled: boolean;
  sourceId: string | null;
  /** Database names (a JSON string on the wire). */
  databases: string[];
  encryptionProfileId: string | null;
  /** `NONE`, `GZIP` or `BROTLI`. */
  compression: string;
  pgCompression: string;
  namingTemplateId: string | null;
  schedulePresetId: string | null;
  createdAt: string;
  updatedAt: string;
  notificationEvents: string;
  skipVerification: boolean;
  backupMode: string;
  fullEveryDays: number;
  verifyByHash: boolean;
  destinations: DBackupMockJobDestination[];
  /** Notification adapter ids (legacy `notifications` relation). */
  notificationIds: string[];
}

/** A backup file on a storage destination, in DBackup's `RichFileInfo` shape plus the storage it lives on. */
export interface DBackupMockFile {
  /** Storage adapter id (not serialised). */
  storageId: string;
  name: string;
  path: string;
  size: number;
  lastModified: string;
  jobName?: string;
  sourceName?: string;
  sourceType?: string;
  engineVersion?: string;
  dbInfo?: { count: number | string; label: string };
  isEncrypted?: boolean;
  encryptionProfileId?: string;
  compression?: string;
  /** Retention lock, not "being written". */
  locked?: boolean;
  trigger?: { type: string; actor?: string };
  checksum?: string;
  checksumMd5?: string;
  hasFileIndex?: boolean;
  backupType?: 'full' | 'incremental';
  verification?: { verifiedAt: string; passed: boolean; trigger: 'manual' | 'post-upload' | 'scheduled' };
}

/** One storage statistics snapshot (`GET /api/storage/:id/history` item). */
export interface DBackupMockStorageSnapshot {
  storageId: string;
  /** ISO. */
  date: string;
  /** Total bytes on the destination. */
  size: number;
  /** File count. */
  count: number;
}

/** A system task (`GET /api/settings/system-tasks` item without the derived `nextRunAt`/`timezone`). */
export interface DBackupMockSystemTask {
  /** Namespaced id, e.g. `system.integrity_check`. */
  id: string;
  label: string;
  description: string;
  schedule: string;
  runOnStartup: boolean;
  enabled: boolean;
  lastRunAt: string | null;
}

/** A Vault encryption profile. */
export interface DBackupMockEncryptionProfile {
  id: string;
  name: string;
  /** 64 hex characters, written to `master.key` in recovery kits. */
  masterKeyHex: string;
}

/** An API key as the mock stores it (the real server keeps only a hash). */
export interface DBackupMockApiKey {
  /** Display name; recorded as `triggerLabel` for runs it triggers. */
  name: string;
  /** The full secret, `dbackup_` + 60 hex characters. */
  key: string;
  permissions: string[];
  enabled: boolean;
  /** ISO, or null for no expiry. */
  expiresAt: string | null;
}

/** The mock's whole in-memory store. Mutate freely; the next request sees the change. */
export interface DBackupMockState {
  jobs: DBackupMockJob[];
  executions: DBackupMockExecution[];
  adapters: DBackupMockAdapter[];
  files: DBackupMockFile[];
  storageHistory: DBackupMockStorageSnapshot[];
  systemTasks: DBackupMockSystemTask[];
  encryptionProfiles: DBackupMockEncryptionProfile[];
  apiKeys: DBackupMockApiKey[];
  /** Notifications sent by the mock's webhook channel (see `DBackupMockOptions.webhook`). */
  notificationLogs: DBackupMockNotificationLog[];
}

/** One entry of {@link DBackupMock.requests}. */
export interface DBackupMockRequestLogEntry {
  method: string;
  /** URL pathname, e.g. `/api/executions/…`. */
  path: string;
  /** Query string including the leading `?`, or `''`. */
  search: string;
  /** Name of the API key presented (also for disabled or expired keys); absent without a known key. */
  keyName?: string;
  /** Response status; `0` for an injected network error. */
  status: number;
}

/** A canned response for {@link DBackupMock.failNext}. */
export interface DBackupMockFaultResponse {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `text/plain` (ignored when `body` is set). */
  text?: string;
  headers?: Record<string, string>;
}

/** Which requests a fault applies to. */
export interface DBackupMockFaultMatch {
  /** HTTP method, case-insensitive. Any method when omitted. */
  method?: string;
  /** Exact URL pathname (`/api/history`) or a RegExp tested against the pathname. */
  path: string | RegExp;
}

/**
 * A row of the `NotificationLog` table: one notification the server sent (or failed to send)
 * through a channel. `GET /api/notification-logs` returns these rows as stored (`fields` as a
 * JSON string).
 */
export interface DBackupMockNotificationLog {
  /** Row id. */
  id: string;
  /** `backup_success`, `backup_partial`, `backup_failure`, … */
  eventType: string;
  /** The channel's adapter config id. */
  channelId: string | null;
  /** The channel's name. */
  channelName: string;
  /** The channel's adapter type, e.g. `generic-webhook`. */
  adapterId: string;
  /** Whether delivery worked. */
  status: 'Success' | 'Failed';
  /** Rendered title, e.g. `Backup Failed: Nightly`. */
  title: string;
  /** Rendered message. */
  message: string;
  /** Rendered fields as a JSON string, or null. */
  fields: string | null;
  /** Colour as `#hex`, or null. */
  color: string | null;
  /** Always null for the generic webhook. */
  renderedHtml: string | null;
  /** Always null for the generic webhook. */
  renderedPayload: string | null;
  /** Why delivery failed. */
  error: string | null;
  /** The execution the notification is about. */
  executionId: string | null;
  /** ISO time the row was written (after delivery). */
  sentAt: string;
}
