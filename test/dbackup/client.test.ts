import { Buffer } from 'node:buffer';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ConfigError, ResponseValidationError } from '../../src/core/errors';
import { DBackupClient } from '../../src/dbackup';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('DBackupClient construction', () => {
  it('refuses a key without the dbackup_ prefix, a missing key and an insecure URL before any request', () => {
    const { mock } = setup();
    expect(() => new DBackupClient({ baseUrl: mock.baseUrl, apiKey: 'abc123' })).toThrow(ConfigError);
    expect(() => new DBackupClient({ baseUrl: mock.baseUrl, apiKey: '' })).toThrow(/dbackup_/);
    expect(() => new DBackupClient({ baseUrl: 'http://backup.example.com', apiKey: mock.keys.full })).toThrow(
      /allowInsecureHttp/,
    );
    expect(
      () => new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full, rateLimit: { get: 0 } }),
    ).toThrow(/rateLimit.get/);
    expect(() => new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full, timeoutMs: -1 })).toThrow(
      /timeoutMs/,
    );
    expect(mock.requests).toHaveLength(0);
  });

  it('rejects bad arguments before sending anything', async () => {
    const { client, mock } = setup();
    await expect(client.executions.get('')).rejects.toThrow(ConfigError);
    await expect(client.jobs.run(undefined as unknown as string)).rejects.toThrow(
      /`id` must be a non-empty string/,
    );
    await expect(client.jobs.run('x', { lock: 'yes' as unknown as boolean })).rejects.toThrow(/lock/);
    await expect(client.adapters.list('disk' as 'storage')).rejects.toThrow(/type/);
    await expect(client.storage.history('x', { days: 400 })).rejects.toThrow(/days/);
    await expect(client.jobs.create({ name: 'n', schedule: '* * * * *', destinations: [] })).rejects.toThrow(
      /destinations/,
    );
    await expect(client.vault.recoveryKit([])).rejects.toThrow(ConfigError);
    await expect(client.executions.waitFor('x', { intervalMs: -5 })).rejects.toThrow(/intervalMs/);
    expect(mock.requests).toHaveLength(0);
  });
});

