/**
 * `createDBackupMock`: a realistic DBackup 3.2.0 server as MSW request handlers.
 *
 * Behaviour follows recorded exchanges with a real 3.2.0 server where they differ from the
 * published docs: uneven error bodies, milliseconds durations, the middleware rate limiter,
 * `includeLogs` only for the exact string `true`, and so on. Runs advance with the injected
 * clock; nothing happens in the background.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createDBackupMock, VirtualClock } from '@backupchecks/sdk/testing';
 *
 * const clock = new VirtualClock();
 * const mock = createDBackupMock({ clock });
 * const server = setupServer(...mock.handlers);
 * server.listen({ onUnhandledFrame: 'error' });
 *
 * const res = await fetch(`${mock.baseUrl}/api/history`, {
 *   headers: { Authorization: `Bearer ${mock.keys.full}` },
 * });
 * ```
 *
 * @module
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type Clock, systemClock } from '../../core/clock';
import { authenticate, DBACKUP_MOCK_KEYS, type DBackupMockKeyHandle } from './auth';
import { iso, ms, newId } from './fake';
import { FaultQueue } from './faults';
import { RunEngine } from './lifecycle';
import { type DBackupMockWebhookOptions, MockNotifier } from './notifier';
import { clientKeyOf, FixedWindowRateLimiter } from './rate-limit';
import { empty, notFoundPage, tooManyRequests } from './responses';
import {
  type DownloadToken,
  type MockRuntime,
  matchPath,
  type RouteDefinition,
  type RouteMethod,
} from './router';
import { adapterRoutes } from './routes/adapters';
import { executionRoutes } from './routes/executions';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { notificationLogRoutes, runRoutes } from './routes/runs';
import { settingsRoutes } from './routes/settings';
import { storageRoutes } from './routes/storage';
import { vaultRoutes } from './routes/vault';
import { emptyState, seedState } from './state';
import type {
  DBackupMockExecution,
  DBackupMockExecutionInput,
  DBackupMockFaultMatch,
  DBackupMockFaultResponse,
  DBackupMockRequestLogEntry,
  DBackupMockState,
} from './types';

/** Options of {@link createDBackupMock}. */
export interface DBackupMockOptions {
  /** Origin the handlers answer on, without trailing slash. Routes live under `${baseUrl}/api/…`. Default `https://dbackup.mock.test`. */
  baseUrl?: string;
  /** Time source for run lifecycles, rate-limit windows, key expiry and timestamps. Default: the system clock. */
  clock?: Clock;
  /**
   * Per-client limits of the middleware rate limiter, or `false` to disable it. Defaults match the
   * server: 100 GET/HEAD and 20 other requests per 60 000 ms fixed window.
   */
  rateLimit?: { get?: number; mutation?: number; windowMs?: number } | false;
  /**
   * How long a triggered run stays Pending and then Running before its outcome. Defaults
   * 200 ms / 600 ms so examples finish quickly. Restores skip Pending.
   */
  timings?: { pendingMs?: number; runningMs?: number };
  /**
   * Keep a finished backup's final metadata (`names`, `destinations[]` with per-destination
   * status and error, source details) in `GET /api/history`, as DBackup's finalize step writes it.
   * Default `false`, like a real 3.2.0 server: its log flusher overwrites that metadata shortly
   * after the run ends, so finished runs show only `{progress, stage, detail, heartbeat}` and no
   * per-destination results. Set `true` to simulate a server that keeps them (e.g. a future
   * DBackup version); the extra fields follow DBackup's source code, not a recording.
   */
  keepFinalMetadata?: boolean;
  /**
   * The DBackup version to play. `'3.2'` (default) is the recorded 3.2.0 server. `'3.4'` adds
   * what 3.3.1 and 3.4.0 changed: `GET /api/history` filters, paging and `total`; the runs API
   * (`/api/history/runs`, `/api/history/runs/:id`); `GET /api/dashboard/stats` (permission
   * `dashboard:read`, granted to the seeded full and read-only keys); `logsPurgedAt` on execution
   * details with log retention (see `logRetentionDays`); real 403 `{success:false,error:"Forbidden"}`
   * answers on the new routes. On `'3.2'` the new routes answer Next.js's 404 page.
   */
  version?: '3.2' | '3.4';
  /** 3.4 only: execution logs older than this many days are purged (default 90, DBackup's default). */
  logRetentionDays?: number;
  /**
   * A generic-webhook notification channel, subscribed by every seeded job (or `jobIds`): when a
   * backup run ends, the mock POSTs DBackup's generic webhook body (`{title, message, success,
   * color, timestamp, eventType, fields}`, or `payloadTemplate`) to `target`, then writes a
   * notification log row (`GET /api/notification-logs`). Runs of the seed history send nothing.
   * Await {@link DBackupMock.flushWebhooks} to wait for deliveries in flight.
   */
  webhook?: DBackupMockWebhookOptions;
  /**
   * Network delay between the client sending a request and the server seeing it, in
   * milliseconds of the mock's clock: a number, or a function of the request and its index (0
   * for the first request the mock receives). DBackup's rate limiter counts a fixed window from
   * the first request *it* sees; with a varying delay (a TLS handshake per connection, a busy
   * network), requests a client releases exactly at its own window boundary can land in the
   * server's old window. Default `0`.
   */
  networkDelayMs?: number | ((request: Request, index: number) => number);
}

