/**
 * The `backupchecks` bin end to end: the built dist/cli/index.js as a child process against its
 * own mock servers (`backupchecks mock`), checking stdout, stderr, exit codes and state files.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBackupClient } from '../../src/dbackup';
import { jsonSchema, validateJsonSchema } from '../normalize/helpers';
import { baseEnv, built, cli, type RunningMock, start, startMock } from './harness';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
let mock: RunningMock;
let dir: string;

function lines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

describe.skipIf(!built)('backupchecks (built bin)', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    mock = await startMock(['--devices', '40', '--run-time', '1500ms']);
    dir = mkdtempSync(join(tmpdir(), 'bc-cli-'));
  });
  afterAll(async () => {
    expect(await mock?.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--version prints the package version', () => {
    expect(cli(['--version'], baseEnv())).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('runs twice with one checkpoint: the second prints nothing new; every line is a valid BackupRun', () => {
    const checkpoint = join(dir, 'twice.json');
    const first = cli(['runs', '--checkpoint', checkpoint], mock.env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const runs = lines(first.stdout) as { id: string; source: string; instance: string }[];
    expect(runs.filter((r) => r.source === 'cove')).toHaveLength(40);
    expect(runs.filter((r) => r.source === 'dbackup').length).toBeGreaterThan(0);
    for (const run of runs) expect(validateJsonSchema(run, jsonSchema), run.id).toEqual([]);
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    expect(runs.every((r) => r.instance === r.source)).toBe(true);

    const second = cli(['runs', '--checkpoint', checkpoint], mock.env);
    expect(second).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const saved = readFileSync(checkpoint, 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ format: 'backupchecks-runs-checkpoint', version: 1 });
    expect(Object.keys(JSON.parse(saved).sources)).toEqual(['cove', 'dbackup']);
    for (const secret of [mock.env.COVE_PASSWORD, mock.env.DBACKUP_API_KEY])
      expect(saved).not.toContain(secret);
    expect(existsSync(`${checkpoint}.lock`)).toBe(false);
  });

  it('formats: json is an array, csv has a header and one row per run, table is for people', () => {
    const json = cli(['runs', '--source', 'dbackup', '--format', 'json'], mock.env);
    const array = JSON.parse(json.stdout) as unknown[];
    expect(Array.isArray(array)).toBe(true);
    const csv = cli(['runs', '--source', 'dbackup', '--format', 'csv'], mock.env);
    const rows = csv.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'source,started,status,customer,job,size,message,id,externalId,jobId,endedAt,errorCount,host',
    );
    expect(rows).toHaveLength(array.length + 1);
    const table = cli(['runs', '--source', 'dbackup', '--format', 'table'], mock.env);
    expect(table.stdout.split('\n')[0]).toMatch(/^SOURCE\s+STARTED\s+STATUS/);
  });

  it('--since limits a first run to recent runs, and still checkpoints the rest', () => {
    const checkpoint = join(dir, 'since.json');
    const all = lines(cli(['runs', '--source', 'cove'], mock.env).stdout) as { startedAt?: string }[];
    const recent = lines(
      cli(['runs', '--source', 'cove', '--since', '6h', '--checkpoint', checkpoint], mock.env).stdout,
    );
    const cutoff = Date.now() - 6 * 3_600_000;
    const expected = all.filter((r) => !r.startedAt || Date.parse(r.startedAt) >= cutoff - 60_000).length;
    expect(recent.length).toBeLessThan(all.length);
    expect(Math.abs(recent.length - expected)).toBeLessThanOrEqual(1);
    expect(cli(['runs', '--source', 'cove', '--checkpoint', checkpoint], mock.env).stdout).toBe('');
  });

  it('cove devices --status failed lists only failed devices, with customer, last success, errors and size', () => {
    const all = lines(cli(['cove', 'devices'], mock.env).stdout) as Record<string, unknown>[];
    expect(all).toHaveLength(40);
    const failed = cli(['cove', 'devices', '--status', 'failed'], mock.env);
    expect(failed.code).toBe(0);
    const devices = lines(failed.stdout) as Record<string, unknown>[];
    expect(devices.length).toBeGreaterThan(0);
    expect(devices).toEqual(all.filter((d) => d.status === 'failed'));
    for (const d of devices) {
      expect(d).toMatchObject({ source: 'cove', status: 'failed' });
      expect(typeof d.customer).toBe('string');
      expect(d).toHaveProperty('lastSuccess');
      expect(d).toHaveProperty('errors');
      expect(d).toHaveProperty('sizeBytes');
    }
    const stale = lines(cli(['cove', 'devices', '--stale', '3d'], mock.env).stdout) as {
      lastSuccess: string | null;
    }[];
    for (const d of stale)
      expect(d.lastSuccess === null || Date.now() - Date.parse(d.lastSuccess) >= 3 * 86_400_000).toBe(true);
    const partnerId = (all[0] as { partnerId: number }).partnerId;
    const one = lines(cli(['cove', 'devices', '--partner', String(partnerId)], mock.env).stdout) as {
      partnerId: number;
    }[];
    expect(one.length).toBeGreaterThan(0);
    expect(one.length).toBeLessThan(all.length);
  });

  it('cove probe sorts columns into allowed and restricted', () => {
    const r = cli(['cove', 'probe', 'I1', 'D09F00', '--format', 'json'], mock.env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { source: 'cove', column: 'I1', verdict: 'allowed' },
      { source: 'cove', column: 'D09F00', verdict: 'allowed' },
    ]);
  });

  it('dbackup jobs and history (--status in either vocabulary)', () => {
    const jobs = lines(cli(['dbackup', 'jobs'], mock.env).stdout) as { name: string }[];
    expect(jobs.map((j) => j.name)).toContain('SQLite to Local');
    const partial = lines(cli(['dbackup', 'history', '--status', 'Partial'], mock.env).stdout) as Record<
      string,
      unknown
    >[];
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.every((r) => r.vendorStatus === 'Partial' && r.status === 'warning')).toBe(true);
    const warning = lines(cli(['dbackup', 'history', '--status', 'warning'], mock.env).stdout) as Record<
      string,
      unknown
    >[];
    expect(warning.every((r) => r.status === 'warning')).toBe(true);
  });

  it('dbackup run --wait exits with a code that follows the outcome', () => {
    const ok = cli(['dbackup', 'run', 'SQLite to Local', '--wait', '--interval', '100ms'], mock.env);
    expect(ok.code).toBe(0);
    expect(lines(ok.stdout)).toMatchObject([
      { source: 'dbackup', status: 'success', vendorStatus: 'Success' },
    ]);
    expect(
      cli(['dbackup', 'run', 'SQLite to Two Destinations', '--wait', '--interval', '100ms'], mock.env).code,
    ).toBe(5);
    expect(
      cli(['dbackup', 'run', 'Missing SQLite Job', '--wait', '--interval', '100ms'], mock.env).code,
    ).toBe(6);
    const timeout = cli(
      ['dbackup', 'run', 'SQLite to Local', '--wait', '--timeout', '300ms', '--interval', '100ms'],
      mock.env,
    );
    expect(timeout.code).toBe(8);
    expect(timeout.stderr).toContain('keeps running');
    const queued = cli(['dbackup', 'run', 'SQLite to Local'], mock.env);
    expect(queued.code).toBe(0);
    expect(lines(queued.stdout)).toMatchObject([{ job: 'SQLite to Local', executionId: expect.any(String) }]);
    const unknown = cli(['dbackup', 'run', 'sqlite to local'], mock.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "SQLite to Local"');
  });

  it('dbackup run --wait exits 7 when the run is cancelled, and --cancel-on-interrupt cancels on Ctrl-C', async () => {
    const client = new DBackupClient({
      baseUrl: mock.info.dbackup.baseUrl,
      apiKey: mock.info.dbackup.keys.full as string,
    });
    const waitExit = (child: ReturnType<typeof start>) =>
      new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const jobId = (await client.jobs.list()).find((j) => j.name === 'Big SQLite GZIP')?.id;
    // The run the child queued: new since `before`, of this job, not finished (earlier tests leave
    // runs of other jobs going).
    const running = async (before: Set<string>) => {
      for (let i = 0; i < 200; i++) {
        const { executions } = await client.history.list();
        const found = executions.find(
          (e) => !before.has(e.id) && e.jobId === jobId && (e.status === 'Running' || e.status === 'Pending'),
        );
        if (found) return found.id;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('no running execution');
    };
    const known = async () => new Set((await client.history.list()).executions.map((e) => e.id));
    let before = await known();
    const waiting = start(['dbackup', 'run', 'Big SQLite GZIP', '--wait', '--interval', '100ms'], mock.env);
    const exited = waitExit(waiting);
    await client.executions.cancel(await running(before));
    expect(await exited).toBe(7);

    before = await known();

    const interrupted = start(
      ['dbackup', 'run', 'Big SQLite GZIP', '--wait', '--interval', '100ms', '--cancel-on-interrupt'],
      mock.env,
    );
    let stderr = '';
    interrupted.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const done = waitExit(interrupted);
    const id = await running(before);
    interrupted.kill('SIGINT');
    expect(await done).toBe(130);
    expect(stderr).toContain(`asked DBackup to cancel execution ${id}`);
    const after = await client.executions.waitFor(id, { intervalMs: 100, timeoutMs: 10_000 });
    expect(after.status).toBe('Cancelled');
  });

  it('a corrupt checkpoint exits 2 and is left as it was; --reset-checkpoint starts over', () => {
    const checkpoint = join(dir, 'corrupt.json');
    writeFileSync(
      checkpoint,
      '{"format":"backupchecks-runs-checkpoint","version":1,"sources":{"dbackup":{"runs":7}}',
    );
    const r = cli(['runs', '--source', 'dbackup', '--checkpoint', checkpoint], mock.env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`checkpoint ${checkpoint} is corrupt`);
    expect(r.stderr).toContain('--reset-checkpoint');
    expect(readFileSync(checkpoint, 'utf8')).toContain('"runs":7');
    const reset = cli(
      ['runs', '--source', 'dbackup', '--checkpoint', checkpoint, '--reset-checkpoint'],
      mock.env,
    );
    expect(reset.code).toBe(0);
    expect(lines(reset.stdout).length).toBeGreaterThan(0);
    expect(existsSync(`${checkpoint}.lock`)).toBe(false);
  });

  it('a checkpoint locked by a live process exits 4; a lock left by a dead process is taken over', () => {
    const checkpoint = join(dir, 'locked.json');
    const host = require('node:os').hostname() as string;
    writeFileSync(
      `${checkpoint}.lock`,
      JSON.stringify({ pid: process.pid, host, startedAt: new Date().toISOString() }),
    );
    const locked = cli(['runs', '--source', 'dbackup', '--checkpoint', checkpoint], mock.env);
    expect(locked.code).toBe(4);
    expect(locked.stdout).toBe('');
    expect(locked.stderr).toContain(`is locked by process ${process.pid}`);
    expect(existsSync(checkpoint)).toBe(false);

    const dead = require('node:child_process').spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(
      `${checkpoint}.lock`,
      JSON.stringify({ pid: dead, host, startedAt: new Date().toISOString() }),
    );
    const taken = cli(['runs', '--source', 'dbackup', '--checkpoint', checkpoint], mock.env);
    expect(taken.code).toBe(0);
    expect(taken.stderr).toContain(`took over the stale lock of process ${dead}`);
    expect(lines(taken.stdout).length).toBeGreaterThan(0);
    expect(existsSync(`${checkpoint}.lock`)).toBe(false);
  });

  it('a missing secret exits 2 naming the source and where the secret should be, before any request', () => {
    const env = { ...mock.env };
    delete env.COVE_PASSWORD;
    const r = cli(['runs'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'source "cove": password is missing: environment variable COVE_PASSWORD is not set',
    );

    const config = join(dir, 'missing.json');
    writeFileSync(
      config,
      JSON.stringify({
        sources: [{ name: 'nas', type: 'dbackup', url: mock.env.DBACKUP_URL, apiKey: { file: 'nas.key' } }],
      }),
    );
    const fromFile = cli(['dbackup', 'jobs', '--config', config], baseEnv());
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain(
      `source "nas": apiKey is missing: cannot read ${join(dir, 'nas.key')} (ENOENT)`,
    );
  });

  it('config file: named sources with secrets from env or file; errors name the source and the field', () => {
    const config = join(dir, 'sources.json');
    writeFileSync(join(dir, 'nas.key'), `${mock.env.DBACKUP_API_KEY}\n`);
    writeFileSync(
      config,
      JSON.stringify({
        sources: [
          {
            name: 'acme',
            type: 'cove',
            partner: mock.env.COVE_PARTNER,
            username: mock.env.COVE_USERNAME,
            password: { env: 'ACME_COVE_PASSWORD' },
            endpoint: mock.env.COVE_ENDPOINT,
          },
          { name: 'nas', type: 'dbackup', url: mock.env.DBACKUP_URL, apiKey: { file: 'nas.key' } },
        ],
      }),
    );
    const env = baseEnv({ ACME_COVE_PASSWORD: mock.env.COVE_PASSWORD as string });
    const r = cli(['runs', '--config', config], env);
    expect(r.code).toBe(0);
    const runs = lines(r.stdout) as { instance: string }[];
    expect(new Set(runs.map((x) => x.instance))).toEqual(new Set(['acme', 'nas']));
    expect(r.stdout + r.stderr).not.toContain(mock.env.COVE_PASSWORD);

    const bad = join(dir, 'bad.json');
    const write = (sources: unknown[]) => writeFileSync(bad, JSON.stringify({ sources }));
    write([{ name: 'eu', type: 'cove', partner: 'P', username: 'u', password: 'hunter2' }]);
    let e = cli(['runs', '--config', bad], baseEnv());
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(
      'source "eu" (sources[0]), field password: must be {"env": "VARIABLE"} or {"file"',
    );
    expect(e.stderr).not.toContain('hunter2');
    write([{ name: 'nas', type: 'dbackup', url: 'ftp://x', apiKey: { env: 'K' } }]);
    e = cli(['runs', '--config', bad], baseEnv());
    expect(e.stderr).toContain('source "nas" (sources[0]), field url: must be an http(s) URL');
    write([{ name: 'nas', type: 'dbackup', url: 'https://x', apiKey: { env: 'K' }, apikey: 1 }]);
    expect(cli(['runs', '--config', bad], baseEnv()).stderr).toContain(
      'source "nas" (sources[0]): unknown field "apikey"',
    );
    write([{ name: 'x', type: 'veeam' }]);
    expect(cli(['runs', '--config', bad], baseEnv()).stderr).toContain(
      'source "x" (sources[0]), field type: type must be "cove" or "dbackup"',
    );
  });

  describe('with a source that fails', () => {
    // In other processes: cli() blocks this one's event loop while the command runs.
    const servers: ChildProcess[] = [];
    let deadUrl = '';
    let hangUrl = '';
    const serve = (onConnection: string) =>
      new Promise<string>((r) => {
        const child = spawn(process.execPath, [
          '-e',
          `require('node:net').createServer(${onConnection}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`,
        ]);
        servers.push(child);
        child.stdout?.once('data', (port: Buffer) => r(`http://127.0.0.1:${String(port).trim()}`));
      });
    beforeAll(async () => {
      deadUrl = await serve('(socket) => socket.destroy()');
      hangUrl = await serve('() => {}');
    });
    afterAll(() => {
      for (const child of servers) child.kill();
    });

    it('exits 3, prints and checkpoints the healthy sources, and reports each error as one JSON line', () => {
      const config = join(dir, 'partial.json');
      writeFileSync(
        config,
        JSON.stringify({
          sources: [
            { name: 'good', type: 'dbackup', url: mock.env.DBACKUP_URL, apiKey: { env: 'KEY' } },
            { name: 'broken', type: 'dbackup', url: deadUrl, apiKey: { env: 'KEY' } },
          ],
        }),
      );
      const checkpoint = join(dir, 'partial-cp.json');
      const r = cli(
        ['runs', '--config', config, '--checkpoint', checkpoint],
        baseEnv({ KEY: mock.env.DBACKUP_API_KEY as string }),
      );
      expect(r.code).toBe(3);
      const runs = lines(r.stdout) as { instance: string }[];
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.every((x) => x.instance === 'good')).toBe(true);
      const errors = lines(r.stderr) as Record<string, unknown>[];
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ level: 'error', source: 'broken', kind: 'dbackup', stage: 'fetch' });
      expect(JSON.stringify(errors)).not.toContain(mock.env.DBACKUP_API_KEY);
      const saved = JSON.parse(readFileSync(checkpoint, 'utf8'));
      expect(Object.keys(saved.sources.good.runs).length).toBe(runs.length);
    });

    it('Ctrl-C stops cleanly: exit 130, no checkpoint written, lock released', async () => {
      const checkpoint = join(dir, 'interrupted.json');
      const child = start(
        ['runs', '--checkpoint', checkpoint],
        baseEnv({ DBACKUP_URL: hangUrl, DBACKUP_API_KEY: 'dbackup_x' }),
      );
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      for (let i = 0; i < 200 && !existsSync(`${checkpoint}.lock`); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(`${checkpoint}.lock`)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(existsSync(checkpoint)).toBe(false);
      expect(existsSync(`${checkpoint}.lock`)).toBe(false);
    });
  });

  it('--shard I/N: the shards together deliver every run exactly once', () => {
    const all = (lines(cli(['runs'], mock.env).stdout) as { id: string }[]).map((r) => r.id).sort();
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = cli(['runs', '--shard', `${i}/3`, '--checkpoint', join(dir, `shard-${i}.json`)], mock.env);
      expect(r.code).toBe(0);
      const ids = (lines(r.stdout) as { id: string }[]).map((x) => x.id);
      sizes.push(ids.length);
      seen.push(...ids);
    }
    expect(seen.sort()).toEqual(all);
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(1);
    const again = cli(['runs', '--shard', '2/3'], mock.env);
    expect(again.stdout).toBe(cli(['runs', '--shard', '2/3'], mock.env).stdout);
  });
});
