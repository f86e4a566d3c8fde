/**
 * `createCoveMock()`: a realistic Cove Data Protection Management API (JSON-RPC 2.0) on MSW.
 *
 * @module
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type Clock, systemClock } from '../../core/clock';
import { buildWorld, type MockCustomColumn, type MockDevice, type MockPartner } from './data';
import {
  type CoveMockFaultKind,
  type CoveMockFaults,
  earlyFaultResponse,
  FaultDrawer,
  truncatedResponse,
} from './faults';
import { COVE_MOCK_METHODS } from './methods';
import type { MethodContext } from './methods/context';
import { type MockSessionInit, reportingHandlers, SessionBook } from './reporting';
import { ColumnRestrictions } from './restrictions';
import {
  COVE_MOCK_ERROR_MESSAGES,
  CoveMockRpcError,
  errorBody,
  JsonRpcCode,
  securityError,
  successBody,
  visaError,
} from './rpc';
import type { MockSession } from './sessions';
import { VisaStore } from './visa';

/** Login credentials the mock accepts. */
export interface CoveMockCredentials {
  /** Exact partner (customer) string, usually `Name (email)`. Also the root partner's name. */
  readonly partner: string;
  /** API user login name. */
  readonly username: string;
  /** API token. */
  readonly password: string;
}

/** Rates of server quirks seen in the wild; set a rate to 0 to switch the quirk off. */
export interface CoveMockQuirks {
  /**
   * Share of statistics rows that carry an `I78` (active data sources) key nobody asked for, as in
   * N-able's own sample. Default 0.2.
   */
  readonly unrequestedI78Rate?: number;
  /** Share of `D..F00` status values sent as a one-element array (`["5"]`). Default 0.004. */
  readonly arrayValueRate?: number;
}

/** Options for {@link createCoveMock}. */
export interface CoveMockOptions {
  /**
   * JSON-RPC endpoint to intercept. Default `https://cove.mock.test/jsonapi`, deliberately not the
   * production URL, so a real `CoveClient` in the same process is never answered by the mock.
   */
  readonly endpoint?: string;
  /** Time source for visa idle expiry and generated timestamps. Default: the system clock. */
  readonly clock?: Clock;
  /** Accepted credentials. Default: {@link COVE_MOCK_DEFAULT_CREDENTIALS}. */
  readonly credentials?: CoveMockCredentials;
  /** Devices generated across the partner tree. Default 25. */
  readonly devices?: number;
  /** Seed for the generated devices and statistics. Default 1. */
  readonly seed?: number;
  /**
   * Column codes that make `EnumerateAccountStatistics` fail with 13501: a list (global) or a map
   * from partner id to a list (applies to that partner and its sub-partners). Any notation matches
   * (`D02F00` = `D2F0` = `S0`); a trailing `*` matches by prefix of the padded code (`D02F*`).
   * Default: nothing restricted.
   */
  readonly restrictedColumns?: Readonly<Record<number, readonly string[]>> | readonly string[];
  /** Visa idle lifetime in ms, counted from the visa's last use. Default 15 minutes. */
  readonly visaTtlMs?: number;
  /** Echo D-column keys unpadded (`D9F0`) even when the request asked `D09F00`. Default false. */
  readonly echoUnpadded?: boolean;
  /** Server quirks. */
  readonly quirks?: CoveMockQuirks;
  /**
   * The Microsoft 365 reporting service (`EnumerateSessions`, `EnumerateSessionErrors`). Default:
   * `reporting_api` on the endpoint's host, e.g. `https://cove.mock.test/reporting_api`.
   */
  readonly reportingEndpoint?: string;
  /**
   * A ready-made tenant. `'restricted'` reproduces the tenant Backupchecks tested live: Login
   * returns a user record with only `PartnerId`, `Name` and `Flags`; the API user may read only
   * the columns in {@link COVE_MOCK_RESTRICTED_COLUMNS} (any other column fails the whole statistics
   * call with 13501); and `EnumerateAccounts` is refused with 13501. Explicit options override it.
   */
  readonly preset?: 'restricted';
  /**
   * Column allow-list: every column outside it makes statistics calls fail with 13501 (on top of
   * {@link CoveMockOptions.restrictedColumns}). Any notation matches. Default: no allow-list.
   */
  readonly allowedColumns?: readonly string[];
  /**
   * The Login user record: `'full'` (the documented sample's fields, default) or `'minimal'` (only
   * `PartnerId`, `Name` and `Flags`).
   */
  readonly loginResult?: 'full' | 'minimal';
  /** Methods the API user's role may not call: each answers 13501. Default none. */
  readonly refusedMethods?: readonly string[];
  /**
   * Seeded random faults on the Management API endpoint: HTTP 502s, dropped connections and
   * truncated bodies. Each call records the fault it met in {@link CoveMockCall.fault}. Default:
   * none.
   */
  readonly faults?: CoveMockFaults;
  /**
   * Makes each Login's visas expire after this many calls: the visas one Login started (the Login's
   * and every one chained from it) are accepted for that many calls in all, and the next call with
   * any of them fails with 1701, so the client must log in again. Calls answered by a fault before
   * reaching the server do not count. Default: no limit (only the idle expiry, `visaTtlMs`).
   */
  readonly visaExpiresAfterCalls?: number;
}

