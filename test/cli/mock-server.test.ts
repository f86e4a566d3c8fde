import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoveClient } from '../../src/cove';
import { DBackupClient } from '../../src/dbackup';

const bin = join(resolve(__dirname, '../..'), 'dist/cli/mock-server.js');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

interface Started {
  dbackup: { baseUrl: string; keys: { full: string } };
  cove: { endpoint: string; credentials: { partner: string; username: string; password: string } };
}

function start(args: string[]): Promise<{ child: ChildProcess; info: Started }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolveStart({ child, info: JSON.parse(line) as Started });
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
}

describe.skipIf(!existsSync(bin))('backupchecks-mock', () => {
  it('serves both mocks over loopback HTTP for clients in any process, and stops on SIGTERM', async () => {
    const { child, info } = await start(['--devices', '7']);
    expect(info.dbackup.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const dbackup = new DBackupClient({ baseUrl: info.dbackup.baseUrl, apiKey: info.dbackup.keys.full });
    expect((await dbackup.history.list()).executions.length).toBeGreaterThan(0);
    const cove = new CoveClient({ ...info.cove.credentials, endpoint: info.cove.endpoint });
    const { partnerId } = await cove.login();
    let devices = 0;
    for await (const _row of cove.iterateAccountStatistics({ partnerId, columns: ['I1', 'D09F00'] }))
      devices++;
    expect(devices).toBe(7);
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('prints usage for --help and rejects bad options with exit code 2', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: backupchecks-mock');
    const bad = spawnSync(process.execPath, [bin, '--dbackup-port', 'abc'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--dbackup-port must be a port number');
  });
});
