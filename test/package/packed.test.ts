/**
 * Installs the packed tarball into a temporary project and loads every entry point with both
 * `require` (CJS) and `import` (ESM), as a user's project would, and runs the `backupchecks` bin
 * (first with only the SDK installed, then with msw). Checks that the tarball ships exactly the
 * files `exports` and `bin` reach. Needs `dist/` (npm test builds it).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const built = existsSync(join(root, 'dist/index.js'));
let project = '';
let tarball = '';
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, string | Record<string, Record<string, string>>>;
  bin: Record<string, string>;
};
/** What the bin did before msw was installed (only @backupchecks/sdk and its dependencies). */
let withoutMsw: Record<string, { status: number | null; stdout: string; stderr: string }> = {};
const mswVersion = (): string =>
  JSON.parse(
    execFileSync('node', ['-p', 'JSON.stringify(require("msw/package.json").version)'], {
      cwd: root,
      encoding: 'utf8',
    }),
  );

function npx(args: string[]) {
  const r = spawnSync('npx', ['--no-install', ...args], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function run(file: string, source: string): string {
  writeFileSync(join(project, file), source);
  return execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim();
}

describe.skipIf(!built)('packed tarball', () => {
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'bc-sdk-pack-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: root, stdio: 'pipe' });
    tarball = readdirSync(project).find((f) => f.endsWith('.tgz')) ?? '';
    if (!tarball) throw new Error('npm pack produced no tarball');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const install = (...specs: string[]) =>
      execFileSync(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...specs],
        {
          cwd: project,
          stdio: 'pipe',
        },
      );
    install(`./${tarball}`);
    withoutMsw = {
      version: npx(['@backupchecks/sdk', '--version']),
      help: npx(['backupchecks', 'runs', '--help']),
      mock: npx(['backupchecks', 'mock']),
    };
    install(`msw@${mswVersion()}`);
  }, 240_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('require() loads every entry point (CJS)', () => {
    const out = run(
      'check.cjs',
      `const sdk = require('@backupchecks/sdk');
       const cove = require('@backupchecks/sdk/cove');
       const dbackup = require('@backupchecks/sdk/dbackup');
       const normalize = require('@backupchecks/sdk/normalize');
       const testing = require('@backupchecks/sdk/testing');
       const schema = require('@backupchecks/sdk/schema/backup-run.schema.json');
       console.log([typeof sdk.DBackupClient, typeof sdk.CoveClient, typeof sdk.normalizeRun, typeof sdk.collectRuns,
         typeof cove.CoveClient, typeof dbackup.DBackupClient, typeof normalize.normalizeRun,
         typeof testing.createDBackupMock, typeof testing.createCoveMock, schema.type,
         new sdk.ConfigError('x') instanceof sdk.SdkError].join(','));`,
    );
    expect(out).toBe(
      'function,function,function,function,function,function,function,function,function,object,true',
    );
  });

  it('import() loads every entry point (ESM), and errors are the same classes across entries', () => {
    const out = run(
      'check.mjs',
      `import { DBackupClient, SdkError, normalizeRun } from '@backupchecks/sdk';
       import { CoveClient, CoveError } from '@backupchecks/sdk/cove';
       import { DBackupError } from '@backupchecks/sdk/dbackup';
       import { NormalizeError } from '@backupchecks/sdk/normalize';
       import { createDBackupMock } from '@backupchecks/sdk/testing';
       let caught;
       try { normalizeRun({ source: 'dbackup', execution: { id: 5 } }); } catch (e) { caught = e; }
       console.log([typeof DBackupClient, typeof CoveClient, typeof createDBackupMock,
         caught instanceof NormalizeError, caught instanceof SdkError,
         CoveError.prototype instanceof SdkError, DBackupError.prototype instanceof SdkError].join(','));`,
    );
    expect(out).toBe('function,function,function,true,true,true,true');
  });

  it('the normalize entry loads no HTTP code (ky stays unloaded)', () => {
    const out = run(
      'pure.cjs',
      `require('@backupchecks/sdk/normalize');
       console.log(Object.keys(require.cache).filter((p) => /node_modules[\\\\/]ky[\\\\/]/.test(p)).length);`,
    );
    expect(out).toBe('0');
  });

  it('a client works end to end from the installed package against the installed mock', () => {
    const out = run(
      'e2e.mjs',
      `import { setupServer } from 'msw/node';
       import { DBackupClient } from '@backupchecks/sdk/dbackup';
       import { createDBackupMock } from '@backupchecks/sdk/testing';
       const mock = createDBackupMock();
       const server = setupServer(...mock.handlers);
       server.listen();
       const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full });
       const history = await client.history.list();
       console.log(history.executions.length > 0 ? 'ok' : 'empty');
       server.close();`,
    );
    expect(out).toBe('ok');
  });

  it('ships exactly the files that exports and bin reach (no stray CJS or types of the bin)', () => {
    const listed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: root, encoding: 'utf8' }),
    ) as { files: { path: string }[] }[];
    const shipped = new Set((listed[0]?.files ?? []).map((f) => f.path).filter((p) => p.startsWith('dist/')));
    const targets = [
      ...Object.values(pkg.exports).flatMap((e) =>
        typeof e === 'string' ? [e] : Object.values(e).flatMap((c) => Object.values(c)),
      ),
      ...Object.values(pkg.bin),
    ].filter((p) => p.startsWith('./dist/'));
    const reached = new Set<string>();
    const visit = (path: string) => {
      if (reached.has(path)) return;
      reached.add(path);
      const text = readFileSync(join(root, path), 'utf8');
      for (const m of text.matchAll(/(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        let target = normalize(join(dirname(path), m[1] as string));
        if (path.endsWith('.d.ts')) target = target.replace(/\.js$/, '.d.ts');
        if (path.endsWith('.d.cts')) target = target.replace(/\.c?js$/, '.d.cts');
        visit(target);
      }
    };
    for (const target of targets) visit(normalize(target));
    expect([...shipped].sort()).toEqual([...reached].sort());
    expect([...shipped].filter((p) => p.startsWith('dist/cli/') && !p.endsWith('.js'))).toEqual([]);
    expect(shipped.has('dist/cli/index.js')).toBe(true);
  });

  it('the library entry points load no CLI code (ESM and CJS)', () => {
    const esm = run(
      'no-cli.mjs',
      `import { registerHooks } from 'node:module';
       const loaded = [];
       registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
       for (const entry of ['@backupchecks/sdk', '@backupchecks/sdk/cove', '@backupchecks/sdk/dbackup',
         '@backupchecks/sdk/normalize', '@backupchecks/sdk/testing']) await import(entry);
       const sdk = loaded.filter((u) => u.includes('/@backupchecks/sdk/dist/'));
       console.log(sdk.length > 5, sdk.filter((u) => u.includes('/dist/cli/')).length);`,
    );
    expect(esm).toBe('true 0');
    const cjs = run(
      'no-cli.cjs',
      `for (const e of ['', '/cove', '/dbackup', '/normalize', '/testing']) require('@backupchecks/sdk' + e);
       console.log(Object.keys(require.cache).filter((p) => /[\\/]dist[\\/]cli[\\/]/.test(p)).length);`,
    );
    expect(cjs).toBe('0');
  });

  it('the single bin runs as `npx @backupchecks/sdk` with only the SDK installed', () => {
    expect(withoutMsw.version).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
    expect(withoutMsw.help?.status).toBe(0);
    expect(withoutMsw.help?.stdout).toContain('Usage: backupchecks runs');
    expect(npx(['@backupchecks/sdk', 'cove', 'devices', '--help']).stdout).toContain('Examples:');
  });

  it('backupchecks mock without msw stops with one line saying what to install', () => {
    const mock = withoutMsw.mock;
    expect(mock?.status).toBe(2);
    expect(mock?.stdout).toBe('');
    expect(mock?.stderr.trim().split('\n')).toEqual([
      'backupchecks: mock needs the msw package (an optional peer dependency of @backupchecks/sdk): run `npm install --save-dev msw` and try again',
    ]);
  });

  it("the README's mock command works: npm exec with the SDK and msw, serving both mocks", async () => {
    const child = spawn(
      'npm',
      [
        'exec',
        '--yes',
        '--prefer-offline',
        `--package=./${tarball}`,
        `--package=msw@${mswVersion()}`,
        '--',
        'backupchecks',
        'mock',
      ],
      { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    try {
      const line = await new Promise<string>((resolveLine, reject) => {
        let out = '';
        child.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolveLine(out.split('\n')[0] as string);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const info = JSON.parse(line) as { env: Record<string, string> };
      const runs = spawnSync('npx', ['--no-install', 'backupchecks', 'runs', '--format', 'ndjson'], {
        cwd: project,
        env: { ...process.env, ...info.env },
        encoding: 'utf8',
      });
      expect(runs.status).toBe(0);
      expect(runs.stdout.trim().split('\n').length).toBeGreaterThan(25);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  }, 120_000);
});
