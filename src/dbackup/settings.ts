/**
 * `dbackup.settings`: system tasks (integrity check, health check, log cleanup, …).
 *
 * @module
 */
import { ConfigError } from '../core/errors';
import { type DBackupCallOptions, type DBackupRequester, describe, requireText } from './request';
import {
  type DBackupSystemTask,
  type DBackupSystemTaskRunResult,
  type DBackupSystemTaskUpdateResult,
  dbackupSystemTaskListSchema,
  dbackupSystemTaskRunResultSchema,
  dbackupSystemTaskUpdateResultSchema,
} from './schemas';

/** Body of `POST /api/settings/system-tasks`. */
export interface UpdateSystemTaskInput {
  /** The task id, e.g. `system.integrity_check`. */
  taskId: string;
  /** New cron expression. */
  schedule?: string;
  /** Run when the server starts. */
  runOnStartup?: boolean;
  /** Enable or disable the task. */
  enabled?: boolean;
}

/** The `settings` resource. */
export class SettingsResource {
  readonly #http: DBackupRequester;

  /** @internal */
  constructor(http: DBackupRequester) {
    this.#http = http;
  }

  /** `GET /api/settings/system-tasks` (`settings:read`): every system task with its schedule. */
  async listSystemTasks(options?: DBackupCallOptions): Promise<DBackupSystemTask[]> {
    return this.#http.json(
      {
        method: 'GET',
        path: '/api/settings/system-tasks',
        route: 'GET /api/settings/system-tasks',
        idempotent: true,
      },
      dbackupSystemTaskListSchema,
      options,
    );
  }

  /** `POST /api/settings/system-tasks` (`settings:write`): changes a task's schedule or switches. */
  async updateSystemTask(
    input: UpdateSystemTaskInput,
    options?: DBackupCallOptions,
  ): Promise<DBackupSystemTaskUpdateResult> {
    requireText(input?.taskId, 'taskId');
    for (const key of ['runOnStartup', 'enabled'] as const) {
      if (input[key] !== undefined && typeof input[key] !== 'boolean') {
        throw new ConfigError(`\`${key}\` must be a boolean (got ${describe(input[key])}).`);
      }
    }
    return this.#http.json(
      {
        method: 'POST',
        path: '/api/settings/system-tasks',
        route: 'POST /api/settings/system-tasks',
        json: input,
        idempotent: true,
      },
      dbackupSystemTaskUpdateResultSchema,
      options,
    );
  }

  /**
   * `PUT /api/settings/system-tasks` (`settings:write`): runs a task now. Tasks that create an
   * execution (the integrity check) return its `executionId`. Not retried.
   */
  async runSystemTask(taskId: string, options?: DBackupCallOptions): Promise<DBackupSystemTaskRunResult> {
    requireText(taskId, 'taskId');
    return this.#http.json(
      {
        method: 'PUT',
        path: '/api/settings/system-tasks',
        route: 'PUT /api/settings/system-tasks',
        json: { taskId },
        idempotent: false,
      },
      dbackupSystemTaskRunResultSchema,
      options,
    );
  }
}