/** A running DBackup mock. */
export interface DBackupMock {
  /** The origin the handlers answer on (no trailing slash). */
  readonly baseUrl: string;
  /** MSW handlers; pass them to `setupServer(...mock.handlers)` or `server.use(...)`. */
  readonly handlers: HttpHandler[];
  /**
   * Seeded API keys (`dbackup_` + 60 hex): `full` has every permission, `historyOnly` only
   * `history:read`, `readOnly` every `*:read` permission plus `sources:view`, `disabled` and
   * `expired` are rejected.
   */
  readonly keys: Readonly<Record<DBackupMockKeyHandle, string>>;
  /**
   * Requests the mock received, oldest first, with the status it answered (0 for a network error).
   * Keeps the newest 10 000 entries.
   */
  readonly requests: ReadonlyArray<DBackupMockRequestLogEntry>;
  /** The in-memory store, brought up to the clock's current time on every read. Mutations take effect immediately. */
  readonly state: DBackupMockState;
  /**
   * Answers the next `times` (default 1) requests matching `match` with `response` instead of
   * the real route, or fails them at the network level with `'network-error'`. Faults are
   * consumed in the order they were added and are applied before rate limiting (they do not
   * count against it), as if a proxy in front of DBackup failed.
   */
  failNext(
    match: DBackupMockFaultMatch,
    response: DBackupMockFaultResponse | 'network-error',
    times?: number,
  ): void;
  /**
   * Replaces the permissions of a key, given by value, by handle (`'historyOnly'`) or by name
   * (`'sdk-full'`). An unknown `dbackup_…` value registers a new enabled key with these permissions.
   */
  setPermissions(key: string, permissions: string[]): void;
  /** Adds a finished (or any static) execution to the history; missing fields get realistic defaults. */
  addExecution(input?: DBackupMockExecutionInput): DBackupMockExecution;
  /** Restores the seed data (relative to the clock's now) and clears the request log, faults, limiter counters and download links. */
  reset(): void;
  /**
   * Resolves once every webhook delivery started so far has been answered and logged. Runs end
   * when the mock is next asked (a request, or reading `state`), so read `state` or make a request
   * first when the clock has moved past a run's end.
   */
  flushWebhooks(): Promise<void>;
}

const DEFAULT_BASE_URL = 'https://dbackup.mock.test';
/** The request log keeps this many newest entries, so a long-running standalone mock stays bounded. */
const MAX_LOGGED_REQUESTS = 10_000;
const TERMINAL = new Set(['Success', 'Partial', 'Failed', 'Cancelled']);
const ROUTES_3_2: RouteDefinition[] = [
  ...jobRoutes,
  ...executionRoutes,
  ...adapterRoutes,
  ...storageRoutes,
  ...vaultRoutes,
  ...settingsRoutes,
  ...healthRoutes,
  ...notificationLogRoutes,
];
const ROUTES_3_4: RouteDefinition[] = [...ROUTES_3_2, ...runRoutes];

function toIso(value: string | Date | number): string {
  if (typeof value === 'string') return value;
  return iso(typeof value === 'number' ? value : value.getTime());
}

