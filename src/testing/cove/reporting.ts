/**
 * The Cove mock's reporting services: each storage node's `https://<node>/repserv_json`
 * (`QuerySessions`, `QueryErrors`, `EnumerateSessionErrorsGroupDetails`; the device name and token
 * in `params`, no visa) and the Microsoft 365 `reporting_api` beside the Management endpoint
 * (`EnumerateSessions`, `EnumerateSessionErrors`; `Authorization: Bearer <visa>`). Sessions come
 * from {@link SessionBook}; a self-hosted node marked unreachable answers nothing at all.
 *
 * @internal
 * @module
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { Clock } from '../../core/clock';
import type { DeviceRecord, MockWorld } from './data';
import { asInt, asRecord, asStrings } from './methods/context';
import { type Expr, evaluate, parseExpression } from './query';
import { hash32 } from './random';
import {
  COVE_MOCK_ERROR_MESSAGES,
  CoveMockRpcError,
  errorBody,
  invalidParams,
  JsonRpcCode,
  visaError,
} from './rpc';
import {
  type DeviceSessions,
  generateSessions,
  type MockSession,
  makeErrors,
  pluginId,
  pluginName,
  statusText,
} from './sessions';
import type { VisaStore } from './visa';

/** What a test may pass to `addSession`. */
export interface MockSessionInit {
  /** Cove status code. Default 5 (Completed); 1 starts a running session. */
  readonly status?: number;
  /** Data-source number; default the device's first. */
  readonly source?: number;
  /** Errors the session really has. Default 0. */
  readonly errors?: number;
  /** What `ErrorsCount` says. Default: `errors`. */
  readonly errorsCount?: number;
  /** Start, Unix seconds. Default: now. */
  readonly startTime?: number;
}

/** Every device's sessions, generated on first use and changed by tests. @internal */
export class SessionBook {
  readonly #world: MockWorld;
  readonly #clock: Clock;
  readonly #byDevice = new Map<number, DeviceSessions>();

  constructor(world: MockWorld, clock: Clock) {
    this.#world = world;
    this.#clock = clock;
  }

  /** The device's sessions, oldest first (built on first use). */
  of(device: DeviceRecord): DeviceSessions {
    let entry = this.#byDevice.get(device.id);
    if (!entry) {
      entry = generateSessions(device, this.#world.anchorSecs);
      this.#byDevice.set(device.id, entry);
    }
    return entry;
  }

  #device(deviceId: number): DeviceRecord {
    const device = this.#world.device(deviceId);
    if (!device) throw new Error(`Cove mock: no device ${deviceId}.`);
    return device;
  }

