/**
 * Storage explorer routes: list/delete files, download, single-use download links, public
 * download, restore, analyze, and storage usage history.
 *
 * @internal
 * @module
 */
import { authStyles, requireKey } from '../auth';
import { fakeHex, newId, syntheticBytes } from '../fake';
import { planRestore, recordStorageSnapshot } from '../plans';
import { fileInfo } from '../render';
import { binary, isRecord, json, readJson } from '../responses';
import type { MockRuntime, RouteDefinition } from '../router';
import type { DBackupMockFile } from '../types';

/** Download bodies are synthetic bytes, capped so a 1.5 GiB seeded file does not allocate 1.5 GiB. */
const MAX_DOWNLOAD_BYTES = 1_048_576;
const LINK_LIFETIME_MS = 5 * 60_000;

function storageOf(runtime: MockRuntime, id: string | undefined) {
  return runtime.store.adapters.find((a) => a.id === id && a.type === 'storage');
}

function fileOf(runtime: MockRuntime, storageId: string, path: string): DBackupMockFile | undefined {
  return runtime.store.files.find((f) => f.storageId === storageId && f.path === path);
}

function downloadResponse(file: DBackupMockFile, decrypt: boolean): Response {
  const name = decrypt && file.name.endsWith('.enc') ? file.name.slice(0, -4) : file.name;
  return binary(syntheticBytes(`${file.storageId}:${file.path}`, Math.min(file.size, MAX_DOWNLOAD_BYTES)), {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${name}"`,
  });
}

