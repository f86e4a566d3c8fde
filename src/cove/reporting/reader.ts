/**
 * The engine behind `CoveClient.sessions()` and `CoveClient.sessionErrors()`: checks the options,
 * finds the device's node and token, routes storage-node devices to `repserv_json` and M365
 * devices to `reporting_api`, and turns every failure at a node into a
 * {@link CoveStorageNodeError} that names the device. Every request goes through one
 * `HttpTransport` per origin built from the client's own transport options (fetch, timeouts,
 * retries, hooks, logger) and secret store.
 *
 * @module
 */
import { checkCallOptions } from '../../core/arguments';
import { systemClock } from '../../core/clock';
import { AbortError, ConfigError, ResponseValidationError } from '../../core/errors';
import { HttpTransport, type TransportOptions } from '../../core/http';
import { SESSION_STATUS_NAMES, type SessionStatusName } from '../columns/status';
import type { CoveCallOptions, CoveConnection, ServiceTarget } from '../connection';
import { checkPageRetries, readResuming } from '../page-resume';
import { checkId } from '../query';
import type { CoveSecretStore } from '../secrets';
import { CoveStorageNodeError, classifyNodeFailure } from './errors';
import { type DeviceEndpoint, DeviceLocator } from './locate';
import { m365Errors, m365Sessions } from './m365';
import { readErrorRows, readSessionRows } from './records';
import { type PageResume, repservErrors, repservSessions, type SessionQuery } from './repserv';
import {
  COVE_SESSION_DATA_SOURCES,
  type CoveDataSourceName,
  type CoveSession,
  type CoveSessionError,
  type SessionErrorsOptions,
  type SessionsOptions,
} from './types';

/** Default and largest `pageSize` of `sessions()`. */
export const DEFAULT_SESSIONS_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

/** Wiring for {@link SessionReader}. @internal */
export interface SessionReaderOptions {
  connection: CoveConnection;
  secrets: CoveSecretStore;
  transportOptions: TransportOptions;
  /** The M365 reporting service URL, e.g. `https://api.backup.management/reporting_api`. */
  reportingEndpoint: string;
}

function seconds(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const secs = value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
  if (typeof secs !== 'number' || !Number.isSafeInteger(secs) || secs < 0) {
    throw new ConfigError(`sessions: \`${name}\` must be a Date or Unix seconds.`);
  }
  return secs;
}

function checkDataSources(value: unknown, method: string): readonly CoveDataSourceName[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every((v) => COVE_SESSION_DATA_SOURCES.includes(v as Exclude<CoveDataSourceName, 'unknown'>))
  ) {
    throw new ConfigError(
      `${method}: \`dataSources\` must be an array of ${COVE_SESSION_DATA_SOURCES.map((n) => `'${n}'`).join(', ')}.`,
    );
  }
  return value as CoveDataSourceName[];
}

function statusCodes(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  const byName = new Map<string, number>(
    Object.entries(SESSION_STATUS_NAMES).map(([code, name]) => [name, Number(code)]),
  );
  if (!Array.isArray(value) || !value.every((v) => byName.has(v as string))) {
    throw new ConfigError(
      `sessions: \`statuses\` must be an array of status names: ${[...byName.keys()].join(', ')}.`,
    );
  }
  return [...new Set((value as SessionStatusName[]).map((name) => byName.get(name) as number))];
}

/** Reads sessions and session errors. @internal */
export class SessionReader {
  readonly #options: SessionReaderOptions;
  readonly #locator: DeviceLocator;
  readonly #transports = new Map<string, HttpTransport>();
  readonly #reporting: { transport: HttpTransport; path: string; host: string };

