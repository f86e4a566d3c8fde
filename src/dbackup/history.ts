/**
 * `dbackup.history`: the execution history, with the filters and paging of DBackup 3.3.1+, and
 * `history.runs`, the runs API of DBackup 3.4.
 *
 * @module
 */
import type * as z from 'zod';
import { checkCallOptions } from '../core/arguments';
import { ConfigError } from '../core/errors';
import { type DBackupCapabilityProbe, namingPermission } from './capabilities';
import { type DBackupCallOptions, type DBackupRequester, describe, segment } from './request';
import {
  type DBackupHistoryEntry,
  type DBackupHistoryResponse,
  type DBackupRunDetail,
  type DBackupRunPage,
  type DBackupRunRow,
  dbackupHistoryResponseSchema,
  dbackupRunDetailResponseSchema,
  dbackupRunPageResponseSchema,
  dbackupRunRowResponseSchema,
} from './schemas';

/** One value, or several (sent as a repeated query parameter: any of them matches). */
export type OneOrMany<T extends string> = T | readonly T[];

/** Filters and paging of `GET /api/history` (DBackup 3.3.1+). */
export interface HistoryFilters {
  /** Page number, from 1. */
  page?: number;
  /** Executions per page (the server caps it). */
  pageSize?: number;
  /** Execution status(es): `Success`, `Partial`, `Failed`, `Cancelled`, `Running`, `Pending`. */
  status?: OneOrMany<string>;
  /** Execution type(s): `Backup`, `Restore`, `IntegrityCheck`, … */
  type?: OneOrMany<string>;
  /** How runs were started: `Manual`, `Scheduler`, `Api`. */
  trigger?: OneOrMany<string>;
  /** Free text (job name, …). */
  search?: string;
}

/** Options of {@link HistoryResource.list}: filters (3.3.1+) and call options. */
export interface HistoryListOptions extends HistoryFilters, DBackupCallOptions {}

/** Options of {@link HistoryResource.iterate}. */
export interface HistoryIterateOptions extends Omit<HistoryListOptions, 'page'> {}

/** Filters and paging of the runs API (`GET /api/history/runs`, DBackup 3.4). */
export interface RunListFilters {
  /** Page number, from 1. Default 1. */
  page?: number;
  /** Runs per page. Default 25 (the server caps it). */
  pageSize?: number;
  /** Run type(s): `Backup`, `Restore`, … */
  type?: OneOrMany<string>;
  /** Run status(es). */
  status?: OneOrMany<string>;
  /** Job id(s). */
  job?: OneOrMany<string>;
  /** Starter(s): `schedule`, `manual:<person>`, `api:<key name>`, `none`. */
  by?: OneOrMany<string>;
  /** Free text. */
  search?: string;
}

/** Options of {@link RunsResource.list}. */
export interface RunListOptions extends RunListFilters, DBackupCallOptions {}

const HISTORY_FILTER_KEYS = ['page', 'pageSize', 'status', 'type', 'trigger', 'search'] as const;

function positiveInt(value: unknown, name: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)) {
    throw new ConfigError(`\`${name}\` must be a positive integer (got ${describe(value)}).`);
  }
}

/**
 * A path with query parameters, repeating a parameter for each value of an array. Checks every
 * value before anything is sent.
 */
function withQuery(path: string, params: Readonly<Record<string, unknown>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (name === 'page' || name === 'pageSize') {
      positiveInt(value, name);
      search.append(name, String(value));
      continue;
    }
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const item of values) {
      if (typeof item !== 'string' || item.trim() === '') {
        throw new ConfigError(
          `\`${name}\` must be a non-empty string or an array of them (got ${describe(item)}).`,
        );
      }
      search.append(name, item);
    }
  }
  const query = search.toString();
  return query === '' ? path : `${path}?${query}`;
}

function callOptions(options: DBackupCallOptions): DBackupCallOptions {
  const out: DBackupCallOptions = {};
  if (options.signal !== undefined) out.signal = options.signal;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.maxResponseBytes !== undefined) out.maxResponseBytes = options.maxResponseBytes;
  return out;
}

/** `history.runs`: the runs API of DBackup 3.4. */
export class RunsResource {
  readonly #http: DBackupRequester;
  readonly #probe: DBackupCapabilityProbe;

  /** @internal */
  constructor(http: DBackupRequester, probe: DBackupCapabilityProbe) {
    this.#http = http;
    this.#probe = probe;
  }

