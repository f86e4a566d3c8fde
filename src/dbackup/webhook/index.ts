/**
 * Near-real-time import from DBackup's generic-webhook notifications: the payload parser, the
 * Fetch-API handler and its Node `http` adapter.
 *
 * @module
 */
export {
  createDBackupWebhookHandler,
  type DBackupWebhookClient,
  type DBackupWebhookContext,
  type DBackupWebhookHandler,
  type DBackupWebhookHandlerOptions,
  DBackupWebhookLookupError,
} from './handler';
export { type NodeRequestListener, toNodeListener } from './node';
export {
  type DBackupWebhookEvent,
  type DBackupWebhookField,
  type DBackupWebhookOutcome,
  DBackupWebhookPayloadError,
  parseDBackupWebhook,
} from './parse';