/**
 * The columns the `restricted` preset allows: Backupchecks' live allow-list (`I1`, `I14`, `I18`,
 * `D01F00`–`D01F07`, `D09F00`).
 */
export const COVE_MOCK_RESTRICTED_COLUMNS: readonly string[] = Object.freeze([
  'I1',
  'I14',
  'I18',
  'D01F00',
  'D01F01',
  'D01F02',
  'D01F03',
  'D01F04',
  'D01F05',
  'D01F06',
  'D01F07',
  'D09F00',
]);

/** What `preset: 'restricted'` sets, before explicit options. */
const RESTRICTED_PRESET = {
  loginResult: 'minimal',
  allowedColumns: COVE_MOCK_RESTRICTED_COLUMNS,
  refusedMethods: ['EnumerateAccounts'],
} as const;

/** Options of {@link CoveMock.advanceSession}. */
export interface AdvanceSessionOptions {
  /** Status code of the new last session (e.g. 5 Completed, 2 Failed). Default: the current one. */
  readonly status?: number;
}

/** One call received by the mock, for assertions. Secrets in `params` are kept as sent. */
export interface CoveMockCall {
  /** JSON-RPC id as sent. */
  readonly id: unknown;
  /** Method name as sent. */
  readonly method: string;
  /** Params as sent. */
  readonly params: unknown;
  /** Top-level visa, when one was sent. */
  readonly visa?: string;
  /** Cove (or JSON-RPC) error number returned in `error.data`, when the call failed. */
  readonly errorData?: number;
  /** HTTP status, when an injected HTTP failure answered the call. */
  readonly httpStatus?: number;
  /** The random fault the call met, from {@link CoveMockOptions.faults}. */
  readonly fault?: CoveMockFaultKind;
  /** The new visa returned, when the call succeeded. */
  readonly issuedVisa?: string;
  /**
   * Which service answered: a storage node's `repserv_json`, the M365 `reporting_api`, or
   * (absent) the Management API.
   */
  readonly service?: 'repserv' | 'reporting';
  /** Host of the storage node or reporting service, for `service` calls. */
  readonly host?: string;
}

/** A failure to inject with {@link CoveMock.failNext}. */
export type CoveMockFailure =
  | {
      /** Cove error number for `error.data` (e.g. 1701, 2100, 13501). */
      readonly data: number;
      /** Message; defaults to the server's wording for known numbers. */
      readonly message?: string;
    }
  | {
      /** HTTP status to answer with (e.g. 429, 502, 503). */
      readonly httpStatus: number;
      /** Response body; default `"<status> mock failure"` as plain text. */
      readonly body?: string;
      /** Extra response headers, e.g. `{ 'Retry-After': '2' }`. */
      readonly headers?: Readonly<Record<string, string>>;
    };