  /**
   * `GET /api/history/runs` (`history:read`, DBackup 3.4+): one page of runs, newest first, with
   * `total`, facets, the job and starter options and 30-day stats. Each row carries `note` (what
   * went wrong, kept after retention purges the log), `copies` and `starter`.
   *
   * @throws DBackupUnsupportedError on a server older than 3.4; DBackupPermissionError (403).
   */
  async list(options: RunListOptions = {}): Promise<DBackupRunPage> {
    options = checkCallOptions(options, 'history.runs.list');
    const { page, pageSize, type, status, job, by, search } = options;
    const path = withQuery('/api/history/runs', { page, pageSize, type, status, job, by, search });
    await this.#probe.require('runs', callOptions(options));
    const body = await namingPermission(
      this.#http.json(
        { method: 'GET', path, route: 'GET /api/history/runs', idempotent: true },
        dbackupRunPageResponseSchema,
        callOptions(options),
      ),
      'history:read',
    );
    return body.data;
  }

  /**
   * `GET /api/history/runs/:id` (`history:read`, DBackup 3.4+): one run in full: `note`,
   * `problems`, `uploads` (one per destination), `notifications`, `logsPurgedAt`, neighbours. The
   * id is the execution id. A run removed by data retention answers 404 (`DBackupNotFoundError`).
   *
   * @throws DBackupUnsupportedError on a server older than 3.4.
   */
  async get(id: string, options: DBackupCallOptions = {}): Promise<DBackupRunDetail> {
    const body = await this.#read(id, '', dbackupRunDetailResponseSchema, options);
    return body.data;
  }

  /** `GET /api/history/runs/:id?row=1` (DBackup 3.4+): one run's row only, without its log. */
  async getRow(id: string, options: DBackupCallOptions = {}): Promise<DBackupRunRow> {
    const body = await this.#read(id, '?row=1', dbackupRunRowResponseSchema, options);
    return body.data;
  }

  async #read<S extends z.ZodType>(id: string, query: string, schema: S, options: DBackupCallOptions) {
    const path = `/api/history/runs/${segment(id, 'id')}${query}`;
    const call = callOptions(checkCallOptions(options, 'history.runs.get'));
    await this.#probe.require('runs', call);
    return namingPermission(
      this.#http.json(
        { method: 'GET', path, route: 'GET /api/history/runs/:id', idempotent: true },
        schema,
        call,
      ),
      'history:read',
    );
  }
}

/** The `history` resource. */
export class HistoryResource {
  readonly #http: DBackupRequester;
  readonly #probe: DBackupCapabilityProbe;
  /** The runs API (DBackup 3.4+). */
  readonly runs: RunsResource;

  /** @internal */
  constructor(http: DBackupRequester, probe: DBackupCapabilityProbe) {
    this.#http = http;
    this.#probe = probe;
    this.runs = new RunsResource(http, probe);
  }

  /**
   * `GET /api/history` (`history:read`): executions, newest first, with the server's time zone.
   * `metadata` arrives as a JSON string and is parsed; entries carry no `size` (read one execution
   * with `executions.get` for that).
   *
   * - **Without filters** (every version): the newest 100 executions, exactly one request.
   * - **With filters or paging** (`page`, `pageSize`, `status`, `type`, `trigger`, `search`; DBackup
   *   3.3.1+): the matching page, with `total`. The first such call per client checks the
   *   server's version (one or two requests, see `detectVersion`): a 3.2 server would ignore the
   *   filters and answer the newest 100.
   *
   * @throws DBackupUnsupportedError when filters are given and the server is older than 3.3.1.
   */
  async list(options: HistoryListOptions = {}): Promise<DBackupHistoryResponse> {
    options = checkCallOptions(options, 'history.list');
    const filters: Record<string, unknown> = {};
    for (const key of HISTORY_FILTER_KEYS) if (options[key] !== undefined) filters[key] = options[key];
    const path = withQuery('/api/history', filters);
    const call = callOptions(options);
    if (path !== '/api/history') await this.#probe.require('historyFilters', call);
    return this.#http.json(
      { method: 'GET', path, route: 'GET /api/history', idempotent: true },
      dbackupHistoryResponseSchema,
      call,
    );
  }

  /**
   * Every execution matching `filters`, page by page (`pageSize` default 100), newest first, one
   * page in memory at a time. Stops after the page that reaches `total` (or a short page).
   *
   * @throws DBackupUnsupportedError on a server older than 3.3.1.
   */
  async *iterate(options: HistoryIterateOptions = {}): AsyncGenerator<DBackupHistoryEntry> {
    options = checkCallOptions(options, 'history.iterate');
    const pageSize = options.pageSize ?? 100;
    positiveInt(pageSize, 'pageSize');
    let seen = 0;
    for (let page = 1; ; page++) {
      const body = await this.list({ ...options, page, pageSize });
      for (const entry of body.executions) yield entry;
      seen += body.executions.length;
      const total = body.total;
      if (body.executions.length < pageSize || (total !== undefined && seen >= total)) return;
    }
  }
}
