/**
 * {@link CoveClient}: the public face of the Cove JSON-RPC API. It validates its options, logs in
 * lazily on the first call, and exposes typed convenience methods; the session, envelope, paging
 * and probing live in their own files.
 *
 * @module
 */

import { checkObjectArgument } from '../core/arguments';
import { systemClock } from '../core/clock';
import { ConfigError } from '../core/errors';
import { checkBaseUrl, HttpTransport, type TransportOptions } from '../core/http';
import { type CheckAccessOptions, type CoveAccessReport, checkAccess } from './access';
import type { ColumnCode } from './columns';
import { type CoveCallOptions, CoveConnection, type LoginResult } from './connection';
import { type CoveMethodName, type CoveMethodResult, type CoveParams, isTypedMethod } from './methods';
import type { PagingPolicy } from './page-resume';
import { type IterateAccountStatisticsQuery, iterateStatistics } from './paging';
import { DEFAULT_PROBE_CACHE_TTL_MS, type ProbeResult } from './probe';
import { type AccountStatisticsQuery, checkId } from './query';
import { SessionReader } from './reporting/reader';
import type { CoveSession, CoveSessionError, SessionErrorsOptions, SessionsOptions } from './reporting/types';
import {
  type AccountInfo,
  type AccountInfoWithSecrets,
  type StorageNodeInfo,
  stripAccountSecrets,
} from './schemas/account-info';
import type { ColumnDescriptor, ServerInfo } from './schemas/misc';
import type { PartnerInfo } from './schemas/partner-info';
import { type RecordList, recordList } from './schemas/records';
import { CoveSecretStore } from './secrets';
import { DEFAULT_REFRESH_AFTER_MS, VISA_IDLE_LIFETIME_MS } from './session';
import {
  type AccountStatisticsResult,
  type ProbeOptions,
  type StatisticsOptions,
  StatisticsReader,
  type StatisticsRow,
} from './statistics';

/** The Management Service endpoint. */
export const DEFAULT_COVE_ENDPOINT = 'https://api.backup.management/jsonapi';

/** The reporting service of Microsoft 365 devices' sessions: `reporting_api` beside the endpoint. */
export const DEFAULT_COVE_REPORTING_ENDPOINT = 'https://api.backup.management/reporting_api';

/** Options of {@link CoveClient}. Transport options (timeouts, retry, fetch, hooks, clock) apply too. */
export interface CoveClientOptions extends TransportOptions {
  /**
   * The **exact** customer (partner) name as the Cove console's dropdown shows it, usually with the
   * e-mail in parentheses, e.g. `Acme (admin@acme.com)`. A wrong one fails Login with 2100.
   */
  partner: string;
  /** The API user's login name. */
  username: string;
  /** The API user's password (the token shown once when the API user was created). Kept secret. */
  password: string;
  /** JSON-RPC endpoint. Default {@link DEFAULT_COVE_ENDPOINT}. */
  endpoint?: string | undefined;
  /**
   * Idle time after which the client logs in again before the next call, in milliseconds.
   * Default 14 minutes; must be less than the visa's 15-minute idle lifetime.
   */
  refreshAfterMs?: number | undefined;
  /**
   * How long a column verdict found by probing (allowed or restricted, see
   * {@link CoveClient.probeColumns}) is trusted, in milliseconds. Default 15 minutes
   * ({@link DEFAULT_PROBE_CACHE_TTL_MS}). With `onRestricted: 'drop'` a restricted column is left
   * out of calls for this long before it is requested again, so a column the Cove admin grants is
   * picked up within this time. A fresh 13501 forgets the verdicts of the columns it requested
   * whatever their age. `Infinity` keeps verdicts until `probeColumns(…, { refresh: true })`.
   */
  probeCacheTtlMs?: number | undefined;
  /**
   * The reporting service Microsoft 365 devices' sessions are read from. Default: `reporting_api`
   * on the endpoint's host (`https://api.backup.management/reporting_api` for the default endpoint).
   */
  reportingEndpoint?: string | undefined;
}

/** Options of {@link CoveClient.enumeratePartners}. */
export interface EnumeratePartnersOptions {
  /** Parent partner; defaults to the Login partner. */
  parentPartnerId?: number | undefined;
  /** Also list grandchildren and below (the whole tree). Default `false`. */
  fetchRecursively?: boolean | undefined;
  /** Field numbers to return (0 Name, 1 Level, 3 ChildServiceTypes, 4 ServiceType, 5 State, 8 LocationId, …). */
  fields?: readonly number[] | undefined;
}