  constructor(options: SessionReaderOptions) {
    this.#options = options;
    this.#locator = new DeviceLocator(options.connection, options.secrets);
    const url = new URL(options.reportingEndpoint);
    this.#reporting = {
      transport: new HttpTransport(url.origin, options.transportOptions, options.secrets),
      path: `${url.pathname}${url.search}`,
      host: url.host,
    };
  }

  /**
   * Checks the options now (so a bad one fails at the call) and returns the lazy iterator.
   *
   * @throws ConfigError for a bad device id or option, before any request.
   */
  sessions(deviceId: number, options: SessionsOptions = {}): AsyncIterable<CoveSession> {
    checkId(deviceId, 'deviceId', 'sessions');
    options = checkCallOptions(options, 'sessions');
    const pageSize = options.pageSize ?? DEFAULT_SESSIONS_PAGE_SIZE;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new ConfigError(`sessions: \`pageSize\` must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
    }
    if (options.m365 !== undefined && typeof options.m365 !== 'boolean') {
      throw new ConfigError('sessions: `m365` must be a boolean.');
    }
    const pageRetries = checkPageRetries(options.pageRetries, 'sessions');
    const query: SessionQuery = {
      since: seconds(options.since, 'since'),
      until: seconds(options.until, 'until'),
      dataSources: checkDataSources(options.dataSources, 'sessions'),
      statusCodes: statusCodes(options.statuses),
      pageSize,
    };
    const call: CoveCallOptions = {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
    };
    return {
      [Symbol.asyncIterator]: () => this.#iterate(deviceId, query, options.m365, call, pageRetries),
    };
  }

  /**
   * Errors of one session.
   *
   * @throws ConfigError for a bad id or option, before any request.
   * @throws CoveStorageNodeError when the node or reporting service fails.
   */
  async sessionErrors(
    deviceId: number,
    sessionId: number,
    options: SessionErrorsOptions = {},
  ): Promise<CoveSessionError[]> {
    checkId(deviceId, 'deviceId', 'sessionErrors');
    checkId(sessionId, 'sessionId', 'sessionErrors');
    options = checkCallOptions(options, 'sessionErrors');
    const dataSources = checkDataSources(options.dataSources, 'sessionErrors');
    const call: CoveCallOptions = {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
    };
    const endpoint = await this.#locator.locate(deviceId, call);
    if (await this.#locator.isM365(endpoint, options.m365, call)) {
      return this.#guard(endpoint, 'EnumerateSessionErrors', this.#reporting.host, () =>
        m365Errors(this.#reportingCall, endpoint, sessionId, dataSources, call, this.#readErrors),
      );
    }
    const target = this.#node(endpoint, 'QueryErrors');
    return this.#guard(endpoint, 'QueryErrors', target.host, () =>
      repservErrors(
        this.#nodeCall,
        target,
        endpoint,
        sessionId,
        options.details === true,
        call,
        this.#readErrors,
      ),
    );
  }

  async *#iterate(
    deviceId: number,
    query: SessionQuery,
    m365: boolean | undefined,
    call: CoveCallOptions,
    pageRetries: number,
  ): AsyncGenerator<CoveSession> {
    const endpoint = await this.#locator.locate(deviceId, call);
    const { retry, clock = systemClock } = this.#options.transportOptions;
    // A later page that failed transiently is requested again; the first fails at once.
    const resume: PageResume = (readPage) =>
      readResuming(readPage, { retry, clock }, pageRetries, call.signal);
    if (await this.#locator.isM365(endpoint, m365, call)) {
      yield* await this.#guard(endpoint, 'EnumerateSessions', this.#reporting.host, () =>
        m365Sessions(
          this.#reportingCall,
          endpoint,
          query,
          call,
          this.#readSessions('EnumerateSessions'),
          resume,
        ),
      );
      return;
    }
    const target = this.#node(endpoint, 'QuerySessions');
    const pages = repservSessions(
      this.#nodeCall,
      target,
      endpoint,
      query,
      call,
      this.#readSessions('QuerySessions'),
      resume,
    );
    while (true) {
      const next = await this.#guard(endpoint, 'QuerySessions', target.host, () => pages.next());
      if (next.done) return;
      yield next.value;
    }
  }

  #node(endpoint: DeviceEndpoint, method: string): Omit<ServiceTarget, 'auth'> & { host: string } {
    const origin = endpoint.origin;
    if (origin === undefined) {
      throw new CoveStorageNodeError(
        {
          method,
          deviceId: endpoint.deviceId,
          deviceName: endpoint.name,
          host: undefined,
          failure: 'no-node',
        },
        'no storage node is known for the device',
      );
    }
    let transport = this.#transports.get(origin);
    if (!transport) {
      transport = new HttpTransport(origin, this.#options.transportOptions, this.#options.secrets);
      this.#transports.set(origin, transport);
    }
    return { transport, path: '/repserv_json', host: new URL(origin).host };
  }

  readonly #nodeCall = (
    target: Omit<ServiceTarget, 'auth'>,
    method: string,
    params: Record<string, unknown>,
    options: CoveCallOptions,
  ) => this.#options.connection.callService({ ...target, auth: 'params' }, method, params, options);

  readonly #reportingCall = (method: string, params: Record<string, unknown>, options: CoveCallOptions) =>
    this.#options.connection.callService(
      { transport: this.#reporting.transport, path: this.#reporting.path, auth: 'bearer' },
      method,
      params,
      options,
    );

  #readSessions(method: string) {
    return (result: unknown) => readSessionRows(result, method, this.#options.secrets);
  }

  readonly #readErrors = (result: unknown, method: string) =>
    readErrorRows(result, method, this.#options.secrets);

  /** Runs a node request; transport and Cove failures become a {@link CoveStorageNodeError}. */
  async #guard<T>(endpoint: DeviceEndpoint, method: string, host: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (
        error instanceof AbortError ||
        error instanceof ConfigError ||
        error instanceof CoveStorageNodeError
      )
        throw error;
      if (error instanceof ResponseValidationError) throw error;
      const { failure, detail, code, status } = classifyNodeFailure(error);
      // A refused token may be stale (device re-registered): look the device up again next time.
      if (failure === 'rpc') this.#locator.forget(endpoint.deviceId);
      throw new CoveStorageNodeError(
        { method, deviceId: endpoint.deviceId, deviceName: endpoint.name, host, failure, code, status },
        detail,
        { cause: error },
      );
    }
  }
}
