/**
 * `@backupchecks/sdk/normalize`: the {@link BackupRun} record and the pure `normalizeRun`
 * function. This entry loads no HTTP code.
 *
 * @module
 */
export {
  type BackupRun,
  BackupRunSchema,
  backupRunJsonSchema,
  isTerminalStatus,
  RUN_OBJECT_STATUSES,
  RUN_SOURCES,
  RUN_STATUSES,
  type RunObject,
  RunObjectSchema,
  type RunObjectStatus,
  RunObjectStatusSchema,
  type RunSource,
  type RunStatus,
  RunStatusSchema,
  TERMINAL_RUN_STATUSES,
} from './backup-run';
export {
  COVE_REQUIRED_COLUMNS,
  COVE_RUN_COLUMNS,
  COVE_SOFTWARE,
  type CoveApiStatisticsRow,
  type CoveStatisticsInput,
  type CoveStatisticsRow,
} from './cove';
export { COVE_DATA_SOURCE_NAMES, canonicalCoveCode, parseActiveDataSources } from './cove-columns';
export type { CoveSessionDeviceInput, CoveSessionErrorInput, CoveSessionInput } from './cove-session';
export { DBACKUP_SOFTWARE, type DBackupExecutionInput } from './dbackup';
export { NormalizeError } from './errors';
export {
  type CoveSessionRunInput,
  type CoveStatisticsRunInput,
  type DBackupExecutionRunInput,
  type NormalizeInput,
  type NormalizeOptions,
  normalizeRun,
} from './normalize-run';
export {
  COVE_STATUS_NAMES,
  DEFAULT_COVE_STATUS_MAP,
  DEFAULT_DBACKUP_STATUS_MAP,
  type StatusMap,
  type StatusMapOverrides,
} from './status-maps';
