/**
 * Contract test: every 2xx JSON recording from a real DBackup 3.2.0 server parses with the
 * schema for its route, nothing the server sent is dropped or changed, and the key facts the
 * SDK relies on hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  dbackupAdapterListSchema,
  dbackupAdapterSchema,
  dbackupCancelExecutionResultSchema,
  dbackupExecutionResponseSchema,
  dbackupHealthSchema,
  dbackupHistoryResponseSchema,
  dbackupJobListSchema,
  dbackupJobSchema,
  dbackupRunJobResultSchema,
  dbackupStorageFileListSchema,
  dbackupStorageHistoryResponseSchema,
  dbackupSystemTaskListSchema,
  dbackupSystemTaskRunResultSchema,
  isDBackupTerminalStatus,
  isReadableLogEntry,
} from '../../src/dbackup/schemas';

interface Recording {
  file: string;
  request: { method: string; path: string; query?: Record<string, string> };
  response?: { status: number; bodyIsJson?: boolean; body?: unknown; rawBody?: string };
}

const FIXTURES = fileURLToPath(new URL('../fixtures/dbackup/', import.meta.url));

function loadRecordings(): Recording[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(FIXTURES + file, 'utf8')) as Omit<Recording, 'file'>),
    }));
}

function load(file: string): Recording {
  const found = recordings.find((r) => r.file === file);
  if (!found) throw new Error(`missing fixture ${file}`);
  return found;
}

const recordings = loadRecordings();

/** Route table: method + path pattern → response schema for 2xx bodies. */
const ROUTES: ReadonlyArray<{ method: string; path: RegExp; schema: z.ZodType }> = [
  { method: 'GET', path: /^\/api\/health$/, schema: dbackupHealthSchema },
  { method: 'GET', path: /^\/api\/history$/, schema: dbackupHistoryResponseSchema },
  { method: 'GET', path: /^\/api\/executions\/[^/]+$/, schema: dbackupExecutionResponseSchema },
  { method: 'POST', path: /^\/api\/executions\/[^/]+\/cancel$/, schema: dbackupCancelExecutionResultSchema },
  { method: 'GET', path: /^\/api\/jobs$/, schema: dbackupJobListSchema },
  { method: 'POST', path: /^\/api\/jobs$/, schema: dbackupJobSchema },
  { method: 'PUT', path: /^\/api\/jobs\/[^/]+$/, schema: dbackupJobSchema },
  { method: 'POST', path: /^\/api\/jobs\/[^/]+\/run$/, schema: dbackupRunJobResultSchema },
  { method: 'GET', path: /^\/api\/adapters$/, schema: dbackupAdapterListSchema },
  { method: 'POST', path: /^\/api\/adapters$/, schema: dbackupAdapterSchema },
  { method: 'PUT', path: /^\/api\/adapters\/[^/]+$/, schema: dbackupAdapterSchema },
  { method: 'GET', path: /^\/api\/storage\/[^/]+\/files$/, schema: dbackupStorageFileListSchema },
  { method: 'GET', path: /^\/api\/storage\/[^/]+\/history$/, schema: dbackupStorageHistoryResponseSchema },
  { method: 'GET', path: /^\/api\/settings\/system-tasks$/, schema: dbackupSystemTaskListSchema },
  { method: 'PUT', path: /^\/api\/settings\/system-tasks$/, schema: dbackupSystemTaskRunResultSchema },
];

function schemaFor(recording: Recording): z.ZodType | undefined {
  const { method, path } = recording.request;
  return ROUTES.find((r) => r.method === method && r.path.test(path))?.schema;
}

const successJson = recordings.filter(
  (r) => r.response && r.response.status >= 200 && r.response.status < 300 && r.response.bodyIsJson,
);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Lists every place where `out` lost or changed something `raw` had: a missing key, a shorter
 * array, or a different leaf value. A JSON string that the schema parsed is compared by its
 * parsed content.
 */
