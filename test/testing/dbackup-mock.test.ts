import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/testing/clock';
import { createDBackupMock, DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';

const clock = new VirtualClock(Date.UTC(2026, 10, 23, 1, 0));
const mock = createDBackupMock({ clock });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => mock.reset());

interface CallOptions {
  key?: string | null;
  method?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  xff?: string;
  base?: string;
}

async function call(path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? mock.keys.full : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (options.xff) headers['x-forwarded-for'] = options.xff;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(`${options.base ?? mock.baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body,
  });
  const raw = await res.text();
  let data: unknown = raw;
  if (res.headers.get('content-type')?.includes('application/json')) data = JSON.parse(raw);
  return { res, status: res.status, raw, data: data as Record<string, unknown> & unknown[] };
}

interface Detail {
  id: string;
  jobId: string | null;
  jobName: string | null;
  type: string;
  status: string;
  progress: number | null;
  stage: string | null;
  startedAt: string;
  endedAt: string | null;
  duration: number;
  size: number | null;
  path: string | null;
  error: string | null;
  logs?: { level: string; message: string; stage?: string; timestamp: string }[];
}

async function execution(id: string, includeLogs = false): Promise<Detail> {
  const { status, data } = await call(`/api/executions/${id}${includeLogs ? '?includeLogs=true' : ''}`);
  expect(status).toBe(200);
  return data.data as unknown as Detail;
}

async function run(jobId: string, options: CallOptions = {}): Promise<string> {
  const { status, data } = await call(`/api/jobs/${jobId}/run`, { method: 'POST', ...options });
  expect(status).toBe(200);
  expect(data).toMatchObject({ success: true, message: 'Job queued successfully' });
  return data.executionId as unknown as string;
}

describe('keys and authentication', () => {
  it('issues real-looking, distinct keys', () => {
    const values = Object.values(mock.keys);
    for (const key of values) expect(key).toMatch(/^dbackup_[0-9a-f]{60}$/);
    expect(new Set(values).size).toBe(values.length);
  });

  it('answers 401 {error} for a missing, non-Bearer, non-dbackup or unknown key', async () => {
    const variants: CallOptions[] = [
      { key: null },
      { key: null, headers: { authorization: `Basic ${btoa('admin:secret')}` } },
      { key: 'not-a-dbackup-key' },
      { key: `dbackup_${'0'.repeat(60)}` },
    ];
    for (const variant of variants) {
      const { status, data, res } = await call('/api/history', variant);
      expect(status).toBe(401);
      expect(data).toEqual({ error: 'Unauthorized' });
      expect(res.headers.get('content-type')).toBe('application/json');
    }
  });

  it('uses {success:false} for 401 on storage history', async () => {
    const { status, data } = await call(`/api/storage/${IDS.adapters.localPrimary}/history`, { key: null });
    expect(status).toBe(401);
    expect(data).toEqual({ success: false, error: 'Unauthorized' });
  });

  it('rejects disabled and expired keys with 401 messages on GET execution and POST run', async () => {
    for (const [key, message] of [
      [mock.keys.disabled, 'API key is disabled'],
      [mock.keys.expired, 'API key has expired'],
    ] as const) {
      const get = await call(`/api/executions/${IDS.executions.success}`, { key });
      expect(get.status).toBe(401);
      expect(get.data).toEqual({ success: false, error: message });
      const runRes = await call(`/api/jobs/${IDS.jobs.sqliteToLocal}/run`, { key, method: 'POST' });
      expect(runRes.status).toBe(401);
      expect(runRes.data).toEqual({ success: false, error: message });
    }
  });

  it('answers an empty 500 without content-type for disabled or expired keys elsewhere', async () => {
    const paths: [string, string][] = [
      ['GET', '/api/history'],
      ['GET', '/api/jobs'],
      ['GET', '/api/adapters?type=storage'],
      ['GET', `/api/storage/${IDS.adapters.localPrimary}/files`],
      ['GET', `/api/storage/${IDS.adapters.localPrimary}/history`],
      ['GET', '/api/settings/system-tasks'],
      ['POST', `/api/executions/${IDS.executions.success}/cancel`],
    ];
    for (const key of [mock.keys.disabled, mock.keys.expired]) {
      for (const [method, path] of paths) {
        const { status, raw, res } = await call(path, { key, method });
        expect(status, `${method} ${path}`).toBe(500);
        expect(raw).toBe('');
        expect(res.headers.get('content-type')).toBeNull();
      }
    }
  });

  it('logs requests with the key name and status', async () => {
    await call('/api/history?x=1', { key: mock.keys.historyOnly });
    await call('/api/history', { key: mock.keys.disabled });
    await call('/api/history', { key: null });
    expect(mock.requests).toEqual([
      { method: 'GET', path: '/api/history', search: '?x=1', keyName: 'sdk-history-read', status: 200 },
      { method: 'GET', path: '/api/history', search: '', keyName: 'sdk-disabled', status: 500 },
      { method: 'GET', path: '/api/history', search: '', status: 401 },
    ]);
  });
});

describe('permissions', () => {
  const historyOnly = () => ({ key: mock.keys.historyOnly });

  it('lets a history:read key read history and executions', async () => {
    expect((await call('/api/history', historyOnly())).status).toBe(200);
    expect((await call(`/api/executions/${IDS.executions.success}`, historyOnly())).status).toBe(200);
  });

  it('reproduces the recorded shapes for missing permissions', async () => {
    const runRes = await call(`/api/jobs/${IDS.jobs.sqliteToLocal}/run`, {
      ...historyOnly(),
      method: 'POST',
    });
    expect(runRes.status).toBe(403);
    expect(runRes.data).toEqual({ success: false, error: 'Permission denied: jobs:execute required' });

    const jobs = await call('/api/jobs', historyOnly());
    expect([jobs.status, jobs.data]).toEqual([500, { error: 'Failed to fetch jobs' }]);

    const adapters = await call('/api/adapters?type=database', historyOnly());
    expect([adapters.status, adapters.data]).toEqual([
      500,
      { error: 'Permission denied: sources:view required' },
    ]);

    const files = await call(`/api/storage/${IDS.adapters.localPrimary}/files`, historyOnly());
    expect([files.status, files.data]).toEqual([500, { error: 'Permission denied: storage:read required' }]);

    const usage = await call(`/api/storage/${IDS.adapters.localPrimary}/history`, historyOnly());
    expect([usage.status, usage.data]).toEqual([
      500,
      { success: false, error: 'Permission denied: storage:read required' },
    ]);

    for (const [method, path] of [
      ['GET', '/api/settings/system-tasks'],
      ['POST', `/api/executions/${IDS.executions.success}/cancel`],
    ] as const) {
      const res = await call(path, { ...historyOnly(), method });
      expect([res.status, res.raw]).toEqual([500, '']);
    }
  });

  it('gives the read-only key reads but not writes', async () => {
    const ro = { key: mock.keys.readOnly };
    expect((await call('/api/jobs', ro)).status).toBe(200);
    expect((await call('/api/adapters?type=database', ro)).status).toBe(200);
    expect((await call('/api/settings/system-tasks', ro)).status).toBe(200);
    expect((await call(`/api/jobs/${IDS.jobs.sqliteToLocal}/run`, { ...ro, method: 'POST' })).status).toBe(
      403,
    );
  });

  it('setPermissions changes a key by handle and registers unknown key values', async () => {
    mock.setPermissions('historyOnly', ['history:read', 'jobs:execute']);
    expect(
      (await call(`/api/jobs/${IDS.jobs.sqliteToLocal}/run`, { key: mock.keys.historyOnly, method: 'POST' }))
        .status,
    ).toBe(200);
    const custom = `dbackup_${'ab'.repeat(30)}`;
    expect((await call('/api/history', { key: custom })).status).toBe(401);
    mock.setPermissions(custom, ['history:read']);
    expect((await call('/api/history', { key: custom })).status).toBe(200);
    expect(mock.requests.at(-1)?.keyName).toBe('custom-1');
    expect(() => mock.setPermissions('nobody', [])).toThrow(/unknown API key/);
  });
});

describe('rate limiting', () => {
  it('answers the 101st GET with a plain-text 429 and limits per X-Forwarded-For', async () => {
    for (let i = 0; i < 100; i++)
      expect((await call('/api/health', { key: null, xff: '198.51.100.8' })).status).toBe(200);
    const limited = await call('/api/history', { xff: '198.51.100.8' });
    expect(limited.status).toBe(429);
    expect(limited.raw).toBe('Too Many Requests');
    expect(limited.res.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(limited.res.headers.get('retry-after')).toBeNull();
    expect(limited.res.headers.get('content-security-policy')).toBeNull();
    expect((await call('/api/health', { key: null, xff: '198.51.100.9' })).status).toBe(200);
    // Requests without the header share the literal key 127.0.0.1, a separate bucket.
    expect((await call('/api/health', { key: null })).status).toBe(200);
  });

  it('uses a fixed window from the first counted request', async () => {
    for (let i = 0; i < 100; i++) await call('/api/health', { key: null, xff: '203.0.113.6' });
    clock.advance(59_999);
    expect((await call('/api/health', { key: null, xff: '203.0.113.6' })).status).toBe(429);
    clock.advance(1);
    expect((await call('/api/health', { key: null, xff: '203.0.113.6' })).status).toBe(200);
  });

  it('counts unauthenticated mutations in their own bucket of 20', async () => {
    const path = `/api/jobs/${IDS.jobs.sqliteToLocal}/run`;
    for (let i = 0; i < 20; i++)
      expect((await call(path, { key: null, method: 'POST', xff: '198.51.100.20' })).status).toBe(401);
    expect((await call(path, { key: null, method: 'POST', xff: '198.51.100.20' })).status).toBe(429);
    expect((await call('/api/health', { key: null, xff: '198.51.100.20' })).status).toBe(200);
  });

  it('honours custom limits and can be disabled', async () => {
    const tight = createDBackupMock({
      clock,
      baseUrl: 'https://tight.mock.test/',
      rateLimit: { get: 2, windowMs: 1000 },
    });
    const open = createDBackupMock({ clock, baseUrl: 'https://open.mock.test', rateLimit: false });
    server.use(...tight.handlers, ...open.handlers);
    expect(tight.baseUrl).toBe('https://tight.mock.test');
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call('/api/health', { key: null, base: tight.baseUrl })).status);
    expect(statuses).toEqual([200, 200, 429]);
    for (let i = 0; i < 150; i++)
      expect((await call('/api/health', { key: null, base: open.baseUrl })).status).toBe(200);
  });
});

describe('run lifecycle', () => {
  it('takes a run from Pending through Running stages to Success', async () => {
    const queuedAt = clock.now();
    const id = await run(IDS.jobs.sqliteToLocal);
    let detail = await execution(id, true);
    expect(detail).toMatchObject({
      status: 'Pending',
      progress: 0,
      stage: 'Queued',
      endedAt: null,
      duration: 0,
      error: null,
    });
    expect(detail.startedAt).toBe(new Date(queuedAt).toISOString());
    expect(detail.logs?.map((l) => l.message)).toEqual(['Job queued']);
    clock.advance(150);
    expect((await execution(id)).duration).toBe(150);

    const stages: string[] = [];
    const progress: number[] = [];
    clock.advance(50);
    for (detail = await execution(id); detail.status === 'Running'; detail = await execution(id)) {
      if (stages.at(-1) !== detail.stage) stages.push(detail.stage ?? '');
      progress.push(detail.progress ?? -1);
      expect(detail.startedAt).toBe(new Date(queuedAt + 200).toISOString());
      clock.advance(20);
    }
    expect(stages).toEqual([
      'Initializing',
      'Dumping Databases',
      'Processing',
      'Uploading',
      'Verifying',
      'Applying Retention',
    ]);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    detail = await execution(id, true);
    expect(detail).toMatchObject({
      status: 'Success',
      progress: 100,
      stage: 'Completed',
      size: 343,
      duration: 600,
      error: null,
      jobName: 'SQLite to Local',
    });
    expect(detail.path).toMatch(
      /^SQLite to Local\/SQLite_to_Local_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.db\.gz$/,
    );
    expect(new Set(detail.logs?.map((l) => l.level))).toEqual(new Set(['info', 'success']));
    expect(detail.logs?.at(-2)?.message).toBe('Job completed successfully');

    const files = await call(`/api/storage/${IDS.adapters.localPrimary}/files`);
    expect((files.data as unknown as { path: string }[]).map((f) => f.path)).toContain(detail.path);
  });

  it('ends the two-destination job Partial with one failed destination and error null', async () => {
    const id = await run(IDS.jobs.twoDestinations, { json: { lock: false } });
    clock.advance(800);
    const detail = await execution(id, true);
    expect(detail).toMatchObject({ status: 'Partial', error: null, size: 12_288, stage: 'Completed' });
    expect(detail.logs?.some((l) => l.level === 'error' && l.message.startsWith('[Local Broken]'))).toBe(
      true,
    );
    // Like a real 3.2.0 server, the finished run's history metadata is the log flusher's
    // heartbeat: no per-destination results survive the end of the run.
    const history = await call('/api/history');
    const item = (history.data.executions as unknown as { id: string; metadata: string }[]).find(
      (e) => e.id === id,
    );
    expect(JSON.parse(item?.metadata ?? 'null')).toEqual({
      progress: 100,
      stage: 'Completed',
      detail: '',
      heartbeat: detail.endedAt,
    });
  });

  it('keepFinalMetadata: true keeps names and per-destination results (simulated future server)', async () => {
    const keep = createDBackupMock({
      clock,
      baseUrl: 'https://dbackup-keep.mock.test',
      keepFinalMetadata: true,
    });
    server.use(...keep.handlers);
    const base = keep.baseUrl;
    const { data } = await call(`/api/jobs/${IDS.jobs.twoDestinations}/run`, {
      method: 'POST',
      base,
      key: keep.keys.full,
    });
    const id = data.executionId as unknown as string;
    clock.advance(800);
    const history = await call('/api/history', { base, key: keep.keys.full });
    const items = history.data.executions as unknown as { id: string; status: string; metadata: string }[];
    const item = items.find((e) => e.id === id);
    expect(item?.status).toBe('Partial');
    const metadata = JSON.parse(item?.metadata ?? 'null') as Record<string, unknown>;
    expect(metadata).toMatchObject({
      progress: 100,
      stage: 'Completed',
      label: 'Single DB',
      count: 1,
      names: ['app.db'],
      jobName: 'SQLite to Two Destinations',
      sourceName: 'App SQLite',
      adapterId: 'sqlite',
      destinations: [
        {
          configId: IDS.adapters.localPrimary,
          name: 'Local Primary',
          status: 'success',
          path: expect.any(String),
        },
        { name: 'Local Broken', status: 'failed', error: expect.stringMatching(/^ENOTDIR/) },
      ],
    });
    expect(metadata).not.toHaveProperty('heartbeat');
    // The seeded Partial run keeps its final metadata too.
    const seeded = JSON.parse(items.find((e) => e.id === IDS.executions.partial)?.metadata ?? 'null');
    expect(seeded.destinations).toHaveLength(2);
  });

  it('ends the missing-source job Failed with the last error log as error', async () => {
    const id = await run(IDS.jobs.missingSqlite);
    clock.advance(800);
    const detail = await execution(id, true);
    expect(detail).toMatchObject({
      status: 'Failed',
      progress: 5,
      stage: 'Dumping Databases',
      size: null,
      path: null,
    });
    expect(detail.error).toMatch(/^Dump failed: sqlite3 exited with code 1: /);
    expect(detail.error).toBe(detail.logs?.filter((l) => l.level === 'error').at(-1)?.message);
  });

  it('validates the run body like the server', async () => {
    const path = `/api/jobs/${IDS.jobs.sqliteToLocal}/run`;
    const bad = await call(path, { method: 'POST', json: { lock: 'yes' } });
    expect([bad.status, bad.data]).toEqual([400, { success: false, error: 'Invalid request body' }]);
    const malformed = await call(path, {
      method: 'POST',
      body: '{lock: tru',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(200);
    const unknown = await call('/api/jobs/00000000-0000-0000-0000-000000000000/run', { method: 'POST' });
    expect(unknown.status).toBe(500);
    expect(unknown.data.success).toBe(false);
    expect(unknown.data.error).toMatch(/Foreign key constraint/);
  });

  it('records lock and the API-key trigger in history', async () => {
    const id = await run(IDS.jobs.sqliteToLocal, { json: { lock: true } });
    const { data } = await call('/api/history');
    const first = (data.executions as unknown as Record<string, unknown>[])[0];
    expect(first).toMatchObject({
      id,
      status: 'Pending',
      triggerType: 'Api',
      triggerLabel: 'sdk-full',
      job: { name: 'SQLite to Local' },
    });
    expect(JSON.parse(first?.metadata as string)).toEqual({ progress: 0, stage: 'Queued', lock: true });
  });
});

describe('cancel', () => {
  it('cancels a Pending run at once and replaces its log', async () => {
    const id = await run(IDS.jobs.sqliteToLocal);
    clock.advance(50);
    const res = await call(`/api/executions/${id}/cancel`, { method: 'POST' });
    expect(res.data).toEqual({ success: true, message: 'Pending execution cancelled' });
    const detail = await execution(id, true);
    expect(detail).toMatchObject({
      status: 'Cancelled',
      stage: 'Cancelled',
      progress: 0,
      error: null,
      duration: 50,
    });
    expect(detail.logs).toHaveLength(1);
    expect(detail.logs?.[0]).toMatchObject({ level: 'warn', stage: 'Cancelled' });
    clock.advance(5000);
    expect((await execution(id)).status).toBe('Cancelled');
  });

  it('signals a Running run, which stops at the next stage boundary', async () => {
    const id = await run(IDS.jobs.sqliteToLocal);
    clock.advance(450);
    const before = await execution(id);
    expect(before.status).toBe('Running');
    const res = await call(`/api/executions/${id}/cancel`, { method: 'POST' });
    expect(res.data).toEqual({ success: true, message: 'Cancellation signal sent' });
    const signalled = await execution(id, true);
    expect(signalled.status).toBe('Running');
    expect(signalled.logs?.at(-1)?.message).toBe('Execution was cancelled by user');
    clock.advance(1000);
    const after = await execution(id, true);
    expect(after).toMatchObject({ status: 'Cancelled', stage: before.stage, path: null, error: null });
    expect(after.stage).not.toBe('Cancelled');
  });

  it('refuses finished and unknown executions', async () => {
    const done = await call(`/api/executions/${IDS.executions.success}/cancel`, { method: 'POST' });
    expect([done.status, done.data]).toEqual([
      400,
      { success: false, error: 'Cannot cancel execution with status: Success' },
    ]);
    const unknown = await call('/api/executions/00000000-0000-0000-0000-000000000000/cancel', {
      method: 'POST',
    });
    expect([unknown.status, unknown.data]).toEqual([404, { success: false, error: 'Execution not found' }]);
  });

  it('cancels executions added with addExecution (Pending at once, Running forced)', async () => {
    const pending = mock.addExecution({ status: 'Pending' });
    const running = mock.addExecution({ status: 'Running' });
    const p = await call(`/api/executions/${pending.id}/cancel`, { method: 'POST' });
    expect(p.data).toEqual({ success: true, message: 'Pending execution cancelled' });
    const r = await call(`/api/executions/${running.id}/cancel`, { method: 'POST' });
    expect(r.data).toEqual({ success: true, message: 'Execution force-cancelled' });
    expect((await execution(running.id)).status).toBe('Cancelled');
  });
});

describe('GET /api/executions/:id', () => {
  it('includes logs only for includeLogs=true', async () => {
    expect((await execution(IDS.executions.success, true)).logs?.length).toBeGreaterThan(10);
    for (const value of ['TRUE', '1']) {
      const { data } = await call(`/api/executions/${IDS.executions.success}?includeLogs=${value}`);
      expect(data.data).not.toHaveProperty('logs');
    }
  });

  it('serves the seeded history like the recordings', async () => {
    expect(await execution(IDS.executions.success)).toMatchObject({
      status: 'Success',
      jobId: IDS.jobs.sqliteToLocal,
      type: 'Backup',
      duration: 97,
      size: 343,
      path: expect.stringMatching(/^SQLite to Local\/SQLite_to_Local_.*\.db\.gz$/),
    });
    expect(await execution(IDS.executions.cancelledRunning)).toMatchObject({
      status: 'Cancelled',
      stage: 'Uploading',
      progress: 65,
      size: 1_573_596_054,
      path: null,
      error: null,
    });
    expect(await execution(IDS.executions.integrityCheck)).toMatchObject({
      jobId: null,
      jobName: null,
      type: 'IntegrityCheck',
      status: 'Partial',
      error: null,
    });
    expect((await execution(IDS.executions.failed)).error).toBe(
      'Dump failed: sqlite3 exited with code 1: Error: unable to open database "/data/no-such-dir/missing.db": unable to open database file',
    );
    const missing = await call('/api/executions/00000000-0000-0000-0000-000000000000');
    expect([missing.status, missing.data]).toEqual([404, { success: false, error: 'Execution not found' }]);
  });
});

describe('GET /api/history', () => {
  it('shows the same metadata keys and stages as the recorded 3.2.0 history', async () => {
    const recording = JSON.parse(
      readFileSync(new URL('../fixtures/dbackup/history-200-final.json', import.meta.url), 'utf8'),
    ) as { response: { body: { executions: { id: string; metadata: string }[] } } };
    const { data } = await call('/api/history');
    const mocked = new Map(
      (data.executions as unknown as { id: string; metadata: string }[]).map((e) => [e.id, e.metadata]),
    );
    const pick = ({ heartbeat, ...rest }: Record<string, unknown>) => ({
      ...rest,
      heartbeat: typeof heartbeat,
    });
    const recorded = recording.response.body.executions;
    // The seed replays every recorded execution under its recorded id.
    expect(recorded.map((e) => e.id).filter((id) => !mocked.has(id))).toEqual([]);
    for (const { id, metadata } of recorded) {
      expect(pick(JSON.parse(mocked.get(id) as string)), id).toEqual(pick(JSON.parse(metadata)));
    }
  });

  it('returns the last executions newest first with metadata as a JSON string', async () => {
    const { data } = await call('/api/history');
    expect(data.systemTimezone).toBe('UTC');
    const items = data.executions as unknown as Record<string, unknown>[];
    expect(items.map((e) => e.id)).toEqual([
      IDS.executions.integrityCheck,
      IDS.executions.successLatest,
      IDS.executions.cancelledPending,
      IDS.executions.cancelledRunning,
      IDS.executions.failed,
      IDS.executions.successMissingFile,
      IDS.executions.partial,
      IDS.executions.success,
    ]);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'endedAt',
          'id',
          'job',
          'jobId',
          'metadata',
          'path',
          'startedAt',
          'status',
          'triggerLabel',
          'triggerType',
          'type',
        ].sort(),
      );
      expect(typeof item.metadata).toBe('string');
    }
    expect(items[0]).toMatchObject({ job: null, triggerType: 'Manual', triggerLabel: 'SDK Admin' });
    expect(JSON.parse(items[2]?.metadata as string)).toEqual({ progress: 0, stage: 'Cancelled' });
  });

  it('caps the list at 100 and shows added executions, including unknown statuses', async () => {
    for (let i = 0; i < 120; i++) mock.addExecution({ startedAt: clock.now() - 3_600_000 - i * 1000 });
    const added = mock.addExecution({ status: 'Deferred', jobId: null, startedAt: clock.now() - 1000 });
    const { data } = await call('/api/history');
    const items = data.executions as unknown as { id: string; status: string }[];
    expect(items).toHaveLength(100);
    expect(items[0]).toMatchObject({ id: added.id, status: 'Deferred' });
    expect(await execution(added.id)).toMatchObject({ status: 'Deferred', endedAt: null, duration: 1000 });
  });
});

describe('jobs and adapters', () => {
  it('lists jobs newest first with string columns and schedule times', async () => {
    const { data } = await call('/api/jobs');
    const jobs = data as unknown as Record<string, unknown>[];
    expect(jobs.map((j) => j.name)).toEqual([
      'Big SQLite GZIP',
      'Missing SQLite Job',
      'SQLite to Two Destinations',
      'SQLite to Local',
    ]);
    const local = jobs[3] as Record<string, unknown> & {
      source: Record<string, unknown>;
      destinations: unknown[];
    };
    expect(local).toMatchObject({
      id: IDS.jobs.sqliteToLocal,
      databases: '[]',
      compression: 'GZIP',
      nextRunAt: '2026-11-23T03:00:00.000Z',
    });
    expect(typeof local.source.config).toBe('string');
    expect(local.lastRunAt).toBe((await execution(IDS.executions.successLatest)).startedAt);
    expect(jobs[1]?.nextRunAt).toBeNull();
  });

  it('creates, updates and deletes jobs', async () => {
    const missing = await call('/api/jobs', { method: 'POST', json: { name: 'incomplete' } });
    expect([missing.status, missing.data]).toEqual([
      400,
      { error: 'Missing required fields (name, schedule, destinations)' },
    ]);
    const created = await call('/api/jobs', {
      method: 'POST',
      json: {
        name: 'Nightly',
        schedule: '30 2 * * *',
        sourceId: IDS.adapters.appSqlite,
        destinations: [{ configId: IDS.adapters.localPrimary }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: 'Nightly',
      compression: 'NONE',
      enabled: true,
      executions: [],
    });
    const id = created.data.id as unknown as string;
    expect(
      (
        await call('/api/jobs', {
          method: 'POST',
          json: {
            name: 'Nightly',
            schedule: '* * * * *',
            destinations: [{ configId: IDS.adapters.localPrimary }],
          },
        })
      ).status,
    ).toBe(409);
    const updated = await call(`/api/jobs/${id}`, { method: 'PUT', json: { enabled: false } });
    expect(updated.data.enabled).toBe(false);
    const runId = await run(id);
    expect((await call(`/api/jobs/${id}`, { method: 'DELETE' })).data).toEqual({ success: true });
    expect((await execution(runId)).jobId).toBeNull();
  });

  it('requires a type to list adapters and serialises config and metadata as strings', async () => {
    const noType = await call('/api/adapters');
    expect([noType.status, noType.data]).toEqual([
      400,
      { error: 'Type parameter is required (database, storage, or notification)' },
    ]);
    const { data } = await call('/api/adapters?type=storage');
    expect(data).toEqual([
      expect.objectContaining({
        name: 'Local Broken',
        lastStatus: 'DEGRADED',
        config: '{"basePath":"/data/blocker-file/sub"}',
        metadata: null,
        supportsBrowse: true,
        secretStatus: {},
      }),
      expect.objectContaining({ id: IDS.adapters.localPrimary, name: 'Local Primary', lastStatus: 'ONLINE' }),
    ]);
    expect((await call('/api/adapters?type=notification')).data).toEqual([]);
  });

  it('creates adapters without leaking secrets and refuses to delete one in use', async () => {
    const created = await call('/api/adapters', {
      method: 'POST',
      json: {
        name: 'Prod MySQL',
        type: 'database',
        adapterId: 'mysql',
        config: { host: 'db', user: 'backup', password: 's3cret' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      config: '{"host":"db","user":"backup"}',
      secretStatus: { password: true },
    });
    expect(created.raw).not.toContain('s3cret');
    const inUse = await call(`/api/adapters/${IDS.adapters.localPrimary}`, { method: 'DELETE' });
    expect(inUse.status).toBe(400);
    expect((await call(`/api/adapters/${created.data.id}`, { method: 'DELETE' })).data).toEqual({
      success: true,
    });
  });

  it('updates adapters by merging config', async () => {
    const res = await call(`/api/adapters/${IDS.adapters.localPrimary}`, {
      method: 'PUT',
      json: { name: 'Local Main', config: { basePath: '/data/backups/main' } },
    });
    expect(res.data).toMatchObject({ name: 'Local Main', config: '{"basePath":"/data/backups/main"}' });
    expect(mock.state.adapters.find((a) => a.id === IDS.adapters.localPrimary)?.name).toBe('Local Main');
    expect((await call('/api/adapters/nope', { method: 'PUT', json: {} })).status).toBe(404);
  });

  it('tests connections using the adapters simulated health', async () => {
    const ok = await call('/api/adapters/test-connection', {
      method: 'POST',
      json: {
        adapterId: 'sqlite',
        config: { mode: 'local', path: '/data/sources/app.db' },
        configId: IDS.adapters.appSqlite,
      },
    });
    expect(ok.data).toEqual({ success: true, message: 'Connection successful', version: '3.40.1' });
    const bad = await call('/api/adapters/test-connection', {
      method: 'POST',
      json: { adapterId: 'sqlite', config: { mode: 'local', path: '/data/no-such-dir/missing.db' } },
    });
    expect(bad.data.success).toBe(false);
    const stats = await call('/api/adapters/database-stats', {
      method: 'POST',
      json: { sourceId: IDS.adapters.appSqlite },
    });
    expect(stats.data).toEqual({
      success: true,
      databases: [expect.objectContaining({ name: 'app', sizeInBytes: 12_288 })],
      serverVersion: '3.40.1',
    });
    const health = await call(`/api/adapters/${IDS.adapters.localBroken}/health-history?limit=5`);
    expect(health.data.history).toHaveLength(5);
    expect(health.data.stats).toMatchObject({ uptime: 0, totalChecks: 5 });
  });
});

describe('storage', () => {
  it('lists RichFileInfo items and reports unknown or broken storage', async () => {
    const { data } = await call(`/api/storage/${IDS.adapters.localPrimary}/files`);
    const files = data as unknown as Record<string, unknown>[];
    expect(files).toHaveLength(4);
    expect(files[0]).toMatchObject({
      name: expect.stringMatching(/^SQLite_to_Local_.*\.db\.gz$/),
      size: 343,
      jobName: 'SQLite to Local',
      sourceName: 'App SQLite',
      sourceType: 'sqlite',
      engineVersion: '3.40.1',
      compression: 'GZIP',
      locked: false,
      trigger: { type: 'Api', actor: 'sdk-full' },
      backupType: 'full',
      verification: { passed: true, trigger: 'scheduled' },
    });
    expect(files[2]).toMatchObject({ engineVersion: 'unknown', verification: { trigger: 'post-upload' } });
    expect(files[0]).not.toHaveProperty('storageId');
    const unknown = await call('/api/storage/00000000-0000-0000-0000-000000000000/files');
    expect([unknown.status, unknown.data]).toEqual([
      404,
      { error: 'Storage configuration with ID 00000000-0000-0000-0000-000000000000 not found.' },
    ]);
    expect((await call(`/api/storage/${IDS.adapters.localBroken}/files`)).status).toBe(500);
  });

  it('mints single-use public download links', async () => {
    const files = (await call(`/api/storage/${IDS.adapters.localPrimary}/files`)).data as unknown as {
      path: string;
      name: string;
    }[];
    const file = files[0] as { path: string; name: string };
    const link = await call(`/api/storage/${IDS.adapters.localPrimary}/download-url`, {
      method: 'POST',
      json: { file: file.path },
    });
    expect(link.data).toMatchObject({ success: true, expiresIn: '5 minutes', singleUse: true });
    // Without an Origin header (Node's fetch sends none) DBackup answers a relative link.
    const relative = link.data.url as unknown as string;
    expect(relative).toMatch(/^\/api\/storage\/public-download\?token=[0-9a-f]{64}$/);
    const url = `${mock.baseUrl}${relative}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toBe(`attachment; filename="${file.name}"`);
    expect((await first.arrayBuffer()).byteLength).toBe(343);
    const second = await fetch(url);
    expect(second.status).toBe(401);
    expect(await second.json()).toEqual({
      error: 'Invalid or expired token. Please generate a new download link.',
    });
  });

  it('expires download links after five minutes and streams authenticated downloads', async () => {
    const path =
      'SQLite to Two Destinations/' +
      (
        (await call(`/api/storage/${IDS.adapters.localPrimary}/files`)).data as unknown as { name: string }[]
      )[1]?.name;
    const link = await call(`/api/storage/${IDS.adapters.localPrimary}/download-url`, {
      method: 'POST',
      json: { file: path },
      headers: { origin: mock.baseUrl },
    });
    // With an Origin header (a browser) the link is absolute on that origin.
    expect(link.data.url).toMatch(new RegExp(`^${mock.baseUrl}/api/storage/public-download\\?token=`));
    clock.advance(5 * 60_000 + 1);
    expect((await fetch(link.data.url as unknown as string)).status).toBe(401);
    const direct = await call(
      `/api/storage/${IDS.adapters.localPrimary}/download?file=${encodeURIComponent(path)}`,
    );
    expect(direct.status).toBe(200);
    expect(direct.res.headers.get('content-type')).toBe('application/octet-stream');
    expect(direct.res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="SQLite_to_Two_Destinations_/,
    );
  });

  it('reports usage history as {date,size,count} and honours days', async () => {
    const { data } = await call(`/api/storage/${IDS.adapters.localPrimary}/history`);
    expect(data.success).toBe(true);
    const points = data.data as unknown as { date: string; size: number; count: number }[];
    expect(points.map((p) => [p.size, p.count])).toEqual([
      [343, 1],
      [12_631, 2],
      [16_727, 3],
      [17_070, 4],
    ]);
    clock.advance(2 * 86_400_000);
    expect((await call(`/api/storage/${IDS.adapters.localPrimary}/history?days=1`)).data.data).toEqual([]);
    expect((await call(`/api/storage/${IDS.adapters.localPrimary}/history?days=3`)).data.data).toHaveLength(
      4,
    );
  });

  it('restores a backup as a Restore execution and deletes files', async () => {
    const files = (await call(`/api/storage/${IDS.adapters.localPrimary}/files`)).data as unknown as {
      path: string;
    }[];
    const file = files[0]?.path;
    const restore = await call(`/api/storage/${IDS.adapters.localPrimary}/restore`, {
      method: 'POST',
      json: { file, targetSourceId: IDS.adapters.appSqlite },
    });
    expect(restore.status).toBe(202);
    expect(restore.data).toMatchObject({ success: true, message: 'Restore started' });
    const id = restore.data.executionId as unknown as string;
    expect(await execution(id)).toMatchObject({
      status: 'Running',
      type: 'Restore',
      jobId: null,
      path: file,
    });
    clock.advance(600);
    expect(await execution(id)).toMatchObject({ status: 'Success', type: 'Restore', path: file });
    const analyzed = await call(`/api/storage/${IDS.adapters.localPrimary}/analyze`, {
      method: 'POST',
      json: { file },
    });
    expect(analyzed.data).toEqual({ databases: ['app'] });
    const deleted = await call(`/api/storage/${IDS.adapters.localPrimary}/files`, {
      method: 'DELETE',
      json: { path: file },
    });
    expect(deleted.data).toEqual({ success: true });
    expect((await call(`/api/storage/${IDS.adapters.localPrimary}/files`)).data).toHaveLength(3);
  });
});

