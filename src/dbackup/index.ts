/**
 * `@backupchecks/sdk/dbackup`: the typed client for DBackup's REST API, its errors and schemas.
 *
 * @module @backupchecks/sdk/dbackup
 */
export type {
  AccessCheckInput,
  AdaptersResource,
  AdapterType,
  CreateAdapterInput,
  DatabaseStatsInput,
  HealthHistoryOptions,
  ListAdaptersOptions,
  TestConnectionInput,
  UpdateAdapterInput,
} from './adapters';
export {
  DBACKUP_CAPABILITY_VERSIONS,
  type DBackupCapability,
  type DBackupServerCapabilities,
  type DBackupServerVersion,
} from './capabilities';
export { DBackupClient, type DBackupClientOptions } from './client';
export type { DashboardResource } from './dashboard';
export * from './errors';
export type { ExecutionsResource, GetExecutionOptions, WaitForOptions } from './executions';
export type { HealthStatus } from './health';
export type {
  HistoryFilters,
  HistoryIterateOptions,
  HistoryListOptions,
  HistoryResource,
  OneOrMany,
  RunListFilters,
  RunListOptions,
  RunsResource,
} from './history';
export type {
  CreateJobInput,
  JobDestinationInput,
  JobsResource,
  RunAndWaitOptions,
  RunJobOptions,
  UpdateJobInput,
} from './jobs';
export type { NotificationLogListOptions, NotificationLogsResource } from './notification-logs';
export type { DBackupRateLimit } from './rate-limit';
export type { BinaryResponse, DBackupCallOptions } from './request';
export * from './schemas';
export type { SettingsResource, UpdateSystemTaskInput } from './settings';
export type {
  DownloadOptions,
  ListFilesOptions,
  RestoreInput,
  StorageHistoryOptions,
  StorageResource,
} from './storage';
export type { VaultResource } from './vault';
export * from './webhook';