function lostOrChanged(raw: unknown, out: unknown, path = '$'): string[] {
  if (typeof raw === 'string' && typeof out !== 'string') {
    try {
      return lostOrChanged(JSON.parse(raw) as unknown, out, `${path}(json)`);
    } catch {
      return [`${path}: string became ${typeof out}`];
    }
  }
  if (Array.isArray(raw)) {
    if (!Array.isArray(out)) return [`${path}: array became ${typeof out}`];
    if (out.length !== raw.length) return [`${path}: ${raw.length} items became ${out.length}`];
    return raw.flatMap((item, i) => lostOrChanged(item, out[i], `${path}[${i}]`));
  }
  if (isObject(raw)) {
    if (!isObject(out)) return [`${path}: object became ${typeof out}`];
    return Object.keys(raw).flatMap((key) =>
      key in out ? lostOrChanged(raw[key], out[key], `${path}.${key}`) : [`${path}.${key}: dropped`],
    );
  }
  return Object.is(raw, out) ? [] : [`${path}: ${JSON.stringify(raw)} became ${JSON.stringify(out)}`];
}

function parsed<T>(schema: z.ZodType<T>, file: string): T {
  return schema.parse(load(file).response?.body);
}

describe('DBackup recordings contract', () => {
  it('copies every recording into the fixtures', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(100);
    expect(successJson.length).toBeGreaterThanOrEqual(40);
  });

  it('detects dropped keys and changed values', () => {
    expect(lostOrChanged({ a: 1, b: { c: 'x' }, d: [1, 2] }, { a: 1, b: {}, d: [1] })).toEqual([
      '$.b.c: dropped',
      '$.d: 2 items became 1',
    ]);
    expect(lostOrChanged({ s: 'Exploded', j: '{"k":1}' }, { s: 'unknown', j: { k: 2 } })).toEqual([
      '$.s: "Exploded" became "unknown"',
      '$.j(json).k: 1 became 2',
    ]);
  });

  it('maps every 2xx JSON recording to a schema', () => {
    const unmapped = successJson
      .filter((r) => !schemaFor(r))
      .map((r) => `${r.file}: ${r.request.method} ${r.request.path}`);
    expect(unmapped).toEqual([]);
  });

  describe.each(successJson.map((r) => [r.file, r] as const))('%s', (_file, recording) => {
    const schema = schemaFor(recording);

    it('parses and keeps every key and value', () => {
      expect(schema).toBeDefined();
      if (!schema) return;
      const body = recording.response?.body;
      const result = schema.safeParse(body);
      expect(result.error?.issues ?? []).toEqual([]);
      expect(lostOrChanged(body, result.data)).toEqual([]);
    });
  });
});