describe('vault, settings and health', () => {
  it('serves recovery kits as ZIP archives on both paths', async () => {
    for (const path of [
      `/api/vault/recovery-kit?ids=${IDS.encryptionProfiles.defaultKey}`,
      `/api/vault/${IDS.encryptionProfiles.defaultKey}/recovery-kit`,
    ]) {
      const res = await fetch(`${mock.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${mock.keys.full}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="recovery_kit_default_key.zip"',
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
      expect(new TextDecoder().decode(bytes)).toContain('master.key');
    }
    const unknown = await call('/api/vault/recovery-kit?ids=nope');
    expect([unknown.status, unknown.raw]).toEqual([404, 'Encryption profile nope not found']);
    expect((await call('/api/vault/recovery-kit?ids=x', { key: mock.keys.readOnly })).status).toBe(500);
  });

  it('lists, updates and runs system tasks', async () => {
    const { data } = await call('/api/settings/system-tasks');
    const tasks = data as unknown as {
      id: string;
      timezone: string;
      enabled: boolean;
      nextRunAt: string | null;
    }[];
    expect(tasks).toHaveLength(10);
    expect(tasks.every((t) => t.id.startsWith('system.') && t.timezone === 'UTC')).toBe(true);
    expect(tasks.find((t) => t.id === 'system.integrity_check')).toMatchObject({
      enabled: false,
      nextRunAt: null,
    });

    const update = await call('/api/settings/system-tasks', {
      method: 'POST',
      json: { taskId: 'system.integrity_check', enabled: true },
    });
    expect(update.data).toEqual({ success: true });
    const after = (await call('/api/settings/system-tasks')).data as unknown as typeof tasks;
    expect(after.find((t) => t.id === 'system.integrity_check')?.nextRunAt).toBe('2026-11-29T04:00:00.000Z');

    const started = await call('/api/settings/system-tasks', {
      method: 'PUT',
      json: { taskId: 'system.integrity_check' },
    });
    expect(started.data.success).toBe(true);
    const id = started.data.executionId as unknown as string;
    expect(
      (
        await call('/api/settings/system-tasks', {
          method: 'PUT',
          json: { taskId: 'system.integrity_check' },
        })
      ).status,
    ).toBe(409);
    clock.advance(800);
    expect(await execution(id)).toMatchObject({
      type: 'IntegrityCheck',
      jobId: null,
      status: 'Partial',
      error: null,
    });
    expect(
      (await call('/api/settings/system-tasks', { method: 'PUT', json: { taskId: 'system.nope' } })).status,
    ).toBe(400);
  });

  it('answers health without a key', async () => {
    clock.advance(5000);
    const { status, data } = await call('/api/health', { key: null });
    expect(status).toBe(200);
    expect(data).toMatchObject({
      status: 'healthy',
      database: 'connected',
      uptime: 5,
      timestamp: new Date(clock.now()).toISOString(),
    });
  });

  it('behaves like Next.js for unrouted requests', async () => {
    const wrongMethod = await call(`/api/jobs/${IDS.jobs.sqliteToLocal}`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.res.headers.get('allow')).toBe('PUT, DELETE');
    expect((await call('/api/nothing-here')).status).toBe(404);
    const head = await fetch(`${mock.baseUrl}/api/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});

describe('failNext', () => {
  it('injects responses in order, then lets requests through', async () => {
    mock.failNext(
      { path: '/api/history' },
      { status: 503, text: 'Service Unavailable', headers: { 'retry-after': '2' } },
    );
    mock.failNext({ method: 'get', path: /^\/api\/hist/ }, { status: 500 });
    const first = await call('/api/history');
    expect([first.status, first.raw, first.res.headers.get('retry-after')]).toEqual([
      503,
      'Service Unavailable',
      '2',
    ]);
    const second = await call('/api/history');
    expect([second.status, second.raw]).toEqual([500, '']);
    expect((await call('/api/history')).status).toBe(200);
  });

  it('matches method and repeats the given number of times', async () => {
    mock.failNext(
      { method: 'POST', path: `/api/jobs/${IDS.jobs.sqliteToLocal}/run` },
      { status: 502, body: { error: 'Bad Gateway' } },
      2,
    );
    expect((await call('/api/jobs')).status).toBe(200);
    const path = `/api/jobs/${IDS.jobs.sqliteToLocal}/run`;
    const a = await call(path, { method: 'POST' });
    expect([a.status, a.data]).toEqual([502, { error: 'Bad Gateway' }]);
    expect((await call(path, { method: 'POST' })).status).toBe(502);
    expect((await call(path, { method: 'POST' })).status).toBe(200);
  });

  it('simulates network errors', async () => {
    mock.failNext({ path: '/api/health' }, 'network-error');
    await expect(fetch(`${mock.baseUrl}/api/health`)).rejects.toThrow(TypeError);
    expect(mock.requests.at(-1)).toMatchObject({ path: '/api/health', status: 0 });
    expect((await call('/api/health', { key: null })).status).toBe(200);
  });
});

describe('state and reset', () => {
  it('exposes the store up to date with the clock and restores the seed on reset', async () => {
    const id = await run(IDS.jobs.sqliteToLocal);
    clock.advance(1000);
    expect(mock.state.executions.find((e) => e.id === id)?.status).toBe('Success');
    expect(mock.state.files).toHaveLength(5);
    mock.state.jobs[0]!.name = 'Renamed';
    expect((await execution(IDS.executions.success)).jobName).toBe('Renamed');
    mock.reset();
    expect(mock.state.executions).toHaveLength(8);
    expect(mock.state.jobs[0]?.name).toBe('SQLite to Local');
    expect(mock.requests).toHaveLength(0);
  });
});
