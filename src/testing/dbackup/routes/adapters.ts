/**
 * `/api/adapters` routes: list by type, create, update, delete, test-connection, access-check,
 * database-stats and health-history.
 *
 * @internal
 * @module
 */
import type { AuthResult } from '../auth';
import { authFailure, authStyles, requireKey } from '../auth';
import { fakeInt, iso, newId } from '../fake';
import { adapterDto } from '../render';
import { isRecord, json, readJson } from '../responses';
import type { RouteDefinition } from '../router';
import type { DBackupMockAdapter, DBackupMockAdapterType, DBackupMockState } from '../types';

const ADAPTER_TYPES: Record<string, DBackupMockAdapterType> = {};
for (const id of [
  'mysql',
  'mariadb',
  'postgres',
  'mongodb',
  'sqlite',
  'mssql',
  'redis',
  'valkey',
  'firebird',
]) {
  ADAPTER_TYPES[id] = 'database';
}
for (const id of [
  'local-filesystem',
  'local-fs',
  's3',
  's3-generic',
  's3-aws',
  's3-r2',
  's3-hetzner',
  'sftp',
  'rsync',
  'smb',
  'webdav',
  'ftp',
  'google-drive',
  'dropbox',
  'onedrive',
  'docker-volume',
]) {
  ADAPTER_TYPES[id] = 'storage';
}
for (const id of [
  'discord',
  'slack',
  'teams',
  'generic-webhook',
  'gotify',
  'ntfy',
  'telegram',
  'twilio-sms',
  'email',
]) {
  ADAPTER_TYPES[id] = 'notification';
}

const ENGINE_VERSIONS: Record<string, string> = {
  sqlite: '3.40.1',
  mysql: '8.0.35',
  mariadb: '11.4.2',
  postgres: '16.4',
  mongodb: '7.0.12',
  mssql: '16.0.4135.4',
  redis: '7.2.5',
  valkey: '8.0.1',
  firebird: '5.0.1',
};

const READ_PERMISSION: Record<DBackupMockAdapterType, string> = {
  database: 'sources:view',
  storage: 'destinations:read',
  notification: 'notifications:read',
};
const CHECK_PERMISSION: Record<DBackupMockAdapterType, string> = {
  database: 'sources:read',
  storage: 'destinations:read',
  notification: 'notifications:read',
};
const WRITE_PERMISSION: Record<DBackupMockAdapterType, string> = {
  database: 'sources:write',
  storage: 'destinations:write',
  notification: 'notifications:write',
};

function isAdapterType(value: unknown): value is DBackupMockAdapterType {
  return value === 'database' || value === 'storage' || value === 'notification';
}

function guard(auth: AuthResult, permission: string) {
  return requireKey(auth, permission, authStyles.caughtMessage);
}

/** An existing adapter whose config equals `config` (how a raw config inherits a simulated failure). */
function sameConfig(store: DBackupMockState, adapterId: string, config: Record<string, unknown>) {
  const wanted = JSON.stringify(config);
  return store.adapters.find((a) => a.adapterId === adapterId && JSON.stringify(a.config) === wanted);
}

function databaseName(adapter: Pick<DBackupMockAdapter, 'adapterId' | 'config'>): string[] {
  if (adapter.adapterId === 'sqlite' && typeof adapter.config.path === 'string') {
    const file = adapter.config.path.split('/').at(-1) ?? 'main';
    return [file.replace(/\.[^.]+$/, '')];
  }
  const db = adapter.config.database;
  if (Array.isArray(db)) return db.map(String);
  if (typeof db === 'string' && db !== '') return db.split(',').map((s) => s.trim());
  return ['mydb', 'app_production', 'analytics'];
}

/** Resolves `{adapterId, config, configId?}` (or `{sourceId}`) bodies of the connection-check routes. */
function resolveCheckBody(value: unknown, store: DBackupMockState) {
  if (!isRecord(value)) return undefined;
  const stored =
    typeof value.configId === 'string'
      ? store.adapters.find((a) => a.id === value.configId)
      : typeof value.sourceId === 'string'
        ? store.adapters.find((a) => a.id === value.sourceId)
        : undefined;
  const adapterId = typeof value.adapterId === 'string' ? value.adapterId : stored?.adapterId;
  const config = isRecord(value.config) ? value.config : stored?.config;
  if (adapterId === undefined || config === undefined) return undefined;
  const match = stored ?? sameConfig(store, adapterId, config);
  return { adapterId, config, stored, failure: match?.simulation?.failure, sim: match?.simulation };
}

