/**
 * Schemas for the adapters API (database sources, storage destinations, notification channels):
 * `GET /api/adapters?type=…`, create/update, test-connection, access-check, database-stats and
 * `GET /api/adapters/:id/health-history`.
 *
 * @module
 */
import * as z from 'zod';
import {
  embeddedJson,
  lenientBoolean,
  lenientNumber,
  nullableLenientEnum,
  nullableString,
  requiredLenientEnum,
} from '../../core/lenient';
import {
  dbackupSuccessResultSchema,
  looseRecord,
  orNull,
  rawTextRequired,
  readableOrRaw,
  withRawText,
} from './shared';

/** Cached connectivity states of an adapter (and of health-check log entries). */
export const DBACKUP_ADAPTER_HEALTH_STATUSES = ['ONLINE', 'DEGRADED', 'OFFLINE'] as const;

/** An adapter health state as parsed, `'unknown'`, or `null` when none is recorded. */
export type DBackupAdapterHealthStatus = (typeof DBACKUP_ADAPTER_HEALTH_STATUSES)[number] | 'unknown' | null;

/**
 * Adapter `metadata` (a JSON string column): what the last connection check learned. All keys
 * optional; unknown keys are kept.
 */
export const dbackupAdapterMetadataSchema = z.looseObject({
  /** Set when the server's metadata could not be read (e.g. not valid JSON); see `raw`. */
  unreadable: z.literal(true).optional(),
  /** The metadata exactly as sent, present only when `unreadable` is set. */
  raw: z.unknown().optional(),
  /** Free-text state from the last check (`"Online"`, `"Unreachable"`, …). */
  status: z.string().optional(),
  /** The last connection error. */
  lastError: z.string().optional(),
  /** Database engine version seen by the last check. */
  engineVersion: z.string().optional(),
  /** Database engine version (older servers / docs). */
  version: z.string().optional(),
  /** When the last check ran (ISO 8601). */
  lastCheck: z.string().optional(),
});

/** Parsed adapter metadata. */
export interface DBackupAdapterMetadata extends z.output<typeof dbackupAdapterMetadataSchema> {}

/**
 * An adapter configuration row: the items of `GET /api/adapters?type=…`, the body of
 * `POST /api/adapters` (201) and `PUT /api/adapters/:id`, and the `source` / destination
 * `config` rows nested in jobs. `id`, `name`, `type` and `adapterId` are required; unknown keys
 * are kept.
 */
export const dbackupAdapterSchema = z.looseObject({
  /** Adapter config id (a UUID). */
  id: z.string(),
  /** Display name. */
  name: z.string(),
  /** Kind: `database`, `storage` or `notification`. */
  type: z.string(),
  /** Adapter implementation (`mysql`, `sqlite`, `local-filesystem`, `s3-aws`, `discord`, …). */
  adapterId: z.string(),
  /**
   * Adapter settings, parsed from the JSON string the server sends (an object is accepted too).
   * In list responses secret keys are removed (see `secretStatus`); rows nested in jobs may hold
   * encrypted secret values.
   */
  config: orNull(embeddedJson(looseRecord)),
  /** For each secret key: whether a value is stored. */
  secretStatus: z.record(z.string(), lenientBoolean).optional(),
  /** Metadata from the last connection check, parsed from its JSON string; `null` when none. */
  metadata: orNull(readableOrRaw(embeddedJson(dbackupAdapterMetadataSchema))),
  /** Created at (ISO 8601). */
  createdAt: z.string().optional(),
  /** Last updated at (ISO 8601). */
  updatedAt: z.string().optional(),
  /** Role of a storage adapter: `DESTINATION` or `SOURCE`. */
  storageRole: z.string().nullish(),
  /** Linked credential profile id. */
  primaryCredentialId: z.string().nullish(),
  /** Linked SSH credential profile id. */
  sshCredentialId: z.string().nullish(),
  /** Default retention policy id. */
  defaultRetentionPolicyId: z.string().nullish(),
  /** When the health check last ran (ISO 8601), or `null`. */
  lastHealthCheck: nullableString,
  /** Cached health state (`ONLINE`, `DEGRADED`, `OFFLINE`), `'unknown'`, or `null`. */
  lastStatus: nullableLenientEnum(DBACKUP_ADAPTER_HEALTH_STATUSES),
  /** The last health-check error, or `null`. */
  lastError: nullableString,
  /** Consecutive failed health checks (3 or more means `OFFLINE`). */
  consecutiveFailures: lenientNumber.optional(),
  /** Whether the storage explorer can browse this adapter. */
  supportsBrowse: lenientBoolean.optional(),
});

/** One adapter configuration. */
export interface DBackupAdapter extends z.output<typeof dbackupAdapterSchema> {}

