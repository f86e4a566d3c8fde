/**
 * `dbackup.adapters`: database sources, storage destinations and notification channels.
 *
 * @module
 */
import { checkCallOptions } from '../core/arguments';
import { ConfigError } from '../core/errors';
import { type DBackupCallOptions, type DBackupRequester, describe, requireText, segment } from './request';
import {
  type DBackupAccessCheckResult,
  type DBackupAdapter,
  type DBackupDatabaseStatsResult,
  type DBackupDeleteAdapterResult,
  type DBackupHealthHistoryResponse,
  type DBackupTestConnectionResult,
  dbackupAccessCheckResultSchema,
  dbackupAdapterListSchema,
  dbackupAdapterSchema,
  dbackupDatabaseStatsResultSchema,
  dbackupDeleteAdapterResultSchema,
  dbackupHealthHistoryResponseSchema,
  dbackupTestConnectionResultSchema,
} from './schemas';

/** The three adapter families. */
export type AdapterType = 'database' | 'storage' | 'notification';

const ADAPTER_TYPES: readonly AdapterType[] = ['database', 'storage', 'notification'];

/** Options for {@link AdaptersResource.list}. */
export interface ListAdaptersOptions extends DBackupCallOptions {
  /** Only adapters in this storage role. */
  role?: 'DESTINATION' | 'SOURCE';
}

/** Body of `POST /api/adapters`. */
export interface CreateAdapterInput {
  /** Display name. */
  name: string;
  /** Adapter family. */
  type: AdapterType;
  /** Adapter implementation, e.g. `mysql`, `postgres`, `sqlite`, `local-filesystem`, `s3-aws`, `discord`. */
  adapterId: string;
  /** Adapter-specific configuration (secrets are encrypted by the server). */
  config: Record<string, unknown>;
}

/** Body of `PUT /api/adapters/:id`. */
export interface UpdateAdapterInput {
  /** New display name. */
  name?: string;
  /** Configuration keys to change (merged with the stored configuration). */
  config?: Record<string, unknown>;
}

/** Body of `POST /api/adapters/test-connection`. */
export interface TestConnectionInput {
  /** Adapter implementation, e.g. `mysql`. */
  adapterId: string;
  /** Connection configuration. */
  config: Record<string, unknown>;
  /** An existing adapter id whose metadata is updated on success. */
  configId?: string;
}

/** Body of `POST /api/adapters/access-check`. */
export interface AccessCheckInput {
  /** Database adapter implementation. */
  adapterId: string;
  /** Connection configuration. */
  config: Record<string, unknown>;
}

/** Body of `POST /api/adapters/database-stats`: an existing source, or an ad-hoc connection. */
export type DatabaseStatsInput =
  | { sourceId: string }
  | { adapterId: string; config: Record<string, unknown> };

/** Options for {@link AdaptersResource.healthHistory}. */
export interface HealthHistoryOptions extends DBackupCallOptions {
  /** Most entries to return (server default 100). */
  limit?: number;
  /** Only entries from this time on (a `Date` or an ISO 8601 string). */
  from?: Date | string;
}

/** The `adapters` resource. */
export class AdaptersResource {
  readonly #http: DBackupRequester;

  /** @internal */
  constructor(http: DBackupRequester) {
    this.#http = http;
  }

