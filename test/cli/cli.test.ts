/**
 * The `backupchecks` command in process (runCli with injected streams): help, usage errors,
 * argument parsers, config loading, the checkpoint file and its lock, output formats, sharding.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDuration, parseList, parseShard } from '../../src/cli/args';
import { acquireLock, readCheckpointFile, writeCheckpointFile } from '../../src/cli/checkpoint-file';
import { runCli } from '../../src/cli/cli';
import { loadSources, readSecret } from '../../src/cli/config';
import { CliError, EXIT, UsageError } from '../../src/cli/errors';
import { MAIN_HELP } from '../../src/cli/help';
import type { CliIo } from '../../src/cli/io';
import { csvField, renderTable } from '../../src/cli/output';
import { fnv1a, inShard } from '../../src/cli/shard';

const dir = mkdtempSync(join(tmpdir(), 'bc-cli-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(env: Record<string, string> = {}, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: { write: (t: string) => out.push(t), isTTY: tty },
    stderr: { write: (t: string) => err.push(t), isTTY: tty },
    env,
    cwd: dir,
    signal: new AbortController().signal,
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

describe('help and usage', () => {
  const commands = [
    ['runs'],
    ['cove', 'devices'],
    ['cove', 'sessions'],
    ['cove', 'probe'],
    ['cove', 'check-access'],
    ['dbackup', 'jobs'],
    ['dbackup', 'history'],
    ['dbackup', 'run'],
    ['mock'],
  ];
  it.each(commands)('%s … --help: usage, options, examples and exit codes on stdout', async (...command) => {
    const t = io();
    expect(await runCli([...command, '--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(new RegExp(`^Usage: backupchecks ${command.join(' ')}`));
    expect(t.out()).toContain('Examples:');
    if (command[0] !== 'mock') expect(t.out()).toContain('Exit codes:');
    expect(t.err()).toBe('');
  });

  it('the main help lists every command and every exit code', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(0);
    for (const command of commands) expect(t.out()).toContain(command.join(' '));
    for (const code of ['0 ', '1 ', '2 ', '3 ', '4 ', '5-8', '130']) expect(MAIN_HELP).toContain(`  ${code}`);
    const help = io();
    expect(await runCli(['help', 'runs'], help.io)).toBe(0);
    expect(help.out()).toMatch(/^Usage: backupchecks runs/);
  });

  it('no command, an unknown command or flag, or a bad value exits 2 with nothing on stdout', async () => {
    for (const argv of [
      [],
      ['backup'],
      ['cove'],
      ['cove', 'nope'],
      ['runs', '--nope'],
      ['runs', 'extra'],
      ['runs', '--format', 'xml'],
      ['cove', 'devices', '--status', 'broken'],
    ]) {
      const t = io();
      expect(await runCli(argv, t.io), argv.join(' ')).toBe(EXIT.usage);
      expect(t.out()).toBe('');
      expect(t.err()).toMatch(/^backupchecks: /);
    }
  });

  it('--cove-mode takes status or sessions only', async () => {
    const t = io({ DBACKUP_URL: 'http://127.0.0.1:1', DBACKUP_API_KEY: 'dbackup_x' });
    expect(await runCli(['runs', '--cove-mode', 'history'], t.io)).toBe(2);
    expect(t.err()).toContain('--cove-mode must be status or sessions (got "history")');
  });

  it('an unreadable config file is a usage error naming it', async () => {
    const t = io({ BACKUPCHECKS_CONFIG: dir }); // a directory: reading it fails
    expect(await runCli(['runs'], t.io)).toBe(2);
    expect(t.err()).toContain(`config file ${dir} cannot be read`);
  });
});

describe('argument parsers', () => {
  it('durations', () => {
    expect(parseDuration('90s', '--x')).toBe(90_000);
    expect(parseDuration('1h30m', '--x')).toBe(5_400_000);
    expect(parseDuration('3d', '--x')).toBe(259_200_000);
    expect(parseDuration('2w', '--x')).toBe(1_209_600_000);
    expect(parseDuration('250ms', '--x')).toBe(250);
    for (const bad of ['', '3', 'd', '1h 2', '-1h', '0s', '1y'])
      expect(() => parseDuration(bad, '--x')).toThrow(UsageError);
  });

  it('shards and lists', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1', 'a/b', '1/0'])
      expect(() => parseShard(bad)).toThrow(/--shard must be I\/N/);
    expect(parseList(['failed,warning', 'missed'])).toEqual(['failed', 'warning', 'missed']);
    expect(parseList(undefined)).toEqual([]);
  });

  it('shard membership is deterministic and every key is in exactly one shard', () => {
    expect(fnv1a('a')).toBe(0xe40c292c);
    for (let i = 0; i < 200; i++) {
      const key = `cove:eu:partner:${i}`;
      const owners = [1, 2, 3, 4].filter((index) => inShard(key, { index, count: 4 }));
      expect(owners).toHaveLength(1);
    }
    expect(inShard('anything', undefined)).toBe(true);
  });
});

describe('config', () => {
  it('environment variables give one source of each kind; a half-configured one names the missing variable', () => {
    const sources = loadSources(
      io({
        COVE_PARTNER: 'P',
        COVE_USERNAME: 'u',
        COVE_PASSWORD: 's',
        DBACKUP_URL: 'https://d',
        DBACKUP_API_KEY: 'k',
      }).io,
      {},
    );
    expect(sources.map((s) => `${s.type}:${s.name}`)).toEqual(['cove:cove', 'dbackup:dbackup']);
    expect(JSON.stringify(sources)).not.toContain('"s"');
    expect(() => loadSources(io({ COVE_PASSWORD: 's' }).io, {})).toThrow(
      'source "cove" (environment): COVE_PARTNER is not set',
    );
    expect(() => loadSources(io({ DBACKUP_API_KEY: 'k' }).io, {})).toThrow('DBACKUP_URL is not set');
  });

  it('env sources win over a file source of the same name; --source picks; *_FILE reads a secret file', () => {
    const file = join(dir, 'c.json');
    writeFileSync(
      file,
      JSON.stringify({
        sources: [
          { name: 'dbackup', type: 'dbackup', url: 'https://file', apiKey: { env: 'X' } },
          { name: 'other', type: 'dbackup', url: 'https://other', apiKey: { env: 'X' } },
        ],
      }),
    );
    writeFileSync(join(dir, 'key'), 'dbackup_fromfile\n');
    const t = io({ DBACKUP_URL: 'https://env', DBACKUP_API_KEY_FILE: join(dir, 'key') });
    const sources = loadSources(t.io, { config: 'c.json' });
    expect(sources.map((s) => (s.type === 'dbackup' ? s.url : ''))).toEqual(['https://env', 'https://other']);
    const env = sources[0];
    if (env?.type !== 'dbackup') throw new Error('expected dbackup');
    expect(readSecret(t.io, env, 'apiKey', env.apiKey)).toBe('dbackup_fromfile');
    expect(loadSources(t.io, { config: 'c.json', source: ['other'] }).map((s) => s.name)).toEqual(['other']);
    expect(() => loadSources(t.io, { config: 'c.json', source: ['nope'] })).toThrow(
      '--source nope: no such source (configured: dbackup, other)',
    );
    expect(() => loadSources(t.io, { config: 'c.json' }, 'cove')).toThrow('no Cove source configured');
  });

  it('a duplicate name or invalid JSON is a usage error naming the file', () => {
    const file = join(dir, 'dup.json');
    const source = { name: 'a', type: 'dbackup', url: 'https://x', apiKey: { env: 'X' } };
    writeFileSync(file, JSON.stringify({ sources: [source, source] }));
    expect(() => loadSources(io().io, { config: file })).toThrow(
      'source "a" (sources[1]): name is used twice',
    );
    writeFileSync(file, '{');
    expect(() => loadSources(io().io, { config: file })).toThrow(`config file ${file} is not valid JSON`);
  });
});

describe('checkpoint file', () => {
  it('round-trips, writes atomically (no temp file left) and a missing file is empty', () => {
    const path = join(dir, 'cp.json');
    expect(readCheckpointFile(path).sources).toEqual({});
    writeCheckpointFile(path, {
      format: 'backupchecks-runs-checkpoint',
      version: 1,
      sources: { a: { version: 1, runs: { 'dbackup:1': { status: 'success', lastSeen: 5 } } } },
    });
    expect(readCheckpointFile(path).sources.a?.runs['dbackup:1']).toEqual({ status: 'success', lastSeen: 5 });
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"format":"backupchecks-runs-checkpoint"'],
    ['another format', '{"version":1,"runs":{}}'],
    [
      'a bad entry',
      '{"format":"backupchecks-runs-checkpoint","version":1,"sources":{"a":{"version":1,"runs":{"x":{"status":"great","lastSeen":1}}}}}',
    ],
  ])('a corrupt file (%s) is a usage error that suggests --reset-checkpoint', (_, text) => {
    const path = join(dir, 'bad-cp.json');
    writeFileSync(path, text);
    expect(() => readCheckpointFile(path)).toThrow(/is corrupt .*--reset-checkpoint/s);
  });

  it('the lock: held by a live process → exit 4; dead → taken over; released only by its owner', () => {
    const path = join(dir, 'lock-cp.json');
    const held = acquireLock(path);
    let error: unknown;
    try {
      acquireLock(path, { pid: 424242 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.locked);
    held.release();
    expect(existsSync(`${path}.lock`)).toBe(false);

    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: dead, host: hostname(), startedAt: 'then' }));
    const notes: string[] = [];
    const taken = acquireLock(path, { onTakeover: (m) => notes.push(m) });
    expect(notes).toEqual([`took over the stale lock of process ${dead} (no longer running)`]);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    taken.release();

    // An unreadable lock (maybe being written) and a lock from another host are never taken over.
    writeFileSync(`${path}.lock`, '');
    expect(() => acquireLock(path)).toThrow(/is locked by another process/);
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: dead, host: 'elsewhere', startedAt: 'then' }));
    expect(() => acquireLock(path)).toThrow(`is locked by process ${dead} on elsewhere`);
    const stranger = readFileSync(`${path}.lock`, 'utf8');
    acquireLockRelease(path, stranger);
    expect(() => acquireLock(join(dir, 'no-such-dir', 'cp.json'))).toThrow(
      /cannot create .*cp\.json\.lock \(ENOENT\); check that the directory exists/,
    );
  });
});

function acquireLockRelease(path: string, stranger: string) {
  // A lock that is not ours is never removed by release().
  rmSync(`${path}.lock`);
  const mine = acquireLock(path);
  writeFileSync(`${path}.lock`, stranger);
  mine.release();
  expect(readFileSync(`${path}.lock`, 'utf8')).toBe(stranger);
  rmSync(`${path}.lock`);
}

describe('output', () => {
  it('CSV quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=cmd|calc')).toBe("'=cmd|calc");
    expect(csvField('-5')).toBe('-5');
  });

  it('tables align columns, skip CSV-only ones and clip long cells', () => {
    const table = renderTable(
      [
        { a: 'x', b: 'y'.repeat(80), c: 1 },
        { a: 'longer', b: 'z', c: 2 },
      ],
      [
        { header: 'a', value: (r) => r.a },
        { header: 'b', value: (r) => r.b },
        { header: 'c', value: (r) => r.c, csvOnly: true },
      ],
    );
    const rows = table.split('\n');
    expect(rows[0]).toBe('A       B');
    expect(rows[1]).toBe(`x       ${'y'.repeat(59)}…`);
    expect(rows[2]).toBe('longer  z');
  });

  it('the default format is a table on a terminal and NDJSON otherwise', async () => {
    const piped = io({ DBACKUP_URL: 'http://127.0.0.1:1', DBACKUP_API_KEY: 'dbackup_x' });
    const { resolveFormat } = await import('../../src/cli/output');
    expect(resolveFormat(piped.io, undefined)).toBe('ndjson');
    expect(resolveFormat(io({}, true).io, undefined)).toBe('table');
    expect(resolveFormat(piped.io, 'csv')).toBe('csv');
  });
});

describe('progress on stderr (in process, against the mocks)', () => {
  it('goes to stderr only when it is a terminal, and --quiet silences it; stdout keeps the data', async () => {
    const { startMockServers } = await import('../../src/testing');
    const mocks = startMockServers({ cove: { devices: 3 } });
    try {
      const env = {
        COVE_PARTNER: mocks.cove.credentials.partner,
        COVE_USERNAME: mocks.cove.credentials.username,
        COVE_PASSWORD: mocks.cove.credentials.password,
        COVE_ENDPOINT: mocks.cove.endpoint,
      };
      const run = async (tty: boolean, ...extra: string[]) => {
        const t = io(env);
        t.io.stderr.isTTY = tty;
        expect(await runCli(['runs', ...extra], t.io)).toBe(0);
        expect(t.out().trim().split('\n')).toHaveLength(3);
        return t.err();
      };
      expect(await run(true)).toBe('cove: 3 new or changed run(s)\n');
      expect(await run(false)).toBe('');
      expect(await run(true, '--quiet')).toBe('');
    } finally {
      mocks.close();
    }
  });
});
