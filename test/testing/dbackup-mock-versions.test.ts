import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/testing/clock';
import { createDBackupMock, type DBackupMock, DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DAY = 86_400_000;

function start(options: Parameters<typeof createDBackupMock>[0] = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 1, 0));
  const mock = createDBackupMock({ clock, rateLimit: false, ...options });
  server.use(...mock.handlers);
  return { mock, clock };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read loosely in these wire tests.
type Json = any;

async function get(mock: DBackupMock, path: string, key: string = mock.keys.full) {
  const res = await fetch(`${mock.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const raw = await res.text();
  const body: Json = res.headers.get('content-type')?.includes('json') ? JSON.parse(raw) : raw;
  return { status: res.status, body, raw };
}

describe('DBackup mock version 3.2 (default)', () => {
  it('answers the 3.4 routes with the Next.js 404 page', async () => {
    const { mock } = start();
    for (const path of [
      '/api/history/runs',
      `/api/history/runs/${IDS.executions.partial}`,
      '/api/dashboard/stats',
    ]) {
      const res = await get(mock, path);
      expect(res.status, path).toBe(404);
      expect(res.raw).toContain('This page could not be found');
    }
  });

  it('ignores history parameters and sends no total', async () => {
    const { mock } = start();
    const plain = await get(mock, '/api/history');
    const filtered = await get(mock, '/api/history?status=Failed&page=2&pageSize=1');
    expect(filtered.body).toEqual(plain.body);
    expect(plain.body.total).toBeUndefined();
    expect(plain.body.executions).toHaveLength(8);
  });

  it('has no logsPurgedAt on execution details, even for very old runs', async () => {
    const { mock, clock } = start();
    const old = mock.addExecution({ status: 'Failed', startedAt: clock.now() - 200 * DAY });
    const res = await get(mock, `/api/executions/${old.id}?includeLogs=true`);
    expect(res.body.data).not.toHaveProperty('logsPurgedAt');
    expect(res.body.data.logs.length).toBeGreaterThan(0);
  });

  it('answers notification-logs without history:read with 3.2.0 s caught 500', async () => {
    const { mock } = start();
    mock.setPermissions('historyOnly', ['jobs:read']);
    const res = await get(mock, '/api/notification-logs', mock.keys.historyOnly);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'Failed to fetch notification logs' });
  });
});

describe('DBackup mock version 3.4', () => {
  it('returns the same history as 3.2 without parameters', async () => {
    const a = start();
    const b = start({ version: '3.4' });
    expect((await get(b.mock, '/api/history')).body).toEqual((await get(a.mock, '/api/history')).body);
  });

  it('filters and pages the history with a total', async () => {
    const { mock } = start({ version: '3.4' });
    const cancelled = await get(mock, '/api/history?status=Cancelled');
    expect(cancelled.body.total).toBe(2);
    expect(cancelled.body.executions.map((e: Json) => e.id).sort()).toEqual(
      [IDS.executions.cancelledPending, IDS.executions.cancelledRunning].sort(),
    );
    const page1 = await get(mock, '/api/history?page=1&pageSize=3');
    const page3 = await get(mock, '/api/history?page=3&pageSize=3');
    expect(page1.body.total).toBe(8);
    expect(page1.body.executions).toHaveLength(3);
    expect(page3.body.executions).toHaveLength(2);
    const byType = await get(mock, '/api/history?type=IntegrityCheck&trigger=Manual');
    expect(byType.body.executions.map((e: Json) => e.id)).toEqual([IDS.executions.integrityCheck]);
    const search = await get(mock, '/api/history?search=two%20dest');
    expect(search.body.executions.map((e: Json) => e.id)).toEqual([IDS.executions.partial]);
    expect((await get(mock, '/api/history?pageSize=0')).status).toBe(400);
  });

  it('lists runs consistent with the executions, with copies, notes and starters', async () => {
    const { mock } = start({ version: '3.4' });
    const res = await get(mock, '/api/history/runs?pageSize=100');
    expect(res.status).toBe(200);
    const { rows, total, stats } = res.body.data;
    expect(total).toBe(8);
    const history = (await get(mock, '/api/history')).body.executions;
    expect(rows.map((r: Json) => [r.id, r.status])).toEqual(history.map((e: Json) => [e.id, e.status]));
    const partial = rows.find((r: Json) => r.id === IDS.executions.partial);
    expect(partial).toMatchObject({
      type: 'Backup',
      status: 'Partial',
      name: 'SQLite to Two Destinations',
      adapterId: 'sqlite',
      copies: { stored: 1, total: 2, failed: ['Local Broken'] },
      note: 'Not stored on Local Broken',
      live: null,
      starter: { key: 'api:sdk-full', kind: 'api', label: 'sdk-full' },
    });
    expect(partial.durationMs).toBeGreaterThan(0);
    const failed = rows.find((r: Json) => r.id === IDS.executions.failed);
    expect(failed.note).toMatch(/sqlite3 exited with code 1/);
    expect(stats).toMatchObject({ total: 8, failed: 1, partial: 2 }); // the integrity check is Partial too
    expect(stats.lastFailed.name).toBe('Missing SQLite Job');
  });

  it('filters and pages runs, and refuses invalid queries with 400', async () => {
    const { mock } = start({ version: '3.4' });
    const one = await get(mock, `/api/history/runs?status=Failed&status=Partial&pageSize=1&page=2`);
    expect(one.body.data.total).toBe(3);
    expect(one.body.data.rows).toHaveLength(1);
    const byJob = await get(mock, `/api/history/runs?job=${IDS.jobs.sqliteToLocal}`);
    expect(byJob.body.data.rows).toHaveLength(3);
    const byStarter = await get(mock, '/api/history/runs?by=manual:SDK%20Admin');
    expect(byStarter.body.data.rows.map((r: Json) => r.type)).toEqual(['IntegrityCheck']);
    const bad = await get(mock, '/api/history/runs?pageSize=500');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ success: false, error: 'Invalid query parameters' });
  });

  it('gives run details with uploads and problems, rows with row=1, and a 404 for unknown runs', async () => {
    const { mock } = start({ version: '3.4' });
    const detail = (await get(mock, `/api/history/runs/${IDS.executions.partial}`)).body.data;
    expect(detail.uploads).toEqual([
      expect.objectContaining({ name: 'Local Primary', state: 'done', error: null }),
      expect.objectContaining({
        name: 'Local Broken',
        state: 'failed',
        error: expect.stringMatching(/ENOTDIR/),
      }),
    ]);
    expect(detail.problems.some((p: Json) => p.tone === 'error' && p.subject === 'Local Broken')).toBe(true);
    expect(detail.logsPurgedAt).toBeNull();
    expect(detail.job).toEqual({ id: IDS.jobs.twoDestinations, name: 'SQLite to Two Destinations' });
    const row = (await get(mock, `/api/history/runs/${IDS.executions.partial}?row=1`)).body.data;
    expect(row).not.toHaveProperty('uploads');
    expect(row.copies.total).toBe(2);
    const missing = await get(mock, '/api/history/runs/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/Data retention may have removed it/);
  });

  it('purges logs older than the retention but keeps the run note', async () => {
    const { mock, clock } = start({ version: '3.4' });
    const old = mock.addExecution({
      status: 'Failed',
      startedAt: clock.now() - 100 * DAY,
      logs: [
        {
          timestamp: new Date(clock.now() - 100 * DAY).toISOString(),
          level: 'error',
          type: 'general',
          message: 'Dump failed: disk full',
        },
      ],
    });
    const detail = (await get(mock, `/api/executions/${old.id}?includeLogs=true`)).body.data;
    expect(detail.logs).toEqual([]);
    expect(Date.parse(detail.logsPurgedAt)).toBeLessThanOrEqual(clock.now());
    expect(detail.error).toBe('Dump failed: disk full');
    const fresh = (await get(mock, `/api/executions/${IDS.executions.failed}?includeLogs=true`)).body.data;
    expect(fresh.logsPurgedAt).toBeNull();
    expect(fresh.logs.length).toBeGreaterThan(0);
    const run = (await get(mock, `/api/history/runs/${old.id}`)).body.data;
    expect(run.note).toBe('Dump failed: disk full');
    expect(run.problems).toEqual([]);
    expect(run.logsPurgedAt).toBe(detail.logsPurgedAt);
  });

  it('serves dashboard stats', async () => {
    const { mock } = start({ version: '3.4' });
    const res = await get(mock, '/api/dashboard/stats');
    expect(res.body).toEqual({
      success: true,
      data: expect.objectContaining({ totalJobs: 4, activeSchedules: 3, failed24h: 1 }),
    });
  });

  it('answers a missing permission on the new routes with a real 403', async () => {
    const { mock } = start({ version: '3.4' });
    const dashboard = await get(mock, '/api/dashboard/stats', mock.keys.historyOnly);
    expect(dashboard.status).toBe(403);
    expect(dashboard.body).toEqual({ success: false, error: 'Forbidden' });
    mock.setPermissions('historyOnly', ['jobs:read']);
    for (const path of [
      '/api/history/runs',
      `/api/history/runs/${IDS.executions.partial}`,
      '/api/notification-logs',
    ]) {
      const res = await get(mock, path, mock.keys.historyOnly);
      expect(res.status, path).toBe(403);
      expect(res.body).toEqual({ success: false, error: 'Forbidden' });
    }
    expect((await get(mock, '/api/history/runs', mock.keys.disabled)).status).toBe(500);
    const anonymous = await fetch(`${mock.baseUrl}/api/history/runs`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ success: false, error: 'Unauthorized' });
  });
});

describe('DBackup mock webhook channel', () => {
  async function runJob(mock: DBackupMock, clock: VirtualClock, jobId: string) {
    const res = await fetch(`${mock.baseUrl}/api/jobs/${jobId}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.keys.full}` },
    });
    const { executionId } = (await res.json()) as { executionId: string };
    clock.advance(5_000);
    void mock.state; // runs end when the mock is next asked
    await mock.flushWebhooks();
    return executionId;
  }

  it('POSTs the generic webhook body when a backup run ends, then logs the notification', async () => {
    const received: { headers: Headers; body: Json }[] = [];
    const { mock, clock } = start({
      version: '3.4',
      webhook: {
        target: async (request) => {
          received.push({ headers: request.headers, body: await request.json() });
          return new Response(null, { status: 204 });
        },
        headers: { 'X-Webhook-Secret': 's3cret' },
      },
    });
    expect(received).toHaveLength(0); // the seed history sends nothing
    const id = await runJob(mock, clock, IDS.jobs.twoDestinations);
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received as [(typeof received)[0]];
    expect(headers.get('x-webhook-secret')).toBe('s3cret');
    expect(headers.get('content-type')).toBe('application/json');
    const execution = mock.state.executions.find((e) => e.id === id);
    expect(body).toEqual({
      title: 'Backup Partial: SQLite to Two Destinations',
      message: expect.stringContaining('Partial upload: ✓ Local Primary, ✗ Local Broken'),
      success: false,
      color: '#f97316',
      timestamp: execution?.endedAt,
      eventType: 'backup_partial',
      fields: expect.arrayContaining([
        { name: 'Job', value: 'SQLite to Two Destinations', inline: true },
        { name: 'Source', value: 'App SQLite', inline: true },
      ]),
    });
    expect(mock.state.notificationLogs).toEqual([
      expect.objectContaining({
        executionId: id,
        status: 'Success',
        eventType: 'backup_partial',
        adapterId: 'generic-webhook',
      }),
    ]);
    const logs = await get(mock, `/api/notification-logs?executionId=${id}`);
    expect(logs.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(logs.body.data[0].title).toBe('Backup Partial: SQLite to Two Destinations');
    const detail = (await get(mock, `/api/history/runs/${id}`)).body.data;
    expect(detail.notifications).toEqual([
      expect.objectContaining({ status: 'Success', channelName: 'Backupchecks' }),
    ]);
  });

  it('renders a payload template, sends failures, and logs a failed delivery', async () => {
    const received: string[] = [];
    const { mock, clock } = start({
      webhook: {
        target: async (request) => {
          received.push(await request.text());
          return new Response('nope', { status: 500 });
        },
        payloadTemplate: '{"t":"{{title}}","ok":{{success}},"at":"{{timestamp}}","f":{{fields}}}',
      },
    });
    const id = await runJob(mock, clock, IDS.jobs.missingSqlite);
    const body = JSON.parse(received[0] ?? '') as Json;
    expect(body.t).toBe('Backup Failed: Missing SQLite Job');
    expect(body.ok).toBe(false);
    expect(body.f).toContainEqual({
      name: 'Error',
      value: expect.stringMatching(/sqlite3 exited/),
      inline: false,
    });
    expect(mock.state.notificationLogs[0]).toMatchObject({
      executionId: id,
      status: 'Failed',
      title: 'Backup Notification',
    });
  });

  it('respects the job notification filter', async () => {
    const received: unknown[] = [];
    const { mock, clock } = start({
      webhook: {
        target: (request) => {
          received.push(request);
          return new Response(null, { status: 200 });
        },
      },
    });
    const job = mock.state.jobs.find((j) => j.id === IDS.jobs.sqliteToLocal);
    if (job) job.notificationEvents = 'FAILURE_ONLY';
    await runJob(mock, clock, IDS.jobs.sqliteToLocal);
    expect(received).toHaveLength(0);
  });
});
