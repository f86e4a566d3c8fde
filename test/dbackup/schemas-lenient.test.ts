/** Unit tests for the lenient reading rules of the DBackup schemas. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ResponseValidationError } from '../../src/core/errors';
import { parseResponse } from '../../src/core/validate';
import {
  DBACKUP_TERMINAL_STATUSES,
  type DBackupExecution,
  type DBackupExecutionStatus,
  type DBackupLogs,
  dbackupAdapterSchema,
  dbackupExecutionResponseSchema,
  dbackupExecutionSchema,
  dbackupHealthCheckSchema,
  dbackupHealthSchema,
  dbackupHistoryEntrySchema,
  dbackupHistoryResponseSchema,
  dbackupJobSchema,
  dbackupLogsSchema,
  dbackupStorageHistoryPointSchema,
  isDBackupTerminalStatus,
  isReadableLogEntry,
} from '../../src/dbackup/schemas';

const BASE = {
  id: 'aa00aa7c-67ed-423b-9ad2-5259a07ef3e5',
  status: 'Success',
  startedAt: '2026-11-22T22:41:34.920Z',
};

describe('execution status and type', () => {
  it("maps an unknown status to 'unknown' and keeps the raw text", () => {
    const out = dbackupExecutionSchema.parse({ ...BASE, status: 'Exploded' });
    expect(out.status).toBe('unknown');
    expect(out.statusText).toBe('Exploded');
    expect(isDBackupTerminalStatus(out.status)).toBe(false);
  });

  it("maps an unknown type to 'unknown' and keeps the raw text", () => {
    const out = dbackupExecutionSchema.parse({ ...BASE, type: 'Snapshot' });
    expect(out.type).toBe('unknown');
    expect(out.typeText).toBe('Snapshot');
    expect(dbackupExecutionSchema.parse({ ...BASE, type: 'System Restore' }).type).toBe('System Restore');
  });

  it('keeps the raw text on history entries and health too', () => {
    const entry = dbackupHistoryEntrySchema.parse({ ...BASE, status: 'Queued', type: 'Verification' });
    expect([entry.status, entry.statusText, entry.type]).toEqual(['unknown', 'Queued', 'Verification']);
    const health = dbackupHealthSchema.parse({ status: 'degraded' });
    expect([health.status, health.statusText]).toEqual(['unknown', 'degraded']);
    const check = dbackupHealthCheckSchema.parse({ status: 'healthy', latencyMs: '45' });
    expect([check.status, check.statusText, check.latencyMs]).toEqual(['unknown', 'healthy', 45]);
  });

  it('knows the terminal statuses', () => {
    expect(DBACKUP_TERMINAL_STATUSES).toEqual(['Success', 'Partial', 'Failed', 'Cancelled']);
    for (const s of ['Success', 'Partial', 'Failed', 'Cancelled'])
      expect(isDBackupTerminalStatus(s)).toBe(true);
    for (const s of ['Pending', 'Running', 'unknown', '', null, undefined])
      expect(isDBackupTerminalStatus(s)).toBe(false);
  });
});

describe('numbers and optional fields', () => {
  it('accepts numeric strings', () => {
    const out = dbackupExecutionSchema.parse({ ...BASE, duration: '97', size: ' 343 ', progress: '100' });
    expect(out.duration).toBe(97);
    expect(out.size).toBe(343);
    expect(out.progress).toBe(100);
  });

  it('accepts a minimal execution with every optional field missing', () => {
    const out = dbackupExecutionSchema.parse(BASE);
    expect(out).toMatchObject({
      jobId: null,
      jobName: null,
      type: 'unknown',
      typeText: null,
      progress: null,
      stage: null,
      endedAt: null,
      duration: null,
      size: null,
      path: null,
      error: null,
    });
    expect(out.logs).toBeUndefined();
  });

  it('keeps unknown keys', () => {
    const out = dbackupExecutionSchema.parse({ ...BASE, chainId: 'c1', nested: { a: 1 } });
    expect(out.chainId).toBe('c1');
    expect(out.nested).toEqual({ a: 1 });
  });
});

describe('logs', () => {
  it('parses logs sent as a JSON string', () => {
    const logs = JSON.stringify([
      { timestamp: BASE.startedAt, level: 'info', message: 'Job queued', stage: 'Queued' },
    ]);
    const out = dbackupExecutionSchema.parse({ ...BASE, logs });
    expect(out.logs).toHaveLength(1);
    const [entry] = out.logs ?? [];
    expect(entry && isReadableLogEntry(entry) && entry.message).toBe('Job queued');
  });

  it('keeps odd entries instead of throwing or dropping them', () => {
    const logs: DBackupLogs = dbackupLogsSchema.parse([
      'garbage',
      42,
      null,
      { message: 5 },
      { level: 'debug', message: 'new level' },
      { message: 'no level, no timestamp' },
    ]);
    expect(logs).toHaveLength(6);
    expect(logs.slice(0, 4)).toEqual([
      { unreadable: true, raw: 'garbage' },
      { unreadable: true, raw: 42 },
      { unreadable: true, raw: null },
      { unreadable: true, raw: { message: 5 } },
    ]);
    expect(logs.map(isReadableLogEntry)).toEqual([false, false, false, false, true, true]);
    expect(logs[4]).toMatchObject({ level: 'unknown', levelText: 'debug', message: 'new level' });
    expect(logs[5]).toMatchObject({ level: 'unknown', levelText: null });
  });

  it('never throws on logs that are not an array', () => {
    expect(dbackupLogsSchema.parse('not json')).toEqual([{ unreadable: true, raw: 'not json' }]);
    expect(dbackupLogsSchema.parse(null)).toEqual([]);
    expect(dbackupLogsSchema.parse('{"message":"single"}')).toMatchObject([{ message: 'single' }]);
  });
});

describe('embedded JSON', () => {
  it('accepts history metadata as an object, a string or null', () => {
    const meta = { progress: 65, stage: 'Uploading', destinations: [{ configId: 'd1', status: 'exploded' }] };
    const fromObject = dbackupHistoryEntrySchema.parse({ ...BASE, metadata: meta });
    const fromString = dbackupHistoryEntrySchema.parse({ ...BASE, metadata: JSON.stringify(meta) });
    expect(fromString.metadata).toEqual(fromObject.metadata);
    expect(fromObject.metadata?.destinations?.[0]).toMatchObject({
      status: 'unknown',
      statusText: 'exploded',
    });
    expect(dbackupHistoryEntrySchema.parse({ ...BASE, metadata: null }).metadata).toBeNull();
    expect(dbackupHistoryEntrySchema.parse(BASE)).toMatchObject({
      metadata: null,
      triggerType: null,
      job: null,
    });
  });

  it('accepts adapter config as an object (docs) or a string (server)', () => {
    const row = { id: 'a1', name: 'DB', type: 'database', adapterId: 'mysql' };
    expect(dbackupAdapterSchema.parse({ ...row, config: { host: 'db', port: 3306 } }).config).toEqual({
      host: 'db',
      port: 3306,
    });
    expect(dbackupAdapterSchema.parse({ ...row, config: '{"host":"db"}' }).config).toEqual({ host: 'db' });
    expect(dbackupAdapterSchema.parse({ ...row, lastStatus: 'MELTING' }).lastStatus).toBe('unknown');
  });

  it('accepts job databases as a string or an array', () => {
    const job = { id: 'j1', name: 'Job' };
    expect(dbackupJobSchema.parse({ ...job, databases: '["a","b"]' }).databases).toEqual(['a', 'b']);
    expect(dbackupJobSchema.parse({ ...job, databases: ['a'] }).databases).toEqual(['a']);
    expect(
      dbackupJobSchema.parse({ ...job, source: { name: 'Production DB', type: 'database' } }).source?.name,
    ).toBe('Production DB');
  });

  it('keeps metadata that is not JSON as { unreadable, raw } instead of failing the entry', () => {
    const out = dbackupHistoryEntrySchema.parse({ ...BASE, metadata: '{broken' });
    expect(out.metadata).toEqual({ unreadable: true, raw: '{broken' });
  });

  it('one entry with odd metadata does not fail the whole history page', () => {
    const page = dbackupHistoryResponseSchema.parse({
      executions: [BASE, { ...BASE, id: 'b', metadata: '{"names":["db",null]}' }],
      systemTimezone: 'UTC',
    });
    expect(page.executions).toHaveLength(2);
    expect(page.executions[1]?.metadata).toEqual({ unreadable: true, raw: '{"names":["db",null]}' });
  });
});

describe('alternate documented shapes', () => {
  it('accepts the documented bare array for /api/history', () => {
    const out = dbackupHistoryResponseSchema.parse([BASE]);
    expect(out.executions).toHaveLength(1);
    expect(out.systemTimezone).toBeUndefined();
  });

  it('accepts both storage history point shapes', () => {
    expect(
      dbackupStorageHistoryPointSchema.parse({ date: '2026-11-22T00:00:00Z', size: 1, count: 2 }),
    ).toEqual({
      date: '2026-11-22T00:00:00Z',
      size: 1,
      count: 2,
    });
    expect(
      dbackupStorageHistoryPointSchema.parse({
        totalSize: '1073741824',
        fileCount: 42,
        createdAt: '2025-01-15',
      }),
    ).toEqual({
      totalSize: 1073741824,
      fileCount: 42,
      createdAt: '2025-01-15',
      date: '2025-01-15',
      size: 1073741824,
      count: 42,
    });
  });
});

describe('relied-on fields', () => {
  it('rejects a numeric id with the issue path', () => {
    const body = { success: true, data: { ...BASE, id: 42 } };
    const result = dbackupExecutionResponseSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['data', 'id']);
    try {
      parseResponse(dbackupExecutionResponseSchema, body, 'GET /api/executions/:id');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ResponseValidationError);
      const e = error as ResponseValidationError;
      expect(e.path).toBe('data.id');
      expect(e.message).toContain('data.id: ');
    }
  });

  it('rejects a missing status or startedAt', () => {
    const { status: _s, ...noStatus } = BASE;
    const missing = dbackupExecutionSchema.safeParse(noStatus);
    expect(missing.error?.issues.map((i) => i.path)).toEqual([['status']]);
    const { startedAt: _t, ...noStart } = BASE;
    expect(dbackupExecutionSchema.safeParse(noStart).error?.issues[0]?.path).toEqual(['startedAt']);
    expect(dbackupExecutionSchema.safeParse({ ...BASE, startedAt: 'yesterday' }).success).toBe(false);
  });

  it('infers useful output types', () => {
    expectTypeOf<DBackupExecution['status']>().toEqualTypeOf<DBackupExecutionStatus>();
    expectTypeOf<DBackupExecution['statusText']>().toEqualTypeOf<string>();
    expectTypeOf<DBackupExecution['duration']>().toEqualTypeOf<number | null>();
    expectTypeOf<DBackupExecution['jobId']>().toEqualTypeOf<string | null>();
  });
});