/** A running Cove mock. Register {@link CoveMock.handlers} with MSW's `setupServer`/`setupWorker`. */
export interface CoveMock {
  /** The intercepted endpoint URL. */
  readonly endpoint: string;
  /**
   * MSW handlers: the Management API on {@link CoveMock.endpoint}, every storage node's
   * `repserv_json` and the M365 reporting service.
   */
  readonly handlers: HttpHandler[];
  /** The M365 reporting service URL. */
  readonly reportingEndpoint: string;
  /**
   * Devices on a self-hosted storage node that never answers (a connection failure), for testing
   * failure isolation. Their statistics are served as usual.
   */
  readonly unreachableDeviceIds: readonly number[];
  /** Credentials `Login` accepts. */
  readonly credentials: CoveMockCredentials;
  /** Id of the login (root) partner. */
  readonly rootPartnerId: number;
  /** A partner that exists but lies outside the login scope (the root's parent): calls on it give 13501. */
  readonly foreignPartnerId: number;
  /** The login partner's subtree, depth-first, root first. */
  readonly partners: ReadonlyArray<MockPartner>;
  /** All devices, ordered by id. */
  readonly devices: ReadonlyArray<MockDevice>;
  /** Partner-defined custom columns (`AA<id>`). */
  readonly customColumns: ReadonlyArray<MockCustomColumn>;
  /** Every call received since creation or the last {@link CoveMock.reset}, oldest first. */
  readonly calls: ReadonlyArray<CoveMockCall>;
  /** How many calls of `method` were received. */
  countCalls(method: string): number;
  /** Looks a device up by account id. */
  device(id: number): MockDevice | undefined;
  /**
   * A device's backup sessions as the reporting services serve them, newest first: generated
   * from its statistics (one a day per data source from the colour bar, the newest matching
   * `F00`/`F15`), plus any added by tests. Mutating the returned objects changes the server.
   */
  sessions(deviceId: number): readonly MockSession[];
  /** Adds a newest session to a device (default: Completed, first data source, now). */
  addSession(deviceId: number, init?: MockSessionInit): MockSession;
  /** Ends a running session now with `status` (default 5, Completed), optionally with `errors`. */
  finishSession(deviceId: number, sessionId: number, status?: number, errors?: number): MockSession;
  /**
   * Makes `GetAccountInfoById` report no node host for a device, so clients must fall back to
   * `EnumerateAccountRemoteAccessEndpoints`.
   */
  hideNodeHost(deviceId: number, hidden?: boolean): void;
  /** Invalidates every visa issued so far: the next call with any of them fails with 1701. */
  expireAllVisas(): void;
  /** Replaces the restricted column codes globally, or for one partner (and its sub-partners). */
  setRestrictedColumns(codes: readonly string[], partnerId?: number): void;
  /**
   * Makes the next `times` calls of `method` (or of any method, with `'*'`) fail with a Cove error or
   * an HTTP status. Injected failures are answered before the visa is checked.
   */
  failNext(method: string, failure: CoveMockFailure, times?: number): void;
  /**
   * Gives a device a new last session, finished at the mock clock's current time: every statistics
   * column of the session (`D<nn>F00`–`F21`, Total and each data source) changes consistently, with
   * new counts and sizes, and `status` when given. Use it to test polling across new sessions.
   *
   * @throws Error for an unknown device or a device with no data sources (it never backs up).
   */
  advanceSession(deviceId: number, options?: AdvanceSessionOptions): MockDevice;
  /**
   * Clears calls, visas and pending failures, restarts the random fault sequence and restores the
   * initial restrictions. Data is kept.
   */
  reset(): void;
}

/** Credentials the mock accepts when none are given. */
export const COVE_MOCK_DEFAULT_CREDENTIALS: CoveMockCredentials = {
  partner: 'Acme MSP (ops@acme-msp.example)',
  username: 'api-user',
  password: 'mock-api-token-7Kq9Xv2Lp4ZtR8wN',
};

/** Default endpoint of the mock: a reserved `.test` host, never the production Management Service. */
export const COVE_MOCK_DEFAULT_ENDPOINT = 'https://cove.mock.test/jsonapi';

/** The API user's id (visa segment 1). */
const USER_ID = 50193;

interface PendingFailure {
  readonly failure: CoveMockFailure;
  remaining: number;
}

/**
 * Creates a Cove Management API mock.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const cove = createCoveMock({ clock, devices: 2345 });
 * const server = setupServer(...cove.handlers);
 * server.listen();
 * // … point the client at cove.endpoint with cove.credentials and the same clock
 * expect(cove.countCalls('Login')).toBe(1);
 * ```
 */