/** Storage routes. */
export const storageRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/storage/:id/files',
    handle({ auth, params, url }, runtime) {
      const key = requireKey(auth, 'storage:read', authStyles.caughtMessage);
      if (key instanceof Response) return key;
      const storage = storageOf(runtime, params.id);
      if (!storage) return json({ error: `Storage configuration with ID ${params.id} not found.` }, 404);
      const failure = storage.simulation?.failure;
      if (failure !== undefined) return json({ error: failure }, 500);
      const typeFilter = url.searchParams.get('typeFilter');
      const files = runtime.store.files.filter(
        (f) => f.storageId === storage.id && (!typeFilter || f.sourceType === typeFilter),
      );
      return json(files.map(fileInfo));
    },
  },
  {
    method: 'DELETE',
    path: '/api/storage/:id/files',
    async handle({ auth, request, params, now }, runtime) {
      const key = requireKey(auth, 'storage:delete', authStyles.caughtMessage);
      if (key instanceof Response) return key;
      const { value } = await readJson(request);
      const path = isRecord(value) ? value.path : undefined;
      if (typeof path !== 'string' || path === '') return json({ error: 'Path is required' }, 400);
      const storage = storageOf(runtime, params.id);
      if (!storage) return json({ error: `Storage configuration with ID ${params.id} not found.` }, 404);
      const file = fileOf(runtime, storage.id, path);
      if (!file || storage.simulation?.failure !== undefined)
        return json({ error: 'Failed to delete file' }, 500);
      runtime.store.files.splice(runtime.store.files.indexOf(file), 1);
      recordStorageSnapshot(runtime.store, storage.id, now);
      return json({ success: true });
    },
  },
  {
    method: 'GET',
    path: '/api/storage/:id/download',
    handle({ auth, params, url }, runtime) {
      const key = requireKey(auth, 'storage:download', authStyles.caughtMessage);
      if (key instanceof Response) return key;
      const path = url.searchParams.get('file');
      if (!path) return json({ error: 'Missing file param' }, 400);
      const storage = storageOf(runtime, params.id);
      if (!storage) return json({ error: 'not found' }, 404);
      const file = fileOf(runtime, storage.id, path);
      if (!file) return json({ error: 'Download failed' }, 500);
      return downloadResponse(file, url.searchParams.get('decrypt') !== 'false');
    },
  },
  {
    method: 'POST',
    path: '/api/storage/:id/download-url',
    async handle({ auth, request, params, now }, runtime) {
      const key = requireKey(auth, 'storage:download', authStyles.successFalse403);
      if (key instanceof Response) return key;
      const { value } = await readJson(request);
      const file = isRecord(value) ? value.file : undefined;
      if (typeof file !== 'string' || file === '') {
        return json({ success: false, error: 'Invalid input: expected string, received undefined' }, 400);
      }
      if (file.includes('..') || file.startsWith('/'))
        return json({ success: false, error: 'Invalid file path' }, 400);
      const token = fakeHex(`${newId()}:${now}`, 64);
      const expiresAt = now + LINK_LIFETIME_MS;
      runtime.downloadTokens.set(token, { storageId: params.id ?? '', file, expiresAt });
      // DBackup builds the link from the request's `Origin` header, which browsers send and
      // server-side clients (Node's fetch, curl) do not: then the link is relative.
      const url = `${request.headers.get('origin') ?? ''}/api/storage/public-download?token=${token}`;
      return json({ success: true, url, expiresIn: '5 minutes', singleUse: true });
    },
  },
  {
    method: 'GET',
    path: '/api/storage/public-download',
    handle({ url, now }, runtime) {
      const token = url.searchParams.get('token');
      if (!token) return json({ error: 'Missing token' }, 400);
      const link = runtime.downloadTokens.get(token);
      if (!link || link.expiresAt < now) {
        runtime.downloadTokens.delete(token);
        return json({ error: 'Invalid or expired token. Please generate a new download link.' }, 401);
      }
      const file = fileOf(runtime, link.storageId, link.file);
      // A failed transfer hands the link back, so the same command can be retried.
      if (!file) return json({ error: 'Download failed' }, 500);
      runtime.downloadTokens.delete(token);
      return downloadResponse(file, true);
    },
  },
  {
    method: 'POST',
    path: '/api/storage/:id/restore',
    async handle({ auth, request, params, now }, runtime) {
      const key = requireKey(auth, 'storage:restore', authStyles.caughtMessage);
      if (key instanceof Response) return key;
      const { value } = await readJson(request);
      const body = isRecord(value) ? value : {};
      const { file, targetSourceId, targetDatabaseName } = body;
      if (typeof file !== 'string' || !file || typeof targetSourceId !== 'string' || !targetSourceId) {
        return json({ error: 'Missing file or targetSourceId' }, 400);
      }
      const storage = storageOf(runtime, params.id);
      if (!storage) return json({ error: 'Storage adapter not found' }, 404);
      const target = runtime.store.adapters.find((a) => a.id === targetSourceId && a.type === 'database');
      if (!target) return json({ error: 'Source adapter not found' }, 404);
      const id = newId();
      runtime.engine.start(
        { id, jobId: null, type: 'Restore', triggerType: 'Api', triggerLabel: key.name },
        planRestore({
          filePath: file,
          file: fileOf(runtime, storage.id, file),
          storage,
          target,
          targetDatabaseName: typeof targetDatabaseName === 'string' ? targetDatabaseName : undefined,
          startedAt: now,
          runningMs: runtime.timings.runningMs,
        }),
        now,
      );
      return json({ success: true, executionId: id, message: 'Restore started' }, 202);
    },
  },
  {
    method: 'POST',
    path: '/api/storage/:id/analyze',
    async handle({ auth, request, params }, runtime) {
      const key = requireKey(auth, 'storage:restore', authStyles.caughtMessage);
      if (key instanceof Response) return key;
      const { value } = await readJson(request);
      const path = isRecord(value) ? value.file : undefined;
      if (typeof path !== 'string' || path === '') return json({ error: 'Missing file' }, 400);
      const storage = storageOf(runtime, params.id);
      if (!storage) return json({ error: `Storage configuration with ID ${params.id} not found.` }, 404);
      const file = fileOf(runtime, storage.id, path);
      if (!file) return json({ error: 'File not found' }, 404);
      const job = runtime.store.jobs.find((j) => j.name === file.jobName);
      const source = runtime.store.adapters.find((a) => a.id === job?.sourceId);
      if (job && job.databases.length > 0) return json({ databases: job.databases });
      const sourcePath = source?.config.path;
      const fromPath =
        typeof sourcePath === 'string'
          ? sourcePath
              .split('/')
              .at(-1)
              ?.replace(/\.[^.]+$/, '')
          : undefined;
      return json({ databases: [fromPath ?? 'main'] });
    },
  },
  {
    method: 'GET',
    path: '/api/storage/:id/history',
    handle({ auth, params, url, now }, { store }) {
      const key = requireKey(auth, 'storage:read', authStyles.successFalse500);
      if (key instanceof Response) return key;
      const days = Math.min(
        Math.max(Number.parseInt(url.searchParams.get('days') ?? '30', 10) || 30, 1),
        365,
      );
      const since = now - days * 86_400_000;
      const data = store.storageHistory
        .filter((s) => s.storageId === params.id && Date.parse(s.date) >= since)
        .sort((a, b) => Date.parse(a.date) - Date.parse(b.date))
        .map(({ date, size, count }) => ({ date, size, count }));
      return json({ success: true, data });
    },
  },
];