describe('jobs', () => {
  it('lists jobs with parsed JSON-string fields', async () => {
    const { client } = setup();
    const jobs = await client.jobs.list();
    const job = jobs.find((j) => j.id === IDS.jobs.sqliteToLocal);
    expect(job?.name).toBe('SQLite to Local');
    expect(Array.isArray(job?.databases)).toBe(true);
  });

  it('creates, updates and deletes a job', async () => {
    const { client, mock } = setup();
    const created = await client.jobs.create({
      name: 'Nightly app DB',
      schedule: '0 2 * * *',
      sourceId: IDS.adapters.appSqlite,
      destinations: [{ configId: IDS.adapters.localPrimary }],
      compression: 'GZIP',
    });
    expect(created.name).toBe('Nightly app DB');
    const updated = await client.jobs.update(created.id, { schedule: '30 3 * * *' });
    expect(updated.schedule).toBe('30 3 * * *');
    expect(await client.jobs.delete(created.id)).toMatchObject({ success: true });
    expect((await client.jobs.list()).some((j) => j.id === created.id)).toBe(false);
    expect(mock.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 201',
      'PUT 200',
      'DELETE 200',
      'GET 200',
    ]);
  });

  it('a duplicate job name surfaces as DBackupRequestError (409)', async () => {
    const { client } = setup();
    const error = await client.jobs
      .create({
        name: 'SQLite to Local',
        schedule: '0 2 * * *',
        destinations: [{ configId: IDS.adapters.localPrimary }],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DBackupRequestError', status: 409 });
  });

  it('runs a job, sending {lock} only when asked, and waits for Success', async () => {
    const { client, mock } = setup();
    const queued = await client.jobs.run(IDS.jobs.sqliteToLocal, { lock: true });
    expect(queued.success).toBe(true);
    const progress: string[] = [];
    const done = await client.executions.waitFor(queued.executionId, {
      intervalMs: 100,
      onProgress: (e) => progress.push(e.status),
    });
    expect(done.status).toBe('Success');
    expect(done.duration).toBeGreaterThan(0);
    expect(done.logs?.length).toBeGreaterThan(0);
    expect(progress[0]).toBe('Pending');
    expect(progress).toContain('Running');
    expect(progress.at(-1)).toBe('Success');
    expect(mock.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('runAndWait ends on Partial and Failed, not only Success', async () => {
    const { client } = setup();
    const partial = await client.jobs.runAndWait(IDS.jobs.twoDestinations, { intervalMs: 100 });
    expect(partial.status).toBe('Partial');
    expect(partial.error).toBeNull();
    const failed = await client.jobs.runAndWait(IDS.jobs.missingSqlite, { intervalMs: 100 });
    expect(failed.status).toBe('Failed');
    expect(failed.error).toMatch(/sqlite3|Dump failed/);
  });
});

describe('executions', () => {
  it('gets an execution with and without logs (includeLogs is sent as the string "true")', async () => {
    const { client, mock } = setup();
    const plain = await client.executions.get(IDS.executions.success);
    expect(plain.status).toBe('Success');
    expect(plain.logs).toBeUndefined();
    const withLogs = await client.executions.get(IDS.executions.success, { includeLogs: true });
    expect(withLogs.logs?.length).toBeGreaterThan(0);
    expect(mock.requests.at(-1)?.search).toBe('?includeLogs=true');
  });

  it('reads every terminal status the server has', async () => {
    const { client } = setup();
    const statuses = await Promise.all(
      [
        IDS.executions.partial,
        IDS.executions.failed,
        IDS.executions.cancelledRunning,
        IDS.executions.integrityCheck,
      ].map(async (id) => (await client.executions.get(id)).status),
    );
    expect(statuses).toEqual(['Partial', 'Failed', 'Cancelled', 'Partial']);
    const task = await client.executions.get(IDS.executions.integrityCheck);
    expect(task.jobId).toBeNull();
    expect(task.type).toBe('IntegrityCheck');
  });

  it('cancels a pending run, and waitFor ends on Cancelled', async () => {
    const { client } = setup({ mock: { timings: { pendingMs: 60_000 } } });
    const { executionId } = await client.jobs.run(IDS.jobs.sqliteToLocal);
    const cancelled = await client.executions.cancel(executionId);
    expect(cancelled.success).toBe(true);
    const final = await client.executions.waitFor(executionId, { intervalMs: 50 });
    expect(final.status).toBe('Cancelled');
  });

  it('cancel of a finished run is DBackupRequestError (400) with the server message', async () => {
    const { client } = setup();
    const error = await client.executions.cancel(IDS.executions.success).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'DBackupRequestError',
      status: 400,
      serverMessage: 'Cannot cancel execution with status: Success',
    });
  });

  it('waitFor gives up with TimeoutError and can be aborted', async () => {
    const { client } = setup({ mock: { timings: { pendingMs: 3_600_000 } } });
    const { executionId } = await client.jobs.run(IDS.jobs.sqliteToLocal);
    await expect(
      client.executions.waitFor(executionId, { intervalMs: 1_000, timeoutMs: 5_000 }),
    ).rejects.toMatchObject({
      name: 'TimeoutError',
      message: expect.stringMatching(/still Pending/),
    });
    const controller = new AbortController();
    const waiting = client.executions.waitFor(executionId, { intervalMs: 1_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('history, adapters, storage, vault, settings, health', () => {
  it('history.list parses metadata strings and keeps system tasks with jobId null', async () => {
    const { client } = setup();
    const history = await client.history.list();
    expect(history.systemTimezone).toBeTypeOf('string');
    expect(history.executions.length).toBeGreaterThan(3);
    const task = history.executions.find((e) => e.id === IDS.executions.integrityCheck);
    expect(task?.jobId).toBeNull();
    expect(typeof history.executions[0]?.metadata).not.toBe('string');
  });

  it('adapters: list per type, create, update, delete, and the connection helpers', async () => {
    const { client } = setup();
    const storages = await client.adapters.list('storage');
    expect(storages.map((a) => a.id)).toContain(IDS.adapters.localPrimary);
    expect(typeof storages[0]?.config).toBe('object');
    expect((await client.adapters.list('database')).length).toBeGreaterThan(0);
    expect(await client.adapters.list('notification')).toEqual([]);
    const created = await client.adapters.create({
      name: 'Scratch',
      type: 'storage',
      adapterId: 'local-filesystem',
      config: { basePath: '/tmp/scratch' },
    });
    const renamed = await client.adapters.update(created.id, { name: 'Scratch 2' });
    expect(renamed.name).toBe('Scratch 2');
    expect(await client.adapters.delete(created.id)).toMatchObject({ success: true });
    const test = await client.adapters.testConnection({
      adapterId: 'sqlite',
      config: { mode: 'local', path: '/x.db' },
    });
    expect(test.success).toBeTypeOf('boolean');
    const access = await client.adapters.accessCheck({
      adapterId: 'sqlite',
      config: { mode: 'local', path: '/x.db' },
    });
    expect(access).toHaveProperty('success');
    const stats = await client.adapters.databaseStats({ sourceId: IDS.adapters.appSqlite });
    // DBackup sends `sizeInBytes` (not `sizeBytes`) plus the engine's version.
    expect(stats).toEqual({
      success: true,
      databases: [{ name: 'app', sizeInBytes: 12_288, tableCount: expect.any(Number) }],
      serverVersion: '3.40.1',
    });
    const size: number | null | undefined = stats.databases?.[0]?.sizeInBytes;
    expect(size).toBe(12_288);
    const health = await client.adapters.healthHistory(IDS.adapters.appSqlite, {
      limit: 5,
      from: new Date(0),
    });
    expect(Array.isArray(health.history)).toBe(true);
  });

  it('deleting an adapter a job uses is refused with DBackupRequestError', async () => {
    const { client } = setup();
    await expect(client.adapters.delete(IDS.adapters.localPrimary)).rejects.toMatchObject({
      name: 'DBackupRequestError',
      status: 400,
    });
  });

  it('storage: files, download stream, single-use link, restore, analyze, delete, history', async () => {
    const { client } = setup();
    const files = await client.storage.listFiles(IDS.adapters.localPrimary);
    expect(files.length).toBeGreaterThan(0);
    const file = files[0]!;
    const download = await client.storage.download(IDS.adapters.localPrimary, file.path);
    expect(download.filename).toBeTruthy();
    expect((await readAll(download.body)).length).toBeGreaterThan(0);
    const link = await client.storage.createDownloadUrl(IDS.adapters.localPrimary, file.path);
    const viaLink = await client.storage.publicDownload(link.url);
    expect((await readAll(viaLink.body)).length).toBeGreaterThan(0);
    await expect(client.storage.publicDownload(link.url)).rejects.toMatchObject({ status: 401 });
    const analyzed = await client.storage.analyze(IDS.adapters.localPrimary, file.path);
    expect(Array.isArray(analyzed.databases)).toBe(true);
    const restore = await client.storage.restore(IDS.adapters.localPrimary, {
      file: file.path,
      targetSourceId: IDS.adapters.appSqlite,
    });
    expect(restore.executionId).toBeTruthy();
    expect((await client.executions.get(restore.executionId)).type).toBe('Restore');
    expect(await client.storage.deleteFile(IDS.adapters.localPrimary, file.path)).toMatchObject({
      success: true,
    });
    const usage = await client.storage.history(IDS.adapters.localPrimary, { days: 1 });
    expect(Array.isArray(usage.data)).toBe(true);
  });

  it('storage of an unknown id is DBackupNotFoundError', async () => {
    const { client } = setup();
    await expect(client.storage.listFiles('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      name: 'DBackupNotFoundError',
      status: 404,
    });
  });

  it('vault recovery kit downloads a zip for one or more profiles', async () => {
    const { client, mock } = setup();
    const kit = await client.vault.recoveryKit(IDS.encryptionProfiles.defaultKey);
    expect(kit.contentType).toMatch(/zip/);
    const bytes = await readAll(kit.body);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(mock.requests.at(-1)?.search).toBe(`?ids=${IDS.encryptionProfiles.defaultKey}`);
  });

  it('settings: list, update and run a system task (the run creates an execution)', async () => {
    const { client } = setup();
    const tasks = await client.settings.listSystemTasks();
    expect(tasks.map((t) => t.id)).toContain(IDS.systemTasks.integrityCheck);
    expect(
      await client.settings.updateSystemTask({ taskId: IDS.systemTasks.healthCheck, enabled: false }),
    ).toMatchObject({ success: true });
    const run = await client.settings.runSystemTask(IDS.systemTasks.integrityCheck);
    expect(run.success).toBe(true);
  });

  it('health needs no key and reports healthy', async () => {
    const { client, mock } = setup();
    const health = await client.health();
    expect(health.status).toBe('healthy');
    expect(mock.requests.at(-1)?.keyName).toBeUndefined();
  });
});

describe('malformed responses', () => {
  it('a body missing what the SDK relies on raises ResponseValidationError with the path, never a TypeError', async () => {
    const { client, server, mock } = setup();
    server.use(
      http.get(`${mock.baseUrl}/api/executions/:id`, () =>
        HttpResponse.json({ success: true, data: { id: 42 } }),
      ),
      http.get(
        `${mock.baseUrl}/api/history`,
        () => new HttpResponse('<html>proxy error</html>', { status: 200 }),
      ),
    );
    const error = await client.executions.get('abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).path).toBe('data.id');
    expect((error as Error).message).toMatch(/GET \/api\/executions\/:id/);
    await expect(client.history.list()).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