export function createCoveMock(options: CoveMockOptions = {}): CoveMock {
  const preset = options.preset === 'restricted' ? RESTRICTED_PRESET : undefined;
  if (options.preset !== undefined && preset === undefined) {
    throw new Error(`createCoveMock: unknown preset ${JSON.stringify(options.preset)}; use 'restricted'.`);
  }
  const allowedColumns = options.allowedColumns ?? preset?.allowedColumns;
  const refusedMethods = new Set<string>(options.refusedMethods ?? preset?.refusedMethods ?? []);
  const endpoint = options.endpoint ?? COVE_MOCK_DEFAULT_ENDPOINT;
  const clock = options.clock ?? systemClock;
  const credentials = { ...(options.credentials ?? COVE_MOCK_DEFAULT_CREDENTIALS) };
  const seed = options.seed ?? 1;
  const world = buildWorld({
    seed,
    deviceCount: options.devices ?? 25,
    anchorSecs: Math.floor(clock.now() / 1000),
    rootName: credentials.partner,
  });
  const maxVisaUses = options.visaExpiresAfterCalls ?? Number.POSITIVE_INFINITY;
  if (maxVisaUses !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(maxVisaUses) && maxVisaUses >= 1)) {
    throw new RangeError(
      `createCoveMock: \`visaExpiresAfterCalls\` must be a positive integer (got ${String(maxVisaUses)}).`,
    );
  }
  const visas = new VisaStore(clock, options.visaTtlMs ?? 15 * 60_000, seed, maxVisaUses);
  let faults = options.faults === undefined ? undefined : new FaultDrawer(options.faults);
  const restrictions = new ColumnRestrictions(options.restrictedColumns, allowedColumns);
  const behaviour = {
    echoUnpadded: options.echoUnpadded ?? false,
    unrequestedI78Rate: options.quirks?.unrequestedI78Rate ?? 0.2,
    arrayValueRate: options.quirks?.arrayValueRate ?? 0.004,
    loginResult: options.loginResult ?? preset?.loginResult ?? 'full',
  };
  const calls: CoveMockCall[] = [];
  const failures = new Map<string, PendingFailure[]>();

  const takeFailure = (method: string): CoveMockFailure | undefined => {
    for (const key of [method, '*']) {
      const queue = failures.get(key);
      const head = queue?.[0];
      if (!queue || !head) continue;
      head.remaining -= 1;
      if (head.remaining <= 0) queue.shift();
      return head.failure;
    }
    return undefined;
  };

  const endpointUrl = new URL(endpoint);
  const book = new SessionBook(world, clock);
  const reporting = reportingHandlers({
    world,
    book,
    visas,
    reportingEndpoint: options.reportingEndpoint ?? `${endpointUrl.origin}/reporting_api`,
    takeFailure,
    log: ({ errorData, ...entry }) => {
      calls.push(errorData === undefined ? entry : { ...entry, errorData });
    },
  });

  const handle = async (request: Request): Promise<Response> => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return HttpResponse.json(errorBody(null, JsonRpcCode.ParseError, undefined, 'Parse error'));
    }
    if (
      typeof body !== 'object' ||
      body === null ||
      Array.isArray(body) ||
      typeof (body as { method?: unknown }).method !== 'string'
    ) {
      return HttpResponse.json(errorBody(null, JsonRpcCode.InvalidRequest, undefined, 'Invalid Request'));
    }
    const envelope = body as { id?: unknown; method: string; params?: unknown; visa?: unknown };
    const id = envelope.id ?? null;
    const call: { -readonly [K in keyof CoveMockCall]: CoveMockCall[K] } = {
      id,
      method: envelope.method,
      params: envelope.params,
    };
    if (typeof envelope.visa === 'string') call.visa = envelope.visa;
    calls.push(call);

    // Every call draws (so the fault sequence depends only on the calls), but failNext wins.
    const drawn = faults?.draw(envelope.method);
    const failure = takeFailure(envelope.method);
    const fault = failure ? undefined : drawn;
    if (fault) call.fault = fault;
    if (fault === 'http502' || fault === 'dropConnection') {
      if (fault === 'http502') call.httpStatus = 502;
      return earlyFaultResponse(fault);
    }
    // A malformed-body fault lets the call run, then cuts its answer short.
    const reply = (body: Record<string, unknown>): Response =>
      fault === 'malformedBody' ? truncatedResponse(body) : HttpResponse.json(body);
    if (failure && 'httpStatus' in failure) {
      call.httpStatus = failure.httpStatus;
      return new HttpResponse(failure.body ?? `${failure.httpStatus} mock failure`, {
        status: failure.httpStatus,
        headers: { 'Content-Type': 'text/plain', ...failure.headers },
      });
    }
    if (failure) {
      call.errorData = failure.data;
      const message = failure.message ?? COVE_MOCK_ERROR_MESSAGES[failure.data] ?? 'Operation failed';
      return HttpResponse.json(errorBody(id, JsonRpcCode.InternalError, failure.data, message));
    }

    const spec = Object.hasOwn(COVE_MOCK_METHODS, envelope.method)
      ? COVE_MOCK_METHODS[envelope.method]
      : undefined;
    if (!spec) {
      call.errorData = JsonRpcCode.MethodNotFound;
      return reply(errorBody(id, JsonRpcCode.MethodNotFound, JsonRpcCode.MethodNotFound, 'Method not found'));
    }
    try {
      const session = spec.needsVisa ? visas.use(envelope.visa) : undefined;
      if (spec.needsVisa && !session) throw visaError();
      if (refusedMethods.has(envelope.method)) throw securityError();
      const params =
        typeof envelope.params === 'object' && envelope.params !== null && !Array.isArray(envelope.params)
          ? (envelope.params as Record<string, unknown>)
          : {};
      const ctx: MethodContext = {
        world,
        session,
        nowSecs: Math.floor(clock.now() / 1000),
        credentials,
        userId: USER_ID,
        restrictions,
        behaviour,
      };
      const output = spec.handler(params, ctx);
      const nextSession = output.session ?? session;
      if (!nextSession) throw visaError();
      const visa = visas.issue(nextSession);
      call.issuedVisa = visa;
      return reply(successBody(id, output.result, output.siblings, visa));
    } catch (error) {
      if (!(error instanceof CoveMockRpcError)) throw error;
      call.errorData = error.data;
      return reply(errorBody(id, error.code, error.data, error.message));
    }
  };

  return {
    endpoint,
    handlers: [http.post(endpoint, ({ request }) => handle(request)), ...reporting],
    reportingEndpoint: options.reportingEndpoint ?? `${endpointUrl.origin}/reporting_api`,
    unreachableDeviceIds: world.devices.filter((d) => d.storageNode.unreachable).map((d) => d.id),
    credentials,
    rootPartnerId: world.root.id,
    foreignPartnerId: world.foreignPartner.id,
    partners: world.partners,
    devices: world.devices,
    customColumns: world.customColumns,
    calls,
    countCalls: (method) => calls.filter((call) => call.method === method).length,
    device: (id) => world.device(id),
    sessions(deviceId) {
      const device = world.device(deviceId);
      if (!device) throw new Error(`Cove mock: no device ${deviceId}.`);
      return [...book.of(device).sessions].sort((a, b) => b.startTime - a.startTime || b.id - a.id);
    },
    addSession: (deviceId, init) => book.add(deviceId, init),
    finishSession: (deviceId, sessionId, status, errors) => book.finish(deviceId, sessionId, status, errors),
    hideNodeHost(deviceId, hidden = true) {
      if (hidden) world.hostless.add(deviceId);
      else world.hostless.delete(deviceId);
    },
    expireAllVisas: () => visas.expireAll(),
    setRestrictedColumns: (codes, partnerId) => restrictions.set(codes, partnerId),
    failNext(method, failure, times = 1) {
      if (times <= 0) return;
      failures.set(method, [...(failures.get(method) ?? []), { failure, remaining: times }]);
    },
    advanceSession(deviceId, advance = {}) {
      const device = world.device(deviceId);
      if (!device) throw new Error(`CoveMock.advanceSession: no device ${deviceId}.`);
      if (device.dataSources.length === 0) {
        throw new Error(
          `CoveMock.advanceSession: device ${deviceId} has no data sources, so it never backs up.`,
        );
      }
      if (advance.status !== undefined) {
        if (!Number.isSafeInteger(advance.status) || advance.status <= 0) {
          throw new Error('CoveMock.advanceSession: `status` must be a positive session status code.');
        }
        device.status = advance.status;
      }
      device.sessionsAdvanced += 1;
      device.advancedAtSecs = Math.max(device.advancedAtSecs + 1, Math.floor(clock.now() / 1000));
      return device;
    },
    reset() {
      calls.length = 0;
      visas.expireAll();
      failures.clear();
      if (options.faults !== undefined) faults = new FaultDrawer(options.faults);
      restrictions.reset(options.restrictedColumns);
    },
  };
}
