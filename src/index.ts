/**
 * `@backupchecks/sdk`: typed clients for Cove Data Protection (JSON-RPC) and DBackup (REST), the
 * pure {@link "@backupchecks/sdk/normalize"!normalizeRun | normalizeRun} function that maps both to one {@link "@backupchecks/sdk/normalize"!BackupRun | BackupRun} record, and the
 * checkpointed {@link runs!collectRuns | collectRuns} feed.
 *
 * The root entry holds the everyday surface: both clients with their options and errors, the shared
 * core (errors, transport options, hooks), `normalizeRun` with `BackupRun`, and `collectRuns`.
 * Everything vendor-specific (resources, response records, the Cove column catalogue, zod schemas)
 * is on its own entry point:
 *
 * | Import from | What it holds |
 * |---|---|
 * | `@backupchecks/sdk` | the clients, the error family, transport options, `normalizeRun`, `collectRuns` |
 * | `@backupchecks/sdk/cove` | {@link "@backupchecks/sdk/cove"!CoveClient | CoveClient}, its methods' records, the column catalogue and decoders, schemas |
 * | `@backupchecks/sdk/dbackup` | {@link "@backupchecks/sdk/dbackup"!DBackupClient | DBackupClient}, its resources, response records and schemas |
 * | `@backupchecks/sdk/normalize` | `normalizeRun`, `BackupRun` and its schema, the status maps (no HTTP code) |
 * | `@backupchecks/sdk/testing` | MSW mock servers for both APIs (needs `msw`) |
 *
 * In this reference the root's exports are documented where they are declared: the shared core on
 * the **core** page, the run feed on the **runs** page.
 *
 * @module @backupchecks/sdk
 */
export * from './core';
export {
  COVE_ERROR_CODES,
  CoveAuthError,
  type CoveCallOptions,
  CoveClient,
  type CoveClientOptions,
  CoveError,
  type CoveErrorDetails,
  CoveHttpError,
  CoveMalformedResponseError,
  CoveRpcError,
  type CoveSecurityDetails,
  CoveSecurityError,
  CoveStorageNodeError,
  CoveVisaError,
  DEFAULT_COVE_ENDPOINT,
  type LoginResult,
} from './cove';
export {
  DBackupAuthError,
  type DBackupCallOptions,
  DBackupClient,
  type DBackupClientOptions,
  DBackupError,
  type DBackupErrorDetails,
  DBackupNotFoundError,
  DBackupPermissionError,
  DBackupRateLimitError,
  DBackupRequestError,
  DBackupServerError,
  DBackupUnsupportedError,
} from './dbackup';
export {
  type BackupRun,
  isTerminalStatus,
  NormalizeError,
  type NormalizeInput,
  type NormalizeOptions,
  normalizeRun,
  RUN_OBJECT_STATUSES,
  RUN_SOURCES,
  RUN_STATUSES,
  type RunObject,
  type RunObjectStatus,
  type RunSource,
  type RunStatus,
  type StatusMap,
  type StatusMapOverrides,
  TERMINAL_RUN_STATUSES,
} from './normalize';
export * from './runs';
