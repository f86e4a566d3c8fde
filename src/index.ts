/**
 * `@backupchecks/sdk`: typed clients for Cove Data Protection (JSON-RPC) and DBackup (REST), the
 * pure {@link normalizeRun} function that maps both to one {@link BackupRun} record, and the
 * checkpointed {@link collectRuns} feed.
 *
 * Every entry point is also available on its own: `@backupchecks/sdk/cove`, `/dbackup`,
 * `/normalize` (no HTTP code) and `/testing` (MSW mock servers; needs `msw`).
 *
 * @module
 */
export * from './core';
export * from './cove';
export * from './dbackup';
export * from './normalize';
export * from './runs';