/** Adapter routes. */
export const adapterRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/adapters',
    handle({ auth, url }, { store }) {
      const type = url.searchParams.get('type');
      const failure = authFailure(auth, authStyles.caughtMessage);
      if (failure) return failure;
      if (!isAdapterType(type)) {
        return json({ error: 'Type parameter is required (database, storage, or notification)' }, 400);
      }
      const key = guard(auth, READ_PERMISSION[type]);
      if (key instanceof Response) return key;
      const role = url.searchParams.get('role');
      const list = store.adapters
        .filter((a) => a.type === type && (role === null || a.storageRole === role))
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      return json(list.map(adapterDto));
    },
  },
  {
    method: 'POST',
    path: '/api/adapters',
    async handle({ auth, request, now }, { store }) {
      const failure = authFailure(auth, authStyles.caughtMessage);
      if (failure) return failure;
      const { value, error } = await readJson(request);
      if (!isRecord(value)) return json({ error: error ?? 'Invalid request body' }, 500);
      const { name, type, adapterId, config } = value;
      if (
        typeof name !== 'string' ||
        !name ||
        !isAdapterType(type) ||
        typeof adapterId !== 'string' ||
        !isRecord(config)
      ) {
        return json({ error: 'Missing required fields' }, 400);
      }
      const key = guard(auth, WRITE_PERMISSION[type]);
      if (key instanceof Response) return key;
      const at = iso(now);
      const adapter: DBackupMockAdapter = {
        id: newId(),
        name,
        type,
        adapterId,
        config: { ...config },
        metadata: null,
        createdAt: at,
        updatedAt: at,
        storageRole: value.storageRole === 'SOURCE' ? 'SOURCE' : 'DESTINATION',
        primaryCredentialId: null,
        sshCredentialId: null,
        defaultRetentionPolicyId: null,
        lastHealthCheck: null,
        lastStatus: 'ONLINE',
        lastError: null,
        consecutiveFailures: 0,
      };
      if (type === 'database') adapter.simulation = { engineVersion: ENGINE_VERSIONS[adapterId] };
      store.adapters.push(adapter);
      return json(adapterDto(adapter), 201);
    },
  },
  {
    method: 'PUT',
    path: '/api/adapters/:id',
    async handle({ auth, request, params, now }, { store }) {
      const failure = authFailure(auth, authStyles.caughtMessage);
      if (failure) return failure;
      const adapter = store.adapters.find((a) => a.id === params.id);
      if (!adapter) return json({ error: 'Adapter not found' }, 404);
      const key = guard(auth, WRITE_PERMISSION[adapter.type]);
      if (key instanceof Response) return key;
      const { value, error } = await readJson(request);
      if (!isRecord(value)) return json({ error: error ?? 'Invalid request body' }, 500);
      if (typeof value.name === 'string' && value.name) adapter.name = value.name;
      if (isRecord(value.config)) adapter.config = { ...adapter.config, ...value.config };
      adapter.updatedAt = iso(now);
      return json(adapterDto(adapter));
    },
  },
  {
    method: 'DELETE',
    path: '/api/adapters/:id',
    handle({ auth, params }, { store }) {
      const failure = authFailure(auth, authStyles.caughtMessage);
      if (failure) return failure;
      const index = store.adapters.findIndex((a) => a.id === params.id);
      const adapter = store.adapters[index];
      if (!adapter) return json({ error: 'Adapter not found' }, 404);
      const key = guard(auth, WRITE_PERMISSION[adapter.type]);
      if (key instanceof Response) return key;
      const users = store.jobs.filter(
        (j) =>
          j.sourceId === adapter.id ||
          j.destinations.some((d) => d.configId === adapter.id) ||
          j.notificationIds.includes(adapter.id),
      );
      if (users.length > 0) {
        return json(
          {
            error: `Cannot delete adapter: it is used by ${users.length} job(s): ${users.map((j) => j.name).join(', ')}`,
          },
          400,
        );
      }
      store.adapters.splice(index, 1);
      return json({ success: true });
    },
  },
  {
    method: 'POST',
    path: '/api/adapters/test-connection',
    async handle({ auth, request, now }, { store }) {
      const failure = authFailure(auth, authStyles.caughtMessage);
      if (failure) return failure;
      const body = resolveCheckBody((await readJson(request)).value, store);
      if (!body) return json({ success: false, message: 'Missing adapterId or config' }, 400);
      const type = ADAPTER_TYPES[body.adapterId];
      if (!type) return json({ success: false, message: `Adapter ${body.adapterId} not found` }, 400);
      const key = guard(auth, CHECK_PERMISSION[type]);
      if (key instanceof Response) return key;
      if (body.failure !== undefined) return json({ success: false, message: body.failure });
      const version =
        type === 'database' ? (body.sim?.engineVersion ?? ENGINE_VERSIONS[body.adapterId]) : undefined;
      if (body.stored && type === 'database') {
        body.stored.metadata = { engineVersion: version, lastCheck: iso(now), status: 'Online' };
      }
      return json({ success: true, message: 'Connection successful', ...(version ? { version } : {}) });
    },
  },
  {
    method: 'POST',
    path: '/api/adapters/access-check',
    async handle({ auth, request }, { store }) {
      const failure = authFailure(auth, authStyles.caughtMessage);
      if (failure) return failure;
      const body = resolveCheckBody((await readJson(request)).value, store);
      if (!body) return json({ success: false, message: 'Missing adapterId or config' }, 400);
      const type = ADAPTER_TYPES[body.adapterId];
      if (type !== 'database')
        return json({ success: false, message: `Adapter ${body.adapterId} is not a database adapter` }, 400);
      const key = guard(auth, CHECK_PERMISSION[type]);
      if (key instanceof Response) return key;
      if (body.failure !== undefined) return json({ success: false, message: body.failure });
      return json({
        success: true,
        databases: databaseName({ adapterId: body.adapterId, config: body.config }),
      });
    },
  },
  {
    method: 'POST',
    path: '/api/adapters/database-stats',
    async handle({ auth, request }, { store }) {
      const key = guard(auth, 'sources:read');
      if (key instanceof Response) return key;
      const { value } = await readJson(request);
      if (
        isRecord(value) &&
        typeof value.sourceId === 'string' &&
        !store.adapters.some((a) => a.id === value.sourceId)
      ) {
        return json({ success: false, message: 'Source not found' }, 404);
      }
      const body = resolveCheckBody(value, store);
      if (!body) return json({ success: false, message: 'Missing adapterId/config or sourceId' }, 400);
      if (body.failure !== undefined) return json({ success: false, message: body.failure }, 500);
      const bytes = body.sim?.dumpBytes ?? 1_073_741_824;
      const names = databaseName({ adapterId: body.adapterId, config: body.config });
      // DBackup's `DatabaseInfo` names the size `sizeInBytes`; the version comes from the
      // adapter's connection test (`serverEdition` only for engines that report one, e.g. MSSQL).
      return json({
        success: true,
        databases: names.map((name, i) => ({
          name,
          sizeInBytes: i === 0 ? bytes : fakeInt(`size:${name}`, 1, 4096) * 1_048_576,
          tableCount: fakeInt(`tables:${name}`, 3, 60),
        })),
        serverVersion: body.sim?.engineVersion ?? ENGINE_VERSIONS[body.adapterId],
        ...(body.adapterId === 'mssql' ? { serverEdition: 'Developer Edition' } : {}),
      });
    },
  },
  {
    method: 'GET',
    path: '/api/adapters/:id/health-history',
    handle({ auth, params, url, now }, { store }) {
      const failure = authFailure(auth, authStyles.caughtMessage);
      if (failure) return failure;
      const adapter = store.adapters.find((a) => a.id === params.id);
      if (!adapter) return json({ error: 'Adapter not found' }, 404);
      const key = guard(auth, CHECK_PERMISSION[adapter.type]);
      if (key instanceof Response) return key;
      const limit = Math.min(
        Math.max(Number.parseInt(url.searchParams.get('limit') ?? '100', 10) || 100, 1),
        1000,
      );
      const fromParam = url.searchParams.get('from');
      const from = fromParam === null ? Number.NEGATIVE_INFINITY : Date.parse(fromParam);
      const since = Date.parse(adapter.createdAt);
      const healthy = adapter.lastStatus === 'ONLINE';
      const history: {
        id: string;
        status: string;
        latencyMs: number;
        createdAt: string;
        error: string | null;
      }[] = [];
      // The health-check task runs every minute.
      for (
        let t = Math.floor(now / 60_000) * 60_000;
        history.length < limit && t >= since && t >= from;
        t -= 60_000
      ) {
        history.push({
          id: `${adapter.id.slice(0, 8)}-${t.toString(36)}`,
          status: adapter.lastStatus,
          latencyMs: fakeInt(`${adapter.id}:${t}`, 1, healthy ? 12 : 40),
          createdAt: iso(t),
          error: healthy ? null : (adapter.lastError ?? adapter.simulation?.failure ?? 'Connection failed'),
        });
      }
      const online = history.filter((h) => h.status === 'ONLINE').length;
      return json({
        history,
        stats: {
          uptime: history.length === 0 ? 100 : Math.round((online / history.length) * 1000) / 10,
          avgLatency:
            history.length === 0
              ? 0
              : Math.round(history.reduce((s, h) => s + h.latencyMs, 0) / history.length),
          totalChecks: history.length,
        },
      });
    },
  },
];