/** Creates a DBackup mock server (3.2.0 by default, or 3.4): MSW handlers plus an inspectable store. */
export function createDBackupMock(options: DBackupMockOptions = {}): DBackupMock {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const limiter =
    options.rateLimit === false
      ? undefined
      : new FixedWindowRateLimiter({
          get: options.rateLimit?.get ?? 100,
          mutation: options.rateLimit?.mutation ?? 20,
          windowMs: options.rateLimit?.windowMs ?? 60_000,
        });
  const timings = {
    pendingMs: Math.max(0, options.timings?.pendingMs ?? 200),
    runningMs: Math.max(1, options.timings?.runningMs ?? 600),
  };
  const version = options.version ?? '3.2';
  if (version !== '3.2' && version !== '3.4') {
    throw new Error(`createDBackupMock: version must be '3.2' or '3.4' (got ${String(version)}).`);
  }
  const ROUTES = version === '3.4' ? ROUTES_3_4 : ROUTES_3_2;
  const retentionMs = version === '3.4' ? Math.max(0, options.logRetentionDays ?? 90) * 86_400_000 : null;
  const store = emptyState();
  let notifier: MockNotifier | undefined;
  const engine = new RunEngine(store, {
    keepFinalMetadata: options.keepFinalMetadata === true,
    onFinalize: (record, plan) => notifier?.onFinalize(record, plan.final.metadata),
  });
  notifier = options.webhook ? new MockNotifier(options.webhook, store, () => clock.now()) : undefined;
  const faults = new FaultQueue();
  const requests: DBackupMockRequestLogEntry[] = [];
  const downloadTokens = new Map<string, DownloadToken>();
  let bootedAt = clock.now();
  /** Seeds the store, then adds what the version and the webhook channel change. */
  const seed = () => {
    if (notifier) notifier.enabled = false;
    seedState(store, engine, bootedAt);
    if (version === '3.4') {
      for (const key of store.apiKeys) {
        // The full and read-only keys (every `*:read`) gain 3.3.1's `dashboard:read`.
        if (key.permissions.includes('settings:read')) key.permissions.push('dashboard:read');
      }
    }
    if (notifier) {
      notifier.install();
      notifier.enabled = true;
    }
  };
  seed();

  const runtime: MockRuntime = {
    store,
    engine,
    clock,
    baseUrl,
    timings,
    downloadTokens,
    bootedAt: () => bootedAt,
    version,
    retentionMs,
  };

  let received = 0;
  async function dispatch(
    request: Request,
    params: Record<string, string>,
    route: RouteDefinition | undefined,
  ) {
    const { networkDelayMs } = options;
    const delay =
      typeof networkDelayMs === 'function' ? networkDelayMs(request, received) : (networkDelayMs ?? 0);
    received += 1;
    if (delay > 0) await clock.sleep(delay);
    const now = clock.now();
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const auth = authenticate(request, store.apiKeys, now);
    const entry: DBackupMockRequestLogEntry = { method, path: url.pathname, search: url.search, status: 0 };
    if (auth.kind !== 'anonymous' && auth.kind !== 'invalid') entry.keyName = auth.key.name;
    requests.push(entry);
    if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);

    const fault = faults.take(method, url.pathname);
    if (fault) {
      entry.status = fault.type === 'error' ? 0 : fault.status;
      return fault;
    }
    if (limiter && !limiter.consume(method, clientKeyOf(request), now)) {
      entry.status = 429;
      return tooManyRequests();
    }
    engine.settle(now);

    let response: Response;
    if (route) {
      response = await route.handle({ request, url, params, now, auth }, runtime);
    } else {
      response = await unrouted(request, url, method, now, auth);
    }
    entry.status = response.status;
    return response;
  }

  /** Next.js behaviour for requests no route claimed: HEAD served by GET, 405 for a known path, else 404. */
  async function unrouted(
    request: Request,
    url: URL,
    method: string,
    now: number,
    auth: ReturnType<typeof authenticate>,
  ): Promise<Response> {
    const matches = ROUTES.flatMap((r) => {
      const params = matchPath(r.path, url.pathname);
      return params ? [{ route: r, params }] : [];
    });
    const get = matches.find((m) => m.route.method === 'GET');
    if (method === 'HEAD' && get) {
      const full = await get.route.handle({ request, url, params: get.params, now, auth }, runtime);
      return new HttpResponse(null, { status: full.status, headers: full.headers });
    }
    if (matches.length > 0) {
      const allow: string[] = [...new Set(matches.map((m) => m.route.method))];
      if (allow.includes('GET')) allow.push('HEAD');
      return empty(405, { allow: allow.join(', ') });
    }
    return notFoundPage();
  }

  const routeHandlers = ROUTES.map((route) => {
    const register = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete }[
      route.method satisfies RouteMethod
    ];
    return register(`${baseUrl}${route.path}`, ({ request, params }) => {
      const flat: Record<string, string> = {};
      for (const [name, value] of Object.entries(params)) {
        if (typeof value === 'string') flat[name] = value;
        else if (Array.isArray(value) && typeof value[0] === 'string') flat[name] = value[0];
      }
      return dispatch(request, flat, route);
    });
  });
  const handlers: HttpHandler[] = [
    ...routeHandlers,
    http.all(`${baseUrl}/api/*`, ({ request }) => dispatch(request, {}, undefined)),
  ];

  function findKey(key: string) {
    const handle = key as DBackupMockKeyHandle;
    const value = Object.hasOwn(DBACKUP_MOCK_KEYS, key) ? DBACKUP_MOCK_KEYS[handle] : key;
    return store.apiKeys.find((k) => k.key === value || k.name === key);
  }

  return {
    baseUrl,
    handlers,
    keys: DBACKUP_MOCK_KEYS,
    get requests() {
      return requests;
    },
    get state() {
      engine.settle(clock.now());
      return store;
    },
    failNext(match, response, times = 1) {
      faults.add(match, response, times);
    },
    setPermissions(key, permissions) {
      const existing = findKey(key);
      if (existing) {
        existing.permissions = [...permissions];
        return;
      }
      if (!key.startsWith('dbackup_')) {
        throw new Error(
          `setPermissions: unknown API key "${key}". Pass a key value, a handle such as 'full', or a key name.`,
        );
      }
      const custom = store.apiKeys.filter((k) => k.name.startsWith('custom-')).length + 1;
      store.apiKeys.push({
        name: `custom-${custom}`,
        key,
        permissions: [...permissions],
        enabled: true,
        expiresAt: null,
      });
    },
    addExecution(input = {}) {
      const now = clock.now();
      const status = input.status ?? 'Success';
      const terminal = TERMINAL.has(status);
      const startedAt = toIso(input.startedAt ?? now - 60_000);
      const endedAt =
        input.endedAt === undefined
          ? terminal
            ? iso(ms(startedAt, now) + 97)
            : null
          : input.endedAt === null
            ? null
            : toIso(input.endedAt);
      const jobId = input.jobId === undefined ? (store.jobs[0]?.id ?? null) : input.jobId;
      const finished = status === 'Success' || status === 'Partial';
      const stage = finished
        ? 'Completed'
        : status === 'Pending'
          ? 'Queued'
          : status === 'Cancelled'
            ? 'Cancelled'
            : 'Initializing';
      const record: DBackupMockExecution = {
        id: input.id ?? newId(),
        jobId,
        type: input.type ?? 'Backup',
        status,
        startedAt,
        endedAt,
        size: input.size === undefined ? (finished ? 343 : null) : input.size,
        path: input.path === undefined ? null : input.path,
        logs: input.logs ?? [
          { timestamp: startedAt, level: 'info', type: 'general', message: 'Job queued', stage: 'Queued' },
          ...(status === 'Failed'
            ? [
                {
                  timestamp: endedAt ?? startedAt,
                  level: 'error',
                  type: 'general',
                  message: 'Backup failed',
                  stage,
                },
              ]
            : []),
        ],
        metadata:
          input.metadata === undefined
            ? { progress: finished ? 100 : 0, stage, detail: '', heartbeat: endedAt ?? startedAt }
            : input.metadata,
        triggerType: input.triggerType === undefined ? 'Api' : input.triggerType,
        triggerLabel: input.triggerLabel === undefined ? 'sdk-full' : input.triggerLabel,
      };
      store.executions.push(record);
      return record;
    },
    reset() {
      bootedAt = clock.now();
      seed();
      faults.clear();
      limiter?.reset();
      requests.length = 0;
      received = 0;
      downloadTokens.clear();
    },
    async flushWebhooks() {
      await notifier?.flush();
    },
  };
}
