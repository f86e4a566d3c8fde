/**
 * `dbackup.notificationLogs`: the notifications DBackup sent (every version since 3.2.0).
 *
 * @module
 */
import { checkCallOptions } from '../core/arguments';
import { ConfigError } from '../core/errors';
import { type DBackupCallOptions, type DBackupRequester, describe } from './request';
import { type DBackupNotificationLogPage, dbackupNotificationLogPageSchema } from './schemas';

/** Options of {@link NotificationLogsResource.list}. */
export interface NotificationLogListOptions extends DBackupCallOptions {
  /** Page number, from 1. */
  page?: number;
  /** Rows per page (server default 50). */
  pageSize?: number;
  /** Only notifications about this execution. */
  executionId?: string;
  /** Only this event, e.g. `backup_failure`. */
  eventType?: string;
  /** `Success` or `Failed` delivery. */
  status?: string;
  /** Only this channel type, e.g. `generic-webhook`. */
  adapterId?: string;
}

/** The `notificationLogs` resource. */
export class NotificationLogsResource {
  readonly #http: DBackupRequester;

  /** @internal */
  constructor(http: DBackupRequester) {
    this.#http = http;
  }

  /**
   * `GET /api/notification-logs` (`history:read`): sent notifications, newest first, with the
   * execution each one was about. DBackup writes a row after the channel answered, so a receiver
   * of a webhook may have to ask again a moment later. A missing permission is a 500 on 3.2 and a
   * 403 on 3.4 (both `DBackupPermissionError` or `DBackupServerError`).
   */
  async list(options: NotificationLogListOptions = {}): Promise<DBackupNotificationLogPage> {
    options = checkCallOptions(options, 'notificationLogs.list');
    const query: Record<string, string | number | undefined> = {};
    for (const key of ['page', 'pageSize'] as const) {
      const value = options[key];
      if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)) {
        throw new ConfigError(`\`${key}\` must be a positive integer (got ${describe(value)}).`);
      }
      query[key] = value;
    }
    for (const key of ['executionId', 'eventType', 'status', 'adapterId'] as const) {
      const value = options[key];
      if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
        throw new ConfigError(`\`${key}\` must be a non-empty string (got ${describe(value)}).`);
      }
      query[key] = value;
    }
    return this.#http.json(
      {
        method: 'GET',
        path: '/api/notification-logs',
        route: 'GET /api/notification-logs',
        query,
        idempotent: true,
      },
      dbackupNotificationLogPageSchema,
      { signal: options.signal, timeoutMs: options.timeoutMs },
    );
  }
}
