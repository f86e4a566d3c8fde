import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import {
  createDBackupWebhookHandler,
  type DBackupWebhookContext,
  type DBackupWebhookHandler,
  DBackupWebhookLookupError,
  DBackupWebhookPayloadError,
  parseDBackupWebhook,
} from '../../src/dbackup';
import type { BackupRun } from '../../src/normalize';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();

/** The default body DBackup 3.2.0 sent for a failed backup (src/lib/notifications/templates.ts). */
const failedBody = {
  title: 'Backup Failed: Missing SQLite Job',
  message: "Backup job 'Missing SQLite Job' failed. Error: Dump failed",
  success: false,
  color: '#ef4444',
  timestamp: '2026-11-23T00:51:02.001Z',
  eventType: 'backup_failure',
  fields: [
    { name: 'Job', value: 'Missing SQLite Job', inline: true },
    { name: 'Source', value: 'Missing SQLite', inline: true },
    { name: 'Error', value: 'Dump failed', inline: false },
    { name: 'Time', value: '2026-11-23T00:51:01.950Z', inline: true },
  ],
};

describe('parseDBackupWebhook', () => {
  it('reads the default body', () => {
    const event = parseDBackupWebhook(JSON.stringify(failedBody));
    expect(event).toMatchObject({
      kind: 'backup',
      outcome: 'failure',
      jobName: 'Missing SQLite Job',
      time: '2026-11-23T00:51:01.950Z',
      sentAt: '2026-11-23T00:51:02.001Z',
      eventType: 'backup_failure',
      success: false,
      color: '#ef4444',
    });
    expect(event.fields).toHaveLength(4);
    expect(event.field('error')).toBe('Dump failed');
  });

  it('reads templates that keep the keys: success as text, fields as a JSON string, no eventType', () => {
    const template = `{"title":"Backup Partial: Nightly DB","message":"m","success":false,"timestamp":"2026-11-23T01:00:00.000Z","fields":${JSON.stringify(JSON.stringify([{ name: 'Job', value: 'Nightly DB' }]))}}`;
    expect(parseDBackupWebhook(template)).toMatchObject({
      kind: 'backup',
      outcome: 'partial',
      jobName: 'Nightly DB',
    });
    const quoted = parseDBackupWebhook({
      title: 'Backup Successful: Shop: EU',
      success: 'true',
      timestamp: '2026-11-23T01:00:00Z',
    });
    // No fields: the job comes from the title (everything after the first ": ").
    expect(quoted).toMatchObject({
      kind: 'backup',
      outcome: 'success',
      jobName: 'Shop: EU',
      success: true,
      message: '',
    });
    expect(quoted.time).toBe('2026-11-23T01:00:00.000Z');
  });

  it('tells test and other notifications apart from backups', () => {
    const base = { message: '', success: true, timestamp: '2026-11-23T01:00:00Z' };
    expect(
      parseDBackupWebhook({ ...base, title: 'DBackup Connection Test', eventType: 'test' }),
    ).toMatchObject({
      kind: 'test',
      outcome: undefined,
      jobName: undefined,
    });
    expect(
      parseDBackupWebhook({ ...base, title: 'Restore Completed', eventType: 'restore_complete' }).kind,
    ).toBe('other');
  });

  it('throws a DBackupWebhookPayloadError naming the wrong key', () => {
    const reason = (body: unknown) => {
      try {
        parseDBackupWebhook(body);
      } catch (error) {
        expect(error).toBeInstanceOf(DBackupWebhookPayloadError);
        expect((error as Error).message).toMatch(/Expected JSON \{title, message, success/);
        return (error as DBackupWebhookPayloadError).reason;
      }
      return 'no error';
    };
    expect(reason('{not json')).toBe('the body is not JSON');
    expect(reason([failedBody])).toBe('the body must be a JSON object');
    expect(reason({ ...failedBody, title: '' })).toMatch(/"title"/);
    expect(reason({ ...failedBody, success: 'yes' })).toMatch(/"success"/);
    expect(reason({ ...failedBody, timestamp: 'yesterday' })).toMatch(/"timestamp"/);
    expect(reason({ ...failedBody, fields: 'x' })).toMatch(/"fields"/);
    expect(reason({ ...failedBody, fields: [{ name: 'Job' }] })).toMatch(/fields\[0\]/);
    expect(reason({ ...failedBody, eventType: 7 })).toMatch(/"eventType"/);
  });
});

function wire(
  version: '3.2' | '3.4',
  options: { secret?: string; key?: 'full' | 'historyOnly'; template?: string; delays?: number[] } = {},
) {
  const delivered: { runs: BackupRun[]; context: DBackupWebhookContext }[] = [];
  const failures: unknown[] = [];
  let handler: DBackupWebhookHandler | undefined;
  const env = setup({
    key: options.key,
    mock: {
      version,
      webhook: {
        target: (request) => (handler ? handler(request) : new Response(null, { status: 503 })),
        ...(options.secret ? { headers: { 'X-Webhook-Secret': options.secret } } : {}),
        ...(options.template ? { payloadTemplate: options.template } : {}),
      },
    },
  });
  handler = createDBackupWebhookHandler({
    client: env.client,
    secret: 's3cret',
    onRuns: (runs, context) => {
      delivered.push({ runs, context });
    },
    onError: (error) => failures.push(error),
    retryDelaysMs: options.delays ?? [0, 0, 0],
  });
  const h = handler;
  async function runJob(jobId: string) {
    const { executionId } = await env.client.jobs.run(jobId);
    env.clock.advance(5_000);
    void env.mock.state; // runs end when the mock is next asked
    await env.mock.flushWebhooks();
    await h.idle();
    return executionId;
  }
  return { ...env, handler: h, delivered, failures, runJob };
}

describe('createDBackupWebhookHandler × the DBackup mock', () => {
  for (const version of ['3.2', '3.4'] as const) {
    it(`imports the announced run within the same request cycle (${version})`, async () => {
      const { runJob, delivered, failures, mock } = wire(version, { secret: 's3cret' });
      const failed = await runJob(IDS.jobs.missingSqlite);
      const partial = await runJob(IDS.jobs.twoDestinations);
      expect(failures).toEqual([]);
      expect(delivered.map((d) => d.context.executionId)).toEqual([failed, partial]);
      const [first, second] = delivered.map((d) => d.runs[0]);
      expect(first).toMatchObject({
        id: `dbackup:${failed}`,
        status: 'failed',
        job: { id: IDS.jobs.missingSqlite, name: 'Missing SQLite Job' },
        message: expect.stringMatching(/sqlite3 exited with code 1/),
      });
      expect(second).toMatchObject({ id: `dbackup:${partial}`, status: 'warning' });
      if (version === '3.4') {
        expect(second?.objects.filter((o) => o.status === 'failed').map((o) => o.name)).toEqual([
          'Local Broken',
        ]);
      }
      // The mock logged each delivery as a success: the handler answered 202.
      expect(mock.state.notificationLogs.map((l) => l.status)).toEqual(['Success', 'Success']);
    });
  }

  it('on 3.4 takes the execution id from the notification log: two requests per notification', async () => {
    const { runJob, delivered, mock, client } = wire('3.4', { secret: 's3cret', delays: [50] });
    await client.detectVersion();
    const before = mock.requests.length;
    const id = await runJob(IDS.jobs.sqliteToLocal);
    expect(delivered.map((d) => d.context.executionId)).toEqual([id]);
    const calls = mock.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    // run + status polls are the test's own; the handler sent exactly these two:
    expect(calls.filter((c) => !c.startsWith('POST /api/jobs/'))).toEqual([
      'GET /api/notification-logs',
      `GET /api/history/runs/${id}`,
    ]);
  });

  it('tells two runs of the same job apart and delivers each once', async () => {
    const { runJob, delivered } = wire('3.2', { secret: 's3cret' });
    const a = await runJob(IDS.jobs.sqliteToLocal);
    const b = await runJob(IDS.jobs.sqliteToLocal);
    expect(a).not.toBe(b);
    expect(delivered.map((d) => d.context.executionId)).toEqual([a, b]);
  });

  it('finds the run through the history when the notification log is not readable', async () => {
    const { runJob, delivered, mock } = wire('3.4', { secret: 's3cret' });
    mock.setPermissions('full', ['history:read', 'jobs:execute', 'jobs:read']);
    mock.failNext(
      { path: '/api/notification-logs' },
      { status: 403, body: { success: false, error: 'Forbidden' } },
      10,
    );
    const id = await runJob(IDS.jobs.sqliteToLocal);
    expect(delivered.map((d) => d.runs[0]?.id)).toEqual([`dbackup:${id}`]);
  });

  it('stops asking for the notification log after 3.2 refused it, and still imports', async () => {
    const { runJob, delivered, mock } = wire('3.2', { secret: 's3cret' });
    // How 3.2.0 answers a key without history:read here (the SDK retries a 500 twice).
    mock.failNext(
      { path: '/api/notification-logs' },
      { status: 500, body: { error: 'Failed to fetch notification logs' } },
      3,
    );
    const a = await runJob(IDS.jobs.sqliteToLocal);
    const b = await runJob(IDS.jobs.sqliteToLocal);
    expect(delivered.map((d) => d.context.executionId)).toEqual([a, b]);
    expect(mock.requests.filter((r) => r.path === '/api/notification-logs')).toHaveLength(3);
  });

  it('works with a payload template that keeps the keys', async () => {
    const { runJob, delivered } = wire('3.2', {
      secret: 's3cret',
      template:
        '{"title":"{{title}}","message":"{{message}}","success":{{success}},"timestamp":"{{timestamp}}","fields":{{fields}}}',
    });
    const id = await runJob(IDS.jobs.sqliteToLocal);
    expect(delivered[0]?.runs[0]).toMatchObject({ id: `dbackup:${id}`, status: 'success' });
  });

  it('answers 401 to a wrong secret and imports nothing', async () => {
    const { runJob, delivered, mock } = wire('3.2', { secret: 'wrong' });
    await runJob(IDS.jobs.sqliteToLocal);
    expect(delivered).toEqual([]);
    expect(mock.state.notificationLogs[0]).toMatchObject({ status: 'Failed' });
  });

  it('reports a notification whose run cannot be found to onError', async () => {
    const { handler, failures, delivered } = wire('3.2');
    const res = await handler(
      new Request('https://hook.test/', {
        method: 'POST',
        headers: { authorization: 'Bearer s3cret' },
        body: JSON.stringify({ ...failedBody, title: 'Backup Failed: No Such Job', fields: [] }),
      }),
    );
    expect(res.status).toBe(202);
    await handler.idle();
    expect(delivered).toEqual([]);
    expect(failures).toEqual([expect.any(DBackupWebhookLookupError)]);
    expect((failures[0] as Error).message).toMatch(/No run of job "No Such Job"/);
  });
});

describe('createDBackupWebhookHandler on junk', () => {
  const client = { history: { list: () => Promise.reject(new Error('must not be called')) } } as never;
  const handler = createDBackupWebhookHandler({
    client,
    secret: 'k',
    onRuns: () => undefined,
    maxBodyBytes: 256,
  });
  const post = (body: BodyInit | null, headers: Record<string, string> = { 'x-webhook-secret': 'k' }) =>
    handler(new Request('https://hook.test/', { method: 'POST', headers, body }));

  it('answers 400, 401, 405, 413 and 200 without throwing', async () => {
    expect((await post('{bad')).status).toBe(400);
    expect(await (await post('[]')).json()).toEqual({
      error: expect.stringMatching(/must be a JSON object/),
    });
    expect((await post(null)).status).toBe(400);
    expect((await post(JSON.stringify(failedBody), {})).status).toBe(401);
    expect((await post(JSON.stringify(failedBody), { 'x-webhook-secret': 'kk' })).status).toBe(401);
    expect((await handler(new Request('https://hook.test/'))).status).toBe(405);
    expect((await post('x'.repeat(300))).status).toBe(413);
    const test = await post(
      JSON.stringify({
        title: 'DBackup Connection Test',
        success: true,
        timestamp: new Date().toISOString(),
        eventType: 'test',
      }),
    );
    expect([test.status, await test.json()]).toEqual([
      200,
      { accepted: false, reason: 'ignored test notification' },
    ]);
    await handler.idle();
  });

  it('refuses bad options with ConfigError', () => {
    const onRuns = () => undefined;
    expect(() => createDBackupWebhookHandler(undefined as never)).toThrow(ConfigError);
    expect(() => createDBackupWebhookHandler({ client: {} as never, onRuns })).toThrow(ConfigError);
    expect(() => createDBackupWebhookHandler({ client, onRuns: 1 as never })).toThrow(ConfigError);
    expect(() => createDBackupWebhookHandler({ client, onRuns, secret: '' })).toThrow(ConfigError);
    expect(() => createDBackupWebhookHandler({ client, onRuns, retryDelaysMs: [] })).toThrow(ConfigError);
    expect(() => createDBackupWebhookHandler({ client, onRuns, normalize: { instance: ' ' } })).toThrow(
      ConfigError,
    );
    expect(() =>
      createDBackupWebhookHandler({
        client,
        onRuns,
        normalize: { statusMap: { dbackup: { Success: 'great' } } as never },
      }),
    ).toThrow(ConfigError);
  });
});
