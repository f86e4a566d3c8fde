/**
 * `dbackup.jobs`: list, create, update, delete and run backup jobs.
 *
 * @module
 */
import { checkCallOptions } from '../core/arguments';
import { ConfigError, SdkError } from '../core/errors';
import { checkWaitForOptions, type ExecutionsResource, type WaitForOptions } from './executions';
import { type DBackupCallOptions, type DBackupRequester, describe, requireText, segment } from './request';
import {
  type DBackupDeleteJobResult,
  type DBackupExecution,
  type DBackupJob,
  type DBackupRunJobResult,
  dbackupDeleteJobResultSchema,
  dbackupJobListSchema,
  dbackupJobSchema,
  dbackupRunJobResultSchema,
} from './schemas';

/** One destination of a job, in upload order. */
export interface JobDestinationInput {
  /** The storage adapter's id. */
  configId: string;
  /** Upload order (lower first). */
  priority?: number;
  /** Legacy per-destination retention (`{ mode: 'NONE' | 'SIMPLE' | 'SMART', … }`). */
  retention?: Record<string, unknown>;
  /** A retention policy id; takes precedence over `retention`. */
  retentionPolicyId?: string;
}

/**
 * Body of `POST /api/jobs`, as the server reads it (the published docs' `destinationId` is not
 * read by DBackup 3.x; `destinations` is). Unlisted keys are passed through unchanged.
 */
export interface CreateJobInput {
  /** Display name; must be unique. */
  name: string;
  /** Five-part cron expression, e.g. `0 2 * * *`. */
  schedule: string;
  /** At least one destination. */
  destinations: JobDestinationInput[];
  /** The database source adapter id (optional for directory-only jobs). */
  sourceId?: string;
  /** Databases to back up; all when omitted. */
  databases?: string[];
  /** Whether the job runs on its schedule. Default `true`. */
  enabled?: boolean;
  /** `NONE` (server default), `GZIP` or `BROTLI`. */
  compression?: string;
  /** Vault encryption profile id. */
  encryptionProfileId?: string;
  /** Notification channel ids. */
  notificationIds?: string[];
  /** `ALWAYS`, `FAILURE_ONLY`, `SUCCESS_ONLY`, or a pipe list such as `SUCCESS|PARTIAL|FAILED`. */
  notificationEvents?: string;
  /** Any other field DBackup accepts (e.g. `backupMode`, `fullEveryDays`, `skipVerification`). */
  [field: string]: unknown;
}

/** Body of `PUT /api/jobs/:id`: any subset of {@link CreateJobInput}. */
export type UpdateJobInput = Partial<CreateJobInput>;

/** Options for {@link JobsResource.run}. */
export interface RunJobOptions extends DBackupCallOptions {
  /** Retention-lock the backup this run produces. */
  lock?: boolean;
}

/**
 * Options for {@link JobsResource.runAndWait}: the polling options of `waitFor` (its `timeoutMs`
 * bounds the whole wait) plus `lock`.
 */
export interface RunAndWaitOptions extends WaitForOptions {
  /** Retention-lock the backup this run produces. */
  lock?: boolean;
  /** Called with the execution id as soon as the run is queued, before waiting starts. */
  onQueued?: (executionId: string) => void;
}

/** The `jobs` resource. */
export class JobsResource {
  readonly #http: DBackupRequester;
  readonly #executions: ExecutionsResource;

  /** @internal */
  constructor(http: DBackupRequester, executions: ExecutionsResource) {
    this.#http = http;
    this.#executions = executions;
  }

