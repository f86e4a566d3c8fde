/**
 * A realistic DBackup 3.2.0 mock server built on MSW handlers, for tests and runnable examples.
 *
 * @module
 */
export { DBACKUP_MOCK_KEYS, DBACKUP_PERMISSIONS, type DBackupMockKeyHandle } from './auth';
export { DBACKUP_MOCK_IDS } from './ids';
export {
  DBACKUP_MOCK_WEBHOOK_CHANNEL_ID,
  type DBackupMockWebhookOptions,
  type DBackupMockWebhookTarget,
} from './notifier';
export { createDBackupMock, type DBackupMock, type DBackupMockOptions } from './server';
export type {
  DBackupMockAdapter,
  DBackupMockAdapterSimulation,
  DBackupMockAdapterType,
  DBackupMockApiKey,
  DBackupMockEncryptionProfile,
  DBackupMockExecution,
  DBackupMockExecutionInput,
  DBackupMockExecutionStatus,
  DBackupMockFaultMatch,
  DBackupMockFaultResponse,
  DBackupMockFile,
  DBackupMockJob,
  DBackupMockJobDestination,
  DBackupMockLogEntry,
  DBackupMockNotificationLog,
  DBackupMockRequestLogEntry,
  DBackupMockState,
  DBackupMockStorageSnapshot,
  DBackupMockSystemTask,
} from './types';