/** Options of the account methods: `includeSecrets: true` keeps device `Password` and `Token`. */
export interface AccountOptions extends CoveCallOptions {
  /** Keep the device `Password` and `Token` in results. Default `false`: they are removed. */
  includeSecrets?: boolean | undefined;
}

/** The result of {@link CoveClient.getAccountInfoById}. */
export interface AccountDetails<A extends AccountInfo = AccountInfo> {
  /** The device. */
  account: A;
  /** The storage node that holds it (`CommonInfo.Host` locates its repserv), or `null`. */
  homeNodeInfo: StorageNodeInfo | null;
}

/** A history query: a statistics query plus the point in time (`timeslice`). */
export interface AccountHistoryStatisticsQuery<C extends readonly ColumnCode[] = readonly ColumnCode[]>
  extends AccountStatisticsQuery<C> {
  /** Statistics as they stood at this time: a `Date` or Unix seconds. */
  timeslice: Date | number;
}

function requireText(value: unknown, name: string, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`CoveClient: \`${name}\` is required and must be a non-empty string. ${hint}`);
  }
  return value;
}

function splitEndpoint(endpoint: string): { origin: string; path: string } {
  const url = new URL(endpoint);
  return { origin: url.origin, path: `${url.pathname}${url.search}` || '/' };
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A client for the Cove Data Protection (N-able Backup) JSON-RPC API.
 *
 * @example
 * const cove = new CoveClient({ partner: 'Acme (admin@acme.com)', username: 'api-user', password });
 * const { partnerId } = await cove.login();
 * for await (const row of cove.iterateAccountStatistics({ partnerId, columns: ['I1', 'D09F00', 'D09F15'] })) {
 *   console.log(row.values.I1, row.values.D09F00?.name, row.values.D09F15);
 * }
 */
export class CoveClient {
  /** The partner string the client logs in with. */
  readonly partner: string;
  /** The username the client logs in with. */
  readonly username: string;
  /** The JSON-RPC endpoint. */
  readonly endpoint: string;
  readonly #connection: CoveConnection;
  readonly #statistics: StatisticsReader;
  readonly #sessions: SessionReader;
  readonly #paging: PagingPolicy;

  /** @throws ConfigError for a missing credential or a bad endpoint; nothing is sent. */
  constructor(options: CoveClientOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ConfigError('CoveClient: pass { partner, username, password }.');
    }
    const {
      partner,
      username,
      password,
      endpoint,
      refreshAfterMs,
      probeCacheTtlMs,
      reportingEndpoint,
      ...transportOptions
    } = options;
    this.partner = requireText(
      partner,
      'partner',
      'Use the exact customer name from the Cove console, e.g. "Acme (admin@acme.com)".',
    );
    this.username = requireText(username, 'username', "Use the API user's login name.");
    requireText(password, 'password', "Use the API user's password (token).");
    this.endpoint = checkBaseUrl(
      endpoint ?? DEFAULT_COVE_ENDPOINT,
      transportOptions.allowInsecureHttp ?? false,
      'endpoint',
    );
    const refresh = refreshAfterMs ?? DEFAULT_REFRESH_AFTER_MS;
    if (typeof refresh !== 'number' || !(refresh > 0) || refresh >= VISA_IDLE_LIFETIME_MS) {
      throw new ConfigError(
        'CoveClient: `refreshAfterMs` must be a positive number below 900000 (15 minutes).',
      );
    }
    const probeTtl = probeCacheTtlMs ?? DEFAULT_PROBE_CACHE_TTL_MS;
    if (typeof probeTtl !== 'number' || !(probeTtl > 0)) {
      throw new ConfigError(
        'CoveClient: `probeCacheTtlMs` must be a positive number of milliseconds (or Infinity).',
      );
    }
    const secrets = new CoveSecretStore();
    secrets.add(password);
    secrets.addHeaderValues(options.headers);
    const clock = transportOptions.clock ?? systemClock;
    const { origin, path } = splitEndpoint(this.endpoint);
    this.#connection = new CoveConnection({
      transport: new HttpTransport(origin, transportOptions, secrets),
      path,
      secrets,
      clock,
      partner,
      username,
      password,
      refreshAfterMs: refresh,
      retry: transportOptions.retry,
    });
    this.#paging = { retry: transportOptions.retry, clock };
    this.#statistics = new StatisticsReader(this.#connection, {
      now: () => clock.now(),
      probeCacheTtlMs: probeTtl,
    });
    this.#sessions = new SessionReader({
      connection: this.#connection,
      secrets,
      transportOptions,
      reportingEndpoint: checkBaseUrl(
        reportingEndpoint ?? `${origin}/reporting_api`,
        transportOptions.allowInsecureHttp ?? false,
        'reportingEndpoint',
      ),
    });
  }

  /**
   * Logs in now (calls log in lazily anyway) and returns the partner id, the user and their flags.
   * Concurrent logins share one request.
   *
   * @throws CoveAuthError (2100) for a wrong partner string, username or password. It is never
   * retried: after it, every call rethrows it without contacting the server.
   */
  login(options: CoveCallOptions = {}): Promise<LoginResult> {
    return this.#connection.login(options);
  }

  /**
   * Calls a typed method (see {@link CoveMethods}) and validates its result: Cove's outer
   * `result` object, whose `result` member is the return value.
   */
  call<M extends CoveMethodName>(
    method: M,
    params: CoveParams<M>,
    options?: CoveCallOptions,
  ): Promise<CoveMethodResult<M>>;
  /** Calls any other method, untyped: resolves with Cove's outer `result` object, unvalidated. */
  call<M extends string>(
    method: M & (M extends CoveMethodName ? never : unknown),
    params?: Record<string, unknown>,
    options?: CoveCallOptions,
  ): Promise<Record<string, unknown>>;
  call(method: string, params: object = {}, options: CoveCallOptions = {}): Promise<unknown> {
    return isTypedMethod(method)
      ? this.#connection.callTyped(method, params, options)
      : this.#connection.call(method, params, options);
  }

  /** A partner by its exact name. */
  async getPartnerInfo(name: string, options: CoveCallOptions = {}): Promise<PartnerInfo> {
    // A blank name can name no partner: refused before the Login it would otherwise cost.
    if (typeof name !== 'string' || name.trim() === '')
      throw new ConfigError(
        'getPartnerInfo: `name` must be a non-empty string (a partner name, not blanks).',
      );
    return (await this.#connection.callTyped('GetPartnerInfo', { name }, options)).result;
  }

  /** A partner by id. */
  async getPartnerInfoById(partnerId: number, options: CoveCallOptions = {}): Promise<PartnerInfo> {
    checkId(partnerId, 'partnerId', 'getPartnerInfoById');
    return (await this.#connection.callTyped('GetPartnerInfoById', { partnerId }, options)).result;
  }

  /**
   * Child partners of `parentPartnerId` (default: the Login partner). With
   * `fetchRecursively: true` the whole subtree comes back, so a customer tree can be walked.
   * A partner record that cannot be read (no usable `Id`) is left out and listed, with its
   * position and why, in the array's `rejected`.
   */
  async enumeratePartners(
    query: EnumeratePartnersOptions = {},
    options: CoveCallOptions = {},
  ): Promise<RecordList<PartnerInfo>> {
    // A bare number is refused rather than read as the parent id: `{ parentPartnerId }` says which.
    query = checkObjectArgument(query, 'query', 'enumeratePartners (pass { parentPartnerId })');
    if (query.parentPartnerId !== undefined)
      checkId(query.parentPartnerId, 'parentPartnerId', 'enumeratePartners');
    if (
      query.fields !== undefined &&
      (!Array.isArray(query.fields) || !query.fields.every(Number.isSafeInteger))
    ) {
      throw new ConfigError('enumeratePartners: `fields` must be an array of integers.');
    }
    const parentPartnerId = query.parentPartnerId ?? (await this.#loginPartnerId(options));
    const params = {
      parentPartnerId,
      ...(query.fetchRecursively === undefined ? {} : { fetchRecursively: query.fetchRecursively === true }),
      ...(query.fields === undefined ? {} : { fields: [...query.fields] }),
    };
    return (await this.#connection.callTyped('EnumeratePartners', params, options)).result;
  }

  /** Devices of a partner. Device `Password` and `Token` are removed unless `includeSecrets: true`. */
  enumerateAccounts(
    partnerId: number,
    options: AccountOptions & { includeSecrets: true },
  ): Promise<RecordList<AccountInfoWithSecrets>>;
  /**
   * Devices of a partner, without their `Password` and `Token`. A device record that cannot be read
   * is left out and listed in the array's `rejected`.
   */
  enumerateAccounts(partnerId: number, options?: AccountOptions): Promise<RecordList<AccountInfo>>;
  async enumerateAccounts(partnerId: number, options: AccountOptions = {}): Promise<RecordList<AccountInfo>> {
    checkId(partnerId, 'partnerId', 'enumerateAccounts');
    const { result } = await this.#connection.callTyped('EnumerateAccounts', { partnerId }, options);
    return options.includeSecrets === true
      ? result
      : recordList(result.map(stripAccountSecrets), result.rejected);
  }

  /** One device and its storage node. `Password` and `Token` are removed unless `includeSecrets: true`. */
  getAccountInfoById(
    accountId: number,
    options: AccountOptions & { includeSecrets: true },
  ): Promise<AccountDetails<AccountInfoWithSecrets>>;
  /** One device (without secrets) and its storage node. */
  getAccountInfoById(accountId: number, options?: AccountOptions): Promise<AccountDetails>;
  async getAccountInfoById(accountId: number, options: AccountOptions = {}): Promise<AccountDetails> {
    checkId(accountId, 'accountId', 'getAccountInfoById');
    const response = await this.#connection.callTyped('GetAccountInfoById', { accountId }, options);
    return {
      account: options.includeSecrets === true ? response.result : stripAccountSecrets(response.result),
      homeNodeInfo: response.homeNodeInfo,
    };
  }

  /**
   * One page of device statistics with typed, decoded rows.
   *
   * If Cove refuses the call with 13501, the client finds out which requested columns are
   * restricted (see {@link CoveClient.probeColumns}) and, by `onRestricted`, throws a
   * `CoveSecurityError` naming them (`'error'`, the default) or returns the other columns and lists
   * the restricted ones in `dropped` (`'drop'`; each row lists them in `row.dropped` and
   * `row.missing` too).
   *
   * @throws ConfigError for an empty column list or an unknown code, before any request.
   */
  enumerateAccountStatistics<const C extends readonly ColumnCode[]>(
    query: AccountStatisticsQuery<C>,
    options: StatisticsOptions = {},
  ): Promise<AccountStatisticsResult<C>> {
    return this.#statistics.enumerate('EnumerateAccountStatistics', query, options);
  }

  /** Device statistics as they stood at `timeslice`; same rows and options as the current ones. */
  enumerateAccountHistoryStatistics<const C extends readonly ColumnCode[]>(
    query: AccountHistoryStatisticsQuery<C>,
    options: StatisticsOptions = {},
  ): Promise<AccountStatisticsResult<C>> {
    const { timeslice, ...rest } = query ?? ({} as AccountHistoryStatisticsQuery<C>);
    const seconds = timeslice instanceof Date ? Math.floor(timeslice.getTime() / 1000) : timeslice;
    if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 0) {
      throw new ConfigError('enumerateAccountHistoryStatistics: `timeslice` must be a Date or Unix seconds.');
    }
    return this.#statistics.enumerate('EnumerateAccountHistoryStatistics', rest, options, {
      timeslice: seconds,
      totalStatistics: '*',
    });
  }

  /**
   * Every statistics row, page by page (`pageSize`, default 500), until a short page. One page is
   * in memory at a time; a row seen on two pages is yielded once; a visa expiry mid-way is
   * handled transparently. With `onRestricted: 'drop'` every row lists the columns left out as
   * restricted in `row.dropped` (and in `row.missing`).
   *
   * @throws ConfigError at the call, before any request, for a bad query.
   */
  iterateAccountStatistics<const C extends readonly ColumnCode[]>(
    query: IterateAccountStatisticsQuery<C>,
    options: StatisticsOptions = {},
  ): AsyncIterable<StatisticsRow<C>> {
    return iterateStatistics(this.#statistics, query, options, this.#paging);
  }

  /**
   * Sorts `columns` into those the API user may read (`allowed`) and those that make statistics
   * calls fail with 13501 (`restricted`), by group testing with `RecordsCount: 1` queries: about
   * 20 calls for 60 columns with 3 restricted, 1 when none is. Verdicts are cached per partner
   * for `probeCacheTtlMs` (default 15 minutes); `refresh: true` forgets them first.
   */
  probeColumns(columns: readonly ColumnCode[], options: ProbeOptions): Promise<ProbeResult> {
    return this.#statistics.probeColumns(columns, options);
  }

  /**
   * A device's backup sessions, newest first: one per data source per backup cycle, with status,
   * times (`endTime` is `null` while running), sizes, counts and the server's (unreliable) error
   * count. Pages with `pageSize` (default 100) and filters on the server where it can.
   *
   * Storage-node devices are read from their node's `repserv_json` with the device token; Microsoft
   * 365 devices from `reporting_api` with the visa (statuses are filtered on the client there). The
   * node and token are found once per device (`GetAccountInfoById`, or
   * `EnumerateAccountRemoteAccessEndpoints` when that gives no host) and cached; tokens are secrets.
   *
   * @example
   * for await (const s of cove.sessions(deviceId, { since: new Date(Date.now() - 7 * 86_400_000) })) {
   *   console.log(s.dataSource.name, s.status.name, s.startTime, s.errorsCount);
   * }
   * @throws ConfigError at the call, before any request, for a bad id or option.
   * @throws CoveStorageNodeError (while iterating) when the device's node or the reporting service
   *   fails; it names the device. Other devices are not affected.
   */
  sessions(deviceId: number, options: SessionsOptions = {}): AsyncIterable<CoveSession> {
    return this.#sessions.sessions(deviceId, options);
  }

  /**
   * The errors of one session: code, text, file, time and count (repeats merged by Cove). With
   * `details: true` each error's individual occurrences come too (storage-node devices). For M365
   * devices the errors are read once per data source and de-duplicated by text, item and path.
   *
   * @throws ConfigError for a bad id or option, before any request.
   * @throws CoveStorageNodeError when the device's node or the reporting service fails.
   */
  sessionErrors(
    deviceId: number,
    sessionId: number,
    options: SessionErrorsOptions = {},
  ): Promise<CoveSessionError[]> {
    return this.#sessions.sessionErrors(deviceId, sessionId, options);
  }

  /** Columns available to a partner (including custom `AA<n>` columns). */
  async enumerateColumns(
    partnerId: number,
    options: CoveCallOptions = {},
  ): Promise<RecordList<ColumnDescriptor>> {
    checkId(partnerId, 'partnerId', 'enumerateColumns');
    return (await this.#connection.callTyped('EnumerateColumns', { partnerId }, options)).result;
  }

  /**
   * One call that tells what this API user can do for monitoring: whether Login works and at which
   * partner level (customer or reseller), whether partners can be enumerated, which of the
   * {@link COVE_MONITORING_COLUMNS} are allowed (probed, within the probe's call budget), and
   * whether session history and error texts can be read for a sample storage-node device and a
   * sample Microsoft 365 device. Nothing it finds is thrown: it is all in the typed report, whose
   * `text` also says what to ask the Cove administrator for.
   *
   * @example
   * const report = await cove.checkAccess();
   * console.log(report.text);
   * @throws ConfigError for a bad `partnerId`, before any request.
   * @throws AbortError when `signal` aborts.
   */
  checkAccess(options: CheckAccessOptions = {}): Promise<CoveAccessReport> {
    return checkAccess(this, options);
  }

  /** Server details; a cheap way to check connectivity and credentials. */
  async getServerInfo(options: CoveCallOptions = {}): Promise<ServerInfo> {
    return (await this.#connection.callTyped('GetServerInfo', {}, options)).result;
  }

  /** `CoveClient(partner="…", username="…", endpoint="…")`: never the password or a visa. */
  toString(): string {
    return `CoveClient(partner=${JSON.stringify(this.partner)}, username=${JSON.stringify(this.username)}, endpoint=${JSON.stringify(this.endpoint)})`;
  }

  /** `{ partner, username, endpoint }`: never the password or a visa. */
  toJSON(): { partner: string; username: string; endpoint: string } {
    return { partner: this.partner, username: this.username, endpoint: this.endpoint };
  }

  /** What `util.inspect` / `console.log` show: {@link CoveClient.toString}. */
  [INSPECT](): string {
    return this.toString();
  }

  async #loginPartnerId(options: CoveCallOptions): Promise<number> {
    return (this.#connection.lastLogin ?? (await this.#connection.login(options))).partnerId;
  }
}