  /** Adds a newest session to a device. */
  add(deviceId: number, init: MockSessionInit = {}): MockSession {
    const device = this.#device(deviceId);
    const entry = this.of(device);
    const status = init.status ?? 5;
    const startTime = init.startTime ?? Math.floor(this.#clock.now() / 1000);
    const source = init.source ?? device.dataSources[0] ?? 1;
    const id = entry.nextSessionId++;
    const errors = init.errors ?? 0;
    const session: MockSession = {
      id,
      deviceId,
      source,
      plugin: pluginName(source),
      status,
      startTime,
      endTime: status === 1 || status === 9 ? 0 : startTime + 900,
      errorsCount: init.errorsCount ?? errors,
      errors: [],
      selectedCount: 1200,
      processedCount: 40,
      selectedSize: 5 * 1024 ** 3,
      processedSize: 80 * 1024 ** 2,
      sentSize: 30 * 1024 ** 2,
    };
    session.errors = makeErrors(device, session, errors, () => entry.nextErrorId++);
    entry.sessions.push(session);
    return session;
  }

  /** Ends a running session with `status` (default Completed) now. */
  finish(deviceId: number, sessionId: number, status = 5, errors?: number): MockSession {
    const device = this.#device(deviceId);
    const entry = this.of(device);
    const session = entry.sessions.find((s) => s.id === sessionId);
    if (!session) throw new Error(`Cove mock: device ${deviceId} has no session ${sessionId}.`);
    session.status = status;
    session.endTime = Math.max(session.startTime + 60, Math.floor(this.#clock.now() / 1000));
    if (errors !== undefined) {
      session.errors = makeErrors(device, session, errors, () => entry.nextErrorId++);
      session.errorsCount = errors;
    }
    return session;
  }
}

/** Where a reporting call is logged. @internal */
export type ReportingCallLog = (entry: {
  id: unknown;
  method: string;
  params: unknown;
  service: 'repserv' | 'reporting';
  host: string;
  errorData?: number;
}) => void;

/** Wiring for {@link reportingHandlers}. @internal */
export interface ReportingWiring {
  readonly world: MockWorld;
  readonly book: SessionBook;
  readonly visas: VisaStore;
  readonly reportingEndpoint: string;
  readonly log: ReportingCallLog;
  /** An injected failure for `method`, if one is queued (shared with the Management API). */
  readonly takeFailure: (
    method: string,
  ) =>
    | { data: number; message?: string }
    | { httpStatus: number; body?: string; headers?: Readonly<Record<string, string>> }
    | undefined;
}

const SESSION_FIELDS = new Set([
  'Id',
  'BackupStartTime',
  'StartTime',
  'EndTime',
  'Plugin',
  'Status',
  'ErrorsCount',
  'SelectedSize',
  'SelectedCount',
  'SessionId',
  'Time',
]);

function sessionRow(session: MockSession, device: DeviceRecord): Record<string, unknown> {
  const flags = ['Synchronized'];
  if (hash32(device.seed, 'accel', session.id) % 3 === 0) flags.push('Accelerated');
  return {
    BackupStartTime: session.startTime,
    BuildVersion: device.clientVersion,
    ChangedCount: session.processedCount,
    ChangedSize: session.processedSize,
    EndTime: session.endTime,
    ErrorsCount: session.errorsCount,
    Flags: flags,
    Id: session.id,
    PluginId: session.plugin,
    ProcessedCount: session.processedCount,
    ProcessedSize: session.processedSize,
    RemovedFilesCount: 0,
    SelectedCount: session.selectedCount,
    SelectedSize: session.selectedSize,
    SentSize: session.sentSize,
    StartTime: session.startTime,
    Status: statusText(session.status, false),
    TransientValues: null,
    Type: 'BatchBackup',
  };
}

function fieldValue(session: MockSession, field: string): string | undefined {
  switch (field) {
    case 'Id':
    case 'SessionId':
      return String(session.id);
    case 'BackupStartTime':
    case 'StartTime':
    case 'Time':
      return String(session.startTime);
    case 'EndTime':
      return String(session.endTime);
    case 'Plugin':
      return String(pluginId(session.source));
    case 'Status':
      return String(session.status);
    case 'ErrorsCount':
      return String(session.errorsCount);
    case 'SelectedSize':
      return String(session.selectedSize);
    case 'SelectedCount':
      return String(session.selectedCount);
    default:
      return undefined;
  }
}

function parseQuery(text: unknown): Expr | undefined {
  if (text === undefined || text === '') return undefined;
  if (typeof text !== 'string') throw invalidParams('query must be a string');
  return parseExpression(text, 'query', (name) => SESSION_FIELDS.has(name));
}

function matches(expr: Expr | undefined, session: MockSession, nowSecs: number): boolean {
  if (!expr) return true;
  const value = evaluate(expr, {
    value: (field) => fieldValue(session, field),
    anyValues: () => [],
    nowSecs,
  });
  return (
    value === true ||
    (typeof value === 'number' && value !== 0) ||
    (typeof value === 'string' && value !== '')
  );
}

function orderSessions(list: MockSession[], orderBy: unknown): MockSession[] {
  const keys = (typeof orderBy === 'string' && orderBy.trim() !== '' ? orderBy : 'Id ASC')
    .split(',')
    .map((part) => part.trim().split(/\s+/))
    .map(([field = 'Id', dir = 'ASC']) => {
      if (!SESSION_FIELDS.has(field)) throw invalidParams(`orderBy: cannot sort by '${field}'`);
      return { field, desc: dir.toUpperCase() === 'DESC' };
    });
  return [...list].sort((a, b) => {
    for (const { field, desc } of keys) {
      const diff = Number(fieldValue(a, field)) - Number(fieldValue(b, field));
      if (diff !== 0) return desc ? -diff : diff;
    }
    return 0;
  });
}

function page<T>(list: readonly T[], range: unknown): T[] {
  const r = asRecord(range);
  const offset = Math.max(0, asInt(r.Offset) ?? 0);
  const size = asInt(r.Size);
  return list.slice(offset, size === undefined ? undefined : offset + Math.max(0, size));
}

const rpcOk = (id: unknown, result: unknown, extra: Record<string, unknown> = {}) =>
  HttpResponse.json({ id, jsonrpc: '2.0', result: { ...extra, result } });

/** The MSW handlers of every storage node's repserv and of the M365 reporting API. @internal */
export function reportingHandlers(wiring: ReportingWiring): HttpHandler[] {
  const { world, book } = wiring;
  const handlers: HttpHandler[] = [];
  const hosts = new Map<string, boolean>();
  for (const node of world.storageNodes) hosts.set(node.host.replace(/:\d+$/, ''), node.unreachable === true);

  const envelope = async (request: Request) => {
    try {
      const body = asRecord(await request.json());
      return {
        id: body.id ?? null,
        method: typeof body.method === 'string' ? body.method : '',
        params: asRecord(body.params),
      };
    } catch {
      return undefined;
    }
  };

  const answer = (
    id: unknown,
    method: string,
    params: unknown,
    service: 'repserv' | 'reporting',
    host: string,
    run: () => Response,
  ): Response => {
    const failure = wiring.takeFailure(method);
    if (failure && 'httpStatus' in failure) {
      wiring.log({ id, method, params, service, host });
      return new HttpResponse(failure.body ?? `${failure.httpStatus} mock failure`, {
        status: failure.httpStatus,
        headers: { 'Content-Type': 'text/plain', ...failure.headers },
      });
    }
    try {
      if (failure) {
        throw new CoveMockRpcError(failure.data, failure.message ?? COVE_MOCK_ERROR_MESSAGES[failure.data]);
      }
      const response = run();
      wiring.log({ id, method, params, service, host });
      return response;
    } catch (error) {
      if (!(error instanceof CoveMockRpcError)) throw error;
      wiring.log({ id, method, params, service, host, errorData: error.data });
      return HttpResponse.json(errorBody(id, error.code, error.data, error.message));
    }
  };

  for (const [hostname, unreachable] of hosts) {
    handlers.push(
      http.post(`https://${hostname}/repserv_json`, async ({ request }) => {
        const call = await envelope(request);
        if (unreachable) {
          wiring.log({
            id: call?.id,
            method: call?.method ?? '',
            params: call?.params,
            service: 'repserv',
            host: hostname,
          });
          return HttpResponse.error();
        }
        if (!call)
          return HttpResponse.json(errorBody(null, JsonRpcCode.ParseError, undefined, 'Parse error'));
        const { id, method, params } = call;
        return answer(id, method, params, 'repserv', hostname, () => {
          const device = world.device(asInt(params.accountId) ?? -1);
          if (
            !device ||
            params.account !== device.name ||
            params.token !== device.token ||
            device.storageNode.host.replace(/:\d+$/, '') !== hostname
          ) {
            throw new CoveMockRpcError(13501);
          }
          const sessions = book.of(device).sessions;
          const nowSecs = world.anchorSecs;
          switch (method) {
            case 'QuerySessions': {
              const expr = parseQuery(params.query);
              const list = orderSessions(
                sessions.filter((s) => matches(expr, s, nowSecs)),
                params.orderBy,
              );
              return rpcOk(
                id,
                page(list, params.range).map((s) => sessionRow(s, device)),
                {
                  totalRecordsCount: list.length,
                },
              );
            }
            case 'QueryErrors': {
              const sessionId = asInt(params.sessionId) ?? 0;
              const rows = sessions
                .filter((s) => sessionId === 0 || s.id === sessionId)
                .flatMap((s) =>
                  s.errors.map((e) => ({
                    Code: e.code,
                    Count: e.count,
                    Filename: e.fileName,
                    Id: e.id,
                    SessionId: s.id,
                    Text: e.text,
                    Time: e.time,
                  })),
                )
                .sort((a, b) => b.Time - a.Time);
              return rpcOk(id, rows, { totalRecordsCount: rows.length });
            }
            case 'EnumerateSessionErrorsGroupDetails': {
              const groupId = asInt(params.groupId);
              const session = sessions.find((s) => s.errors.some((e) => e.id === groupId));
              const group = session?.errors.find((e) => e.id === groupId);
              if (!session || !group) return rpcOk(id, []);
              // Both documented shapes: even groups `{ Filename, … }`, odd ones `{ ErrorText, Path, … }`.
              const rows = Array.from({ length: Math.min(group.count, 50) }, (_, k) => {
                const fileName = k === 0 ? group.fileName : `${group.fileName}.${k}`;
                return group.id % 2 === 0
                  ? { Filename: fileName, Text: group.text, Time: group.time + k }
                  : {
                      ErrorText: group.text,
                      GroupId: group.id,
                      NodeId: device.storageNode.id,
                      Path: fileName,
                      Plugin: pluginId(session.source),
                      Time: group.time + k,
                    };
              });
              return rpcOk(id, rows);
            }
            default:
              throw new CoveMockRpcError(
                JsonRpcCode.MethodNotFound,
                'Method not found',
                JsonRpcCode.MethodNotFound,
              );
          }
        });
      }),
    );
  }

  const reportingHost = new URL(wiring.reportingEndpoint).host;
  handlers.push(
    http.post(wiring.reportingEndpoint, async ({ request }) => {
      const call = await envelope(request);
      if (!call) return HttpResponse.json(errorBody(null, JsonRpcCode.ParseError, undefined, 'Parse error'));
      const { id, method, params } = call;
      return answer(id, method, params, 'reporting', reportingHost, () => {
        const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
        if (!wiring.visas.use(bearer)) throw visaError();
        const device = world.devices.find((d) => d.token === params.accountToken);
        if (!device) throw new CoveMockRpcError(13501);
        const sessions = book.of(device).sessions;
        switch (method) {
          case 'EnumerateSessions': {
            const filter = asRecord(params.filter);
            const types = asStrings(filter.DataSources);
            const after = asInt(filter.CreatedAfter);
            const before = asInt(filter.CreatedBefore);
            const list = sessions.filter(
              (s) =>
                (types.length === 0 || types.includes(s.plugin)) &&
                (after === undefined || s.startTime >= after) &&
                (before === undefined || s.startTime < before),
            );
            return rpcOk(
              id,
              page(list, params.range).map((s) => ({
                AccountsCount: Math.max(1, Math.round(s.selectedCount / 400)),
                DataSourceType: s.plugin,
                Duration: s.endTime > 0 ? s.endTime - s.startTime : 0,
                EndTime: s.endTime,
                ErrorsCount: s.errorsCount,
                Id: s.id,
                SiteCollectionsCount: s.source === 5 ? 3 : 0,
                StartTime: s.startTime,
                Status: statusText(s.status, true),
                Type: 'Backup',
              })),
            );
          }
          case 'EnumerateSessionErrors': {
            if (typeof params.dataSourceType !== 'string' || params.dataSourceType === '') {
              throw new CoveMockRpcError(
                JsonRpcCode.InternalError,
                'dataSourceType is required',
                JsonRpcCode.InternalError,
              );
            }
            const sessionId = asInt(asRecord(params.filter).SessionId);
            const session = sessions.find((s) => s.id === sessionId);
            const rows =
              session && session.plugin === params.dataSourceType
                ? session.errors.flatMap((e) =>
                    // One row per occurrence: the service repeats identical errors.
                    Array.from({ length: Math.min(e.count, 20) }, (_, k) => ({
                      Description: JSON.stringify({ description: e.text, entity: e.item, path: e.fileName }),
                      Id: e.id * 100 + k,
                      Item: e.item,
                      Timestamp: e.time + k,
                    })),
                  )
                : [];
            return rpcOk(id, page(rows, params.range));
          }
          default:
            throw new CoveMockRpcError(
              JsonRpcCode.MethodNotFound,
              'Method not found',
              JsonRpcCode.MethodNotFound,
            );
        }
      });
    }),
  );
  return handlers;
}
