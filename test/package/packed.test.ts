/**
 * Installs the packed tarball into a temporary project and loads every entry point with both
 * `require` (CJS) and `import` (ESM), as a user's project would. Needs `dist/` (npm test builds it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const built = existsSync(join(root, 'dist/index.js'));
let project = '';

function run(file: string, source: string): string {
  writeFileSync(join(project, file), source);
  return execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim();
}

describe.skipIf(!built)('packed tarball', () => {
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'bc-sdk-pack-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack produced no tarball');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const msw = JSON.parse(
      execFileSync('node', ['-p', 'JSON.stringify(require("msw/package.json").version)'], {
        cwd: root,
        encoding: 'utf8',
      }),
    );
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--ignore-scripts',
        `./${tarball}`,
        `msw@${msw}`,
      ],
      { cwd: project, stdio: 'pipe' },
    );
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
});
