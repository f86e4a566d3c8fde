/**
 * Runs the built `backupchecks` bin (dist/cli/index.js) as a child process, and starts its mock
 * servers, for the end-to-end CLI tests.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { observeText } from '../support/secrets-sweep';

export const root = resolve(__dirname, '../..');
export const bin = join(root, 'dist/cli/index.js');
export const built = existsSync(bin);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no COVE_* / DBACKUP_* from the developer's shell. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(COVE_|DBACKUP_|BACKUPCHECKS_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs `backupchecks ...args` and waits for it. */
export function cli(args: string[], env: Record<string, string>, cwd = root): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { env, cwd, encoding: 'utf8', timeout: 60_000 });
  // The secrets sweep reads what the bin printed; it knows the mock's credentials and every visa
  // the in-process mocks issue (the bin's own mock runs in a child and is not seen).
  // `backupchecks mock` prints the mock's own credentials on stdout: that is its purpose.
  if (args[0] !== 'mock') observeText(`backupchecks ${args.slice(0, 2).join(' ')} stdout`, r.stdout ?? '');
  observeText(`backupchecks ${args.slice(0, 2).join(' ')} stderr`, r.stderr ?? '');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `backupchecks ...args` without waiting. */
export function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface RunningMock {
  env: Record<string, string>;
  info: {
    dbackup: { baseUrl: string; keys: Record<string, string> };
    cove: { endpoint: string; credentials: { partner: string; username: string; password: string } };
    env: Record<string, string>;
  };
  child: ChildProcess;
  stop(): Promise<number | null>;
}

/** Starts `backupchecks mock` and reads its first line. */
export function startMock(args: string[] = []): Promise<RunningMock> {
  const child = start(['mock', '--no-rate-limit', ...args], baseEnv());
  return new Promise((resolveStart, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      const info = JSON.parse(out.slice(0, newline)) as RunningMock['info'];
      resolveStart({
        info,
        env: baseEnv(info.env),
        child,
        stop: () =>
          new Promise((r) => {
            if (child.exitCode !== null) r(child.exitCode);
            child.once('exit', (code) => r(code));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`backupchecks mock exited early with ${code}: ${err}`)));
  });
}