describe('DBackup recordings: key facts', () => {
  it('reads duration as milliseconds and keeps the raw status', () => {
    const { data } = parsed(dbackupExecutionResponseSchema, 'executions-get-success.json');
    expect(data.status).toBe('Success');
    expect(data.statusText).toBe('Success');
    expect(data.duration).toBe(97); // 97 ms: startedAt 22:41:34.920 → endedAt 22:41:35.017
    expect(Date.parse(data.endedAt ?? '') - Date.parse(data.startedAt)).toBe(data.duration);
    expect(data.size).toBe(343);
    expect(data.logs).toBeUndefined();
    expect(isDBackupTerminalStatus(data.status)).toBe(true);
  });

  it('reads a running execution with a growing duration and no end', () => {
    const { data } = parsed(dbackupExecutionResponseSchema, 'executions-get-running.json');
    expect(data.status).toBe('Running');
    expect(data.endedAt).toBeNull();
    expect(typeof data.duration).toBe('number');
    expect(isDBackupTerminalStatus(data.status)).toBe(false);
  });

  it('reads Partial and Cancelled statuses by name', () => {
    expect(parsed(dbackupExecutionResponseSchema, 'executions-get-partial.json').data.status).toBe('Partial');
    const cancelled = parsed(dbackupExecutionResponseSchema, 'executions-get-cancelled-running.json').data;
    expect(cancelled.status).toBe('Cancelled');
    expect(cancelled.error).toBeNull();
    expect(cancelled.stage).toBe('Uploading');
    expect(parsed(dbackupExecutionResponseSchema, 'executions-get-cancelled-pending.json').data.status).toBe(
      'Cancelled',
    );
  });

  it('reads a Failed execution error', () => {
    const { data } = parsed(dbackupExecutionResponseSchema, 'executions-get-failed-logs.json');
    expect(data.status).toBe('Failed');
    expect(data.error).toMatch(/^Dump failed:/);
    expect(data.logs?.every(isReadableLogEntry)).toBe(true);
  });

  it('reads a system task execution: jobId null, type IntegrityCheck', () => {
    const { data } = parsed(dbackupExecutionResponseSchema, 'executions-get-system-task-logs.json');
    expect(data.jobId).toBeNull();
    expect(data.jobName).toBeNull();
    expect(data.type).toBe('IntegrityCheck');
    expect(data.typeText).toBe('IntegrityCheck');
    expect(data.status).toBe('Partial');
  });

  it("accepts the 'warn' log level written by the cancel route", () => {
    const { data } = parsed(dbackupExecutionResponseSchema, 'executions-get-cancelled-pending-logs.json');
    const entry = data.logs?.[0];
    expect(entry && isReadableLogEntry(entry)).toBe(true);
    if (!entry || !isReadableLogEntry(entry)) return;
    expect(entry.level).toBe('warn');
    expect(entry.levelText).toBe('warn');
    expect(entry.stage).toBe('Cancelled');
  });

  it('parses history metadata strings into objects', () => {
    const { executions, systemTimezone } = parsed(dbackupHistoryResponseSchema, 'history-200-final.json');
    expect(systemTimezone).toBe('UTC');
    const [system, latest] = executions;
    expect(system?.jobId).toBeNull();
    expect(system?.job).toBeNull();
    expect(system?.type).toBe('IntegrityCheck');
    expect(system?.triggerType).toBe('Manual');
    expect(system?.metadata).toEqual({
      progress: 100,
      stage: 'Completed',
      detail: '',
      heartbeat: '2026-11-22T22:45:38.123Z',
    });
    expect(latest?.triggerType).toBe('Api');
    expect(latest?.triggerLabel).toBe('sdk-full');
    expect(latest?.job?.name).toBe('SQLite to Local');
    expect(executions.map((e) => e.status)).toContain('Cancelled');
  });

  it('parses adapter config and metadata strings', () => {
    const [adapter] = parsed(dbackupAdapterListSchema, 'adapters-list-database.json');
    expect(adapter?.config).toEqual({ mode: 'local', path: '/data/no-such-dir/missing.db' });
    expect(adapter?.metadata?.status).toBe('Unreachable');
    expect(adapter?.lastStatus).toBe('DEGRADED');
    const storage = parsed(dbackupAdapterSchema, 'adapters-create-storage-local.json');
    expect(storage.config).toEqual({ basePath: '/data/backups/primary' });
    expect(storage.metadata).toBeNull();
  });

  it('parses job databases and nested config strings', () => {
    const [job] = parsed(dbackupJobListSchema, 'jobs-list-200.json');
    expect(job?.databases).toEqual([]);
    expect(job?.source?.config).toEqual({ mode: 'local', path: '/data/sources/big.db' });
    expect(job?.destinations?.[0]?.config?.config).toEqual({ basePath: '/data/backups/primary' });
    expect(job?.destinations?.[0]?.retention).toEqual({});
    expect(job?.nextRunAt).toBe('2026-11-23T06:00:00.000Z');
  });

  it('reads run, cancel and system-task run results', () => {
    expect(parsed(dbackupRunJobResultSchema, 'jobs-run-success-200.json').executionId).toBe(
      'aa00aa7c-67ed-423b-9ad2-5259a07ef3e5',
    );
    expect(parsed(dbackupCancelExecutionResultSchema, 'executions-cancel-running.json').message).toBe(
      'Cancellation signal sent',
    );
    expect(
      parsed(dbackupSystemTaskRunResultSchema, 'settings-system-tasks-run-integrity-check.json'),
    ).toEqual({
      success: true,
      executionId: '115004e8-af84-48d8-b4f5-e4017906e716',
    });
    const tasks = parsed(dbackupSystemTaskListSchema, 'settings-system-tasks-200.json');
    expect(tasks.find((t) => t.id === 'system.integrity_check')?.nextRunAt).toBeNull();
  });

  it('reads storage files and usage history', () => {
    const files = parsed(dbackupStorageFileListSchema, 'storage-files-200-final.json');
    expect(files.every((f) => typeof f.size === 'number')).toBe(true);
    expect(files[0]?.verification?.passed).toBe(true);
    const history = parsed(dbackupStorageHistoryResponseSchema, 'storage-history-days-1.json');
    expect(history.data.at(-1)).toEqual({ date: '2026-11-22T22:44:22.282Z', size: 17070, count: 4 });
  });

  it('reads health', () => {
    const health = parsed(dbackupHealthSchema, 'health-200.json');
    expect(health.status).toBe('healthy');
    expect(health.statusText).toBe('healthy');
    expect(health.memory?.rss).toBe(580);
  });
});