/** The body of `GET /api/adapters?type=…`: an array of adapters. */
export const dbackupAdapterListSchema = z.array(dbackupAdapterSchema);

/** A parsed `GET /api/adapters?type=…` body. */
export type DBackupAdapterList = z.output<typeof dbackupAdapterListSchema>;

/** The body of `POST /api/adapters/test-connection`. */
export const dbackupTestConnectionResultSchema = z.looseObject({
  /** Whether the connection succeeded. */
  success: lenientBoolean.optional(),
  /** The adapter's message (`"Connection successful"` or the failure). */
  message: z.string().optional(),
  /** Server version reported by a database adapter. */
  version: z.string().optional(),
});

/** A parsed test-connection result. */
export interface DBackupTestConnectionResult extends z.output<typeof dbackupTestConnectionResultSchema> {}

/** The body of `POST /api/adapters/access-check`: the databases the credentials can see. */
export const dbackupAccessCheckResultSchema = z.looseObject({
  /** Whether the check succeeded. */
  success: lenientBoolean.optional(),
  /** Database names. */
  databases: z.array(z.string()).optional(),
  /** A message, usually on failure. */
  message: z.string().optional(),
});

/** A parsed access-check result. */
export interface DBackupAccessCheckResult extends z.output<typeof dbackupAccessCheckResultSchema> {}

/** One database in a database-stats result. */
export const dbackupDatabaseStatSchema = z.looseObject({
  /** Database name. */
  name: z.string(),
  /** Total size in bytes (data + indexes), or `null` when the engine does not report it. */
  sizeInBytes: orNull(lenientNumber),
  /** Number of tables (collections), or `null` when the engine does not report it. */
  tableCount: orNull(lenientNumber),
  /** Firebird only: the file path behind this alias. */
  path: z.string().optional(),
});

/** A parsed database-stats item. */
export interface DBackupDatabaseStat extends z.output<typeof dbackupDatabaseStatSchema> {}

/** The body of `POST /api/adapters/database-stats`. */
export const dbackupDatabaseStatsResultSchema = z.looseObject({
  /** Whether the query succeeded. */
  success: lenientBoolean.optional(),
  /** Per-database sizes and table counts. */
  databases: z.array(dbackupDatabaseStatSchema).optional(),
  /** The database server's version, from the adapter's connection test (absent when it failed). */
  serverVersion: z.string().optional(),
  /** The database server's edition, for engines that report one (e.g. MSSQL `Express Edition`). */
  serverEdition: z.string().optional(),
  /** A message, usually on failure. */
  message: z.string().optional(),
});

/** A parsed database-stats result. */
export interface DBackupDatabaseStatsResult extends z.output<typeof dbackupDatabaseStatsResultSchema> {}

/** One health-check log entry of `GET /api/adapters/:id/health-history`. */
export const dbackupHealthCheckSchema = withRawText(
  z.looseObject({
    /** Log entry id. */
    id: z.string().optional(),
    /** Result (`ONLINE`, `DEGRADED`, `OFFLINE`), mapped leniently. Required (a string). */
    status: requiredLenientEnum(DBACKUP_ADAPTER_HEALTH_STATUSES),
    /** The status exactly as sent (the docs show `"healthy"`). */
    statusText: rawTextRequired,
    /** Measured latency in milliseconds. */
    latencyMs: orNull(lenientNumber),
    /** When the check ran (ISO 8601). */
    createdAt: z.string().optional(),
    /** The error of a failed check, or `null`. */
    error: nullableString,
  }),
  { status: 'statusText' },
);

/** A parsed health-check log entry. */
export interface DBackupHealthCheck extends z.output<typeof dbackupHealthCheckSchema> {}

/** The body of `GET /api/adapters/:id/health-history`: `{ history, stats }`. */
export const dbackupHealthHistoryResponseSchema = z.looseObject({
  /** Health-check log entries. */
  history: z.array(dbackupHealthCheckSchema),
  /** Aggregates over the returned entries. */
  stats: z
    .looseObject({
      /** Share of successful checks, in percent. */
      uptime: lenientNumber.optional(),
      /** Average latency in milliseconds. */
      avgLatency: lenientNumber.optional(),
      /** Number of checks. */
      totalChecks: lenientNumber.optional(),
    })
    .optional(),
});

/** A parsed health-history body. */
export interface DBackupHealthHistoryResponse extends z.output<typeof dbackupHealthHistoryResponseSchema> {}

/** The body of `DELETE /api/adapters/:id`: `{ success: true }` (400 while a job still uses it). */
export const dbackupDeleteAdapterResultSchema = dbackupSuccessResultSchema;

/** A parsed delete-adapter result. */
export interface DBackupDeleteAdapterResult extends z.output<typeof dbackupDeleteAdapterResultSchema> {}
