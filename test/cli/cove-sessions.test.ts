/**
 * `runs --cove-mode sessions`, `cove sessions`, `cove check-access` and the restricted Cove
 * preset, in process against the MSW mocks (the storage nodes live on their own hosts, which
 * only in-process interception reaches).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/io';
import { type CoveMockOptions, type MockServers, startMockServers } from '../../src/testing';
import { jsonSchema, validateJsonSchema } from '../normalize/helpers';

const dir = mkdtempSync(join(tmpdir(), 'bc-cli-sessions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let mocks: MockServers | undefined;
afterEach(() => {
  mocks?.close();
  mocks = undefined;
});

function start(cove: CoveMockOptions) {
  mocks = startMockServers({ cove: { devices: 8, ...cove } });
  return {
    COVE_PARTNER: mocks.cove.credentials.partner,
    COVE_USERNAME: mocks.cove.credentials.username,
    COVE_PASSWORD: mocks.cove.credentials.password,
    COVE_ENDPOINT: mocks.cove.endpoint,
  };
}

async function cli(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env,
    cwd: dir,
    signal: new AbortController().signal,
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Cove sessions from the command line', { timeout: 60_000 }, () => {
  it('runs --cove-mode sessions: every session since --since, valid BackupRuns; the second call prints nothing', async () => {
    const env = start({});
    const checkpoint = join(dir, 'sessions.json');
    const first = await cli(
      ['runs', '--cove-mode', 'sessions', '--since', '3d', '--checkpoint', checkpoint],
      env,
    );
    const runs = lines(first.stdout);
    expect(runs.length).toBeGreaterThan(8);
    for (const run of runs) expect(validateJsonSchema(run, jsonSchema)).toEqual([]);
    // A device whose storage node cannot be reached is delivered from its last status, and named on stderr.
    const fallbacks = runs.filter((r) => !String(r.externalId).includes(':session-'));
    expect(fallbacks.length).toBeLessThan(runs.length / 2);
    const errors = lines(first.stderr);
    for (const run of fallbacks) {
      expect(errors.some((e) => e.source === 'cove' && e.recordId === (run.job as { id: string }).id)).toBe(
        true,
      );
    }
    expect(first.code).toBe(errors.length > 0 ? 3 : 0);
    const cutoff = Date.now() - 3 * 86_400_000 - 60_000;
    expect(runs.every((r) => !r.startedAt || Date.parse(r.startedAt as string) >= cutoff)).toBe(true);
    const second = await cli(['runs', '--cove-mode', 'sessions', '--checkpoint', checkpoint], env);
    expect(second.stdout).toBe('');
    expect(readFileSync(checkpoint, 'utf8')).not.toContain(env.COVE_PASSWORD);
  });

  it('runs --cove-mode sessions --shard: the shards cover every session exactly once', async () => {
    const env = start({});
    const all = lines((await cli(['runs', '--cove-mode', 'sessions', '--since', '2d'], env)).stdout).map(
      (r) => r.id,
    );
    const seen: unknown[] = [];
    for (const i of [1, 2, 3]) {
      seen.push(
        ...lines(
          (await cli(['runs', '--cove-mode', 'sessions', '--since', '2d', '--shard', `${i}/3`], env)).stdout,
        ).map((r) => r.id),
      );
    }
    expect([...seen].sort()).toEqual([...all].sort());
  });

  it('cove sessions DEVICE --errors: the device history as BackupRuns, error texts as message', async () => {
    const env = start({});
    const devices = lines((await cli(['cove', 'devices'], env)).stdout);
    const failed = devices.find((d) => d.status === 'failed' || d.status === 'warning') ?? devices[0];
    const r = await cli(['cove', 'sessions', String(failed?.deviceId), '--since', '7d', '--errors'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const runs = lines(r.stdout);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      expect(validateJsonSchema(run, jsonSchema)).toEqual([]);
      expect(run).toMatchObject({ source: 'cove', instance: 'cove', job: { id: String(failed?.deviceId) } });
    }
    const notClean = runs.filter((x) => x.status !== 'success');
    expect(notClean.some((x) => typeof x.message === 'string')).toBe(true);
    expect((await cli(['cove', 'sessions'], env)).code).toBe(2);
    expect((await cli(['cove', 'sessions', 'abc'], env)).code).toBe(2);
  });

  it('cove check-access: a full API user passes (exit 0); the restricted preset says what to ask for (exit 3)', async () => {
    let env = start({});
    const ok = await cli(['cove', 'check-access', '--format', 'json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject([{ source: 'cove', login: { status: 'ok' }, requests: [] }]);
    mocks?.close();
    mocks = undefined;

    env = start({ preset: 'restricted' });
    const restricted = await cli(['cove', 'check-access', '--format', 'table'], env);
    expect(restricted.code).toBe(3);
    expect(restricted.stdout.length).toBeGreaterThan(40);
    const json = await cli(['cove', 'check-access', '--format', 'json'], env);
    const [report] = JSON.parse(json.stdout) as { requests: string[]; text: string }[];
    expect(report?.requests.length).toBeGreaterThan(0);
    expect(restricted.stdout.trimEnd()).toBe(report?.text.trimEnd());
    expect(json.stdout).not.toContain(env.COVE_PASSWORD);
  });

  it('the restricted preset: runs and cove devices still work, restricted columns reported as missing', async () => {
    const env = start({ preset: 'restricted' });
    const runs = await cli(['runs'], env);
    expect(runs.code).toBe(0);
    expect(lines(runs.stdout)).toHaveLength(8);
    const devices = await cli(['cove', 'devices'], env);
    expect(devices.code).toBe(0);
    expect(lines(devices.stdout)).toHaveLength(8);
  });

  it('mock --preset restricted serves the restricted tenant over HTTP until interrupted', async () => {
    const controller = new AbortController();
    const out: string[] = [];
    const io: CliIo = {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: () => undefined },
      env: {},
      cwd: dir,
      signal: controller.signal,
    };
    const done = runCli(['mock', '--preset', 'restricted', '--devices', '5'], io);
    for (let i = 0; i < 100 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const { env } = JSON.parse(out.join('')) as { env: Record<string, string> };
    const { CoveClient, CoveSecurityError } = await import('../../src/cove');
    const cove = new CoveClient({
      partner: env.COVE_PARTNER as string,
      username: env.COVE_USERNAME as string,
      password: env.COVE_PASSWORD as string,
      endpoint: env.COVE_ENDPOINT as string,
    });
    const { partnerId } = await cove.login();
    const { rows } = await cove.enumerateAccountStatistics({ partnerId, columns: ['I1'] });
    expect(rows).toHaveLength(5);
    await expect(
      cove.enumerateAccountStatistics({ partnerId, columns: ['I1', 'D02F00'] }),
    ).rejects.toBeInstanceOf(CoveSecurityError);
    controller.abort();
    expect(await done).toBe(0);
    const bad = await cli(['mock', '--preset', 'open'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--preset must be restricted');
  });
});