  /** `GET /api/jobs` (`jobs:read`): every job with its source, destinations, `lastRunAt` and `nextRunAt`. */
  async list(options?: DBackupCallOptions): Promise<DBackupJob[]> {
    return this.#http.json(
      { method: 'GET', path: '/api/jobs', route: 'GET /api/jobs', idempotent: true },
      dbackupJobListSchema,
      options,
    );
  }

  /** `POST /api/jobs` (`jobs:write`). Not retried: a retry could create the job twice. */
  async create(input: CreateJobInput, options?: DBackupCallOptions): Promise<DBackupJob> {
    requireObject(input, 'input');
    if (typeof input.name !== 'string' || input.name.trim() === '')
      throw new ConfigError('`name` is required.');
    if (typeof input.schedule !== 'string' || input.schedule.trim() === '') {
      throw new ConfigError('`schedule` is required (a five-part cron expression such as "0 2 * * *").');
    }
    if (!Array.isArray(input.destinations) || input.destinations.length === 0) {
      throw new ConfigError('`destinations` needs at least one `{ configId }` (a storage adapter id).');
    }
    for (const [i, d] of input.destinations.entries())
      requireText(d?.configId, `destinations[${i}].configId`);
    return this.#http.json(
      { method: 'POST', path: '/api/jobs', route: 'POST /api/jobs', json: input, idempotent: false },
      dbackupJobSchema,
      options,
    );
  }

  /** `PUT /api/jobs/:id` (`jobs:write`): partial update. */
  async update(id: string, input: UpdateJobInput, options?: DBackupCallOptions): Promise<DBackupJob> {
    const path = `/api/jobs/${segment(id, 'id')}`;
    requireObject(input, 'input');
    return this.#http.json(
      { method: 'PUT', path, route: 'PUT /api/jobs/:id', json: input, idempotent: true },
      dbackupJobSchema,
      options,
    );
  }

  /**
   * `DELETE /api/jobs/:id` (`jobs:write`). Its executions stay, with `jobId: null`. Not retried: a
   * retry after a lost response would report 404 for a job that was in fact deleted.
   */
  async delete(id: string, options?: DBackupCallOptions): Promise<DBackupDeleteJobResult> {
    const path = `/api/jobs/${segment(id, 'id')}`;
    return this.#http.json(
      { method: 'DELETE', path, route: 'DELETE /api/jobs/:id', idempotent: false },
      dbackupDeleteJobResultSchema,
      options,
    );
  }

  /**
   * `POST /api/jobs/:id/run` (`jobs:execute`): queues a run and returns its `executionId`.
   *
   * **Never retried** after a network error, a timeout or a 5xx: the run may already have been
   * queued, and a retry would start a second backup. Check `history.list()` before running again.
   * Only a 429 is retried (after the wait): DBackup's rate limiter answers it before the route
   * runs, so nothing was queued.
   * Note: DBackup also runs disabled jobs, and answers an unknown job id with a 500.
   */
  async run(id: string, options: RunJobOptions = {}): Promise<DBackupRunJobResult> {
    const path = `/api/jobs/${segment(id, 'id')}/run`;
    options = checkCallOptions(options, 'jobs.run');
    if (options.lock !== undefined && typeof options.lock !== 'boolean') {
      throw new ConfigError(`\`lock\` must be a boolean (got ${describe(options.lock)}).`);
    }
    const json = options.lock === undefined ? undefined : { lock: options.lock };
    return this.#http.json(
      { method: 'POST', path, route: 'POST /api/jobs/:id/run', json, idempotent: false },
      dbackupRunJobResultSchema,
      options,
    );
  }

  /**
   * Runs a job, then waits until its execution reaches a terminal status (see `executions.waitFor`).
   * If anything fails after the run was queued (a poll error, an abort, the wait's timeout), the
   * error is thrown with an `executionId` property naming the queued run; `onQueued` also reports it.
   */
  async runAndWait(id: string, options: RunAndWaitOptions = {}): Promise<DBackupExecution> {
    options = checkWaitForOptions(options, 'jobs.runAndWait');
    const { executionId } = await this.run(id, { lock: options.lock, signal: options.signal });
    try {
      options.onQueued?.(executionId);
      return await this.#executions.waitFor(executionId, options);
    } catch (error) {
      // The backup was queued and may still be running: never let its id get lost, so the caller
      // can poll or cancel it instead of starting a second run.
      if (error !== null && typeof error === 'object' && !('executionId' in error)) {
        Object.defineProperty(error, 'executionId', { value: executionId, enumerable: true });
        if (error instanceof SdkError) error.message += ` The run was queued as execution ${executionId}.`;
      }
      throw error;
    }
  }
}

function requireObject(value: unknown, name: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`\`${name}\` must be an object (got ${describe(value)}).`);
  }
}