  /**
   * `GET /api/adapters?type=…` (`sources:read`, `destinations:read` or `notifications:read`).
   * `config` and `metadata` arrive as JSON strings with secrets removed; both are parsed.
   */
  async list(type: AdapterType, options: ListAdaptersOptions = {}): Promise<DBackupAdapter[]> {
    options = checkCallOptions(options, 'adapters.list');
    checkType(type);
    if (options.role !== undefined && options.role !== 'DESTINATION' && options.role !== 'SOURCE') {
      throw new ConfigError(`\`role\` must be 'DESTINATION' or 'SOURCE' (got ${describe(options.role)}).`);
    }
    return this.#http.json(
      {
        method: 'GET',
        path: '/api/adapters',
        route: 'GET /api/adapters',
        query: { type, role: options.role },
        idempotent: true,
      },
      dbackupAdapterListSchema,
      options,
    );
  }

  /** `POST /api/adapters` (`*:write` for the type). Not retried. */
  async create(input: CreateAdapterInput, options?: DBackupCallOptions): Promise<DBackupAdapter> {
    if (input === null || typeof input !== 'object') throw new ConfigError('`input` must be an object.');
    requireText(input.name, 'name');
    checkType(input.type);
    requireText(input.adapterId, 'adapterId');
    checkConfig(input.config);
    return this.#http.json(
      { method: 'POST', path: '/api/adapters', route: 'POST /api/adapters', json: input, idempotent: false },
      dbackupAdapterSchema,
      options,
    );
  }

  /** `PUT /api/adapters/:id`: rename or change configuration (merged). */
  async update(id: string, input: UpdateAdapterInput, options?: DBackupCallOptions): Promise<DBackupAdapter> {
    const path = `/api/adapters/${segment(id, 'id')}`;
    if (input === null || typeof input !== 'object') throw new ConfigError('`input` must be an object.');
    if (input.config !== undefined) checkConfig(input.config);
    return this.#http.json(
      { method: 'PUT', path, route: 'PUT /api/adapters/:id', json: input, idempotent: true },
      dbackupAdapterSchema,
      options,
    );
  }

  /** `DELETE /api/adapters/:id`. The server answers 400 while a job still uses the adapter. Not retried. */
  async delete(id: string, options?: DBackupCallOptions): Promise<DBackupDeleteAdapterResult> {
    const path = `/api/adapters/${segment(id, 'id')}`;
    return this.#http.json(
      { method: 'DELETE', path, route: 'DELETE /api/adapters/:id', idempotent: false },
      dbackupDeleteAdapterResultSchema,
      options,
    );
  }

  /** `POST /api/adapters/test-connection`: tries a connection without saving it. Not retried (each try logs in to the database). */
  async testConnection(
    input: TestConnectionInput,
    options?: DBackupCallOptions,
  ): Promise<DBackupTestConnectionResult> {
    requireText(input?.adapterId, 'adapterId');
    checkConfig(input.config);
    return this.#http.json(
      {
        method: 'POST',
        path: '/api/adapters/test-connection',
        route: 'POST /api/adapters/test-connection',
        json: input,
        idempotent: false,
      },
      dbackupTestConnectionResultSchema,
      options,
    );
  }

  /** `POST /api/adapters/access-check`: lists the databases a connection can see. Not retried. */
  async accessCheck(
    input: AccessCheckInput,
    options?: DBackupCallOptions,
  ): Promise<DBackupAccessCheckResult> {
    requireText(input?.adapterId, 'adapterId');
    checkConfig(input.config);
    return this.#http.json(
      {
        method: 'POST',
        path: '/api/adapters/access-check',
        route: 'POST /api/adapters/access-check',
        json: input,
        idempotent: false,
      },
      dbackupAccessCheckResultSchema,
      options,
    );
  }

  /** `POST /api/adapters/database-stats` (`sources:read`): size and table count per database. Not retried. */
  async databaseStats(
    input: DatabaseStatsInput,
    options?: DBackupCallOptions,
  ): Promise<DBackupDatabaseStatsResult> {
    if (input === null || typeof input !== 'object') throw new ConfigError('`input` must be an object.');
    if ('sourceId' in input) requireText(input.sourceId, 'sourceId');
    else {
      requireText((input as { adapterId?: unknown }).adapterId, 'adapterId');
      checkConfig((input as { config?: unknown }).config);
    }
    return this.#http.json(
      {
        method: 'POST',
        path: '/api/adapters/database-stats',
        route: 'POST /api/adapters/database-stats',
        json: input,
        idempotent: false,
      },
      dbackupDatabaseStatsResultSchema,
      options,
    );
  }

  /** `GET /api/adapters/:id/health-history` (`sources:read`): health checks and uptime stats. */
  async healthHistory(id: string, options: HealthHistoryOptions = {}): Promise<DBackupHealthHistoryResponse> {
    options = checkCallOptions(options, 'adapters.healthHistory');
    const path = `/api/adapters/${segment(id, 'id')}/health-history`;
    const { limit, from } = options;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new ConfigError(`\`limit\` must be a positive integer (got ${describe(limit)}).`);
    }
    const fromIso = from === undefined ? undefined : toIso(from);
    return this.#http.json(
      {
        method: 'GET',
        path,
        route: 'GET /api/adapters/:id/health-history',
        query: { limit, from: fromIso },
        idempotent: true,
      },
      dbackupHealthHistoryResponseSchema,
      options,
    );
  }
}

function checkType(type: unknown): asserts type is AdapterType {
  if (!ADAPTER_TYPES.includes(type as AdapterType)) {
    throw new ConfigError(`\`type\` must be one of ${ADAPTER_TYPES.join(', ')} (got ${describe(type)}).`);
  }
}

function checkConfig(config: unknown): void {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigError(`\`config\` must be an object of adapter settings (got ${describe(config)}).`);
  }
}

function toIso(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ConfigError(`\`from\` is not a valid date (got ${describe(value)}).`);
  return date.toISOString();
}
