/**
 * Zod schemas and inferred types for every DBackup response, read leniently: unknown keys are
 * kept, numbers may be numeric strings, enums map new values to `'unknown'` (keeping the raw
 * text in `statusText` / `typeText`), and JSON-in-a-string fields are parsed.
 *
 * @module
 */
export * from './adapters';
export * from './errors';
export * from './execution';
export * from './health';
export * from './history';
export * from './jobs';
export * from './runs';
export * from './settings';
export { type DBackupSuccessResult, type DBackupUnreadableValue, dbackupSuccessResultSchema } from './shared';
export * from './storage';
