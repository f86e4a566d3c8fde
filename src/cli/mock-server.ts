#!/usr/bin/env node
/**
 * `backupchecks-mock`: serves the DBackup and Cove mock servers over real HTTP on loopback, so
 * that programs outside Node (the Backupchecks app, curl, another language's tests) can use them.
 *
 * ```sh
 * npx backupchecks-mock --dbackup-port 8401 --cove-port 8402
 * ```
 *
 * It prints the URLs, the DBackup API keys and the Cove credentials as JSON on one line, then runs
 * until interrupted.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { createCoveMock } from '../testing/cove';
import { createDBackupMock } from '../testing/dbackup';
import { startHttpServer } from '../testing/http-server';

const USAGE = `Usage: backupchecks-mock [options]

Serves the DBackup and Cove mock servers on loopback until interrupted.

Options:
  --dbackup-port <n>   port for the DBackup mock (default: a free port)
  --cove-port <n>      port for the Cove mock (default: a free port)
  --host <address>     interface to bind (default: 127.0.0.1)
  --devices <n>        Cove devices to generate (default: 25)
  --no-rate-limit      turn off the DBackup mock's rate limits
  -h, --help           show this help`;

function port(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`--${name} must be a port number (got ${value})`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'dbackup-port': { type: 'string' },
      'cove-port': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      devices: { type: 'string' },
      'rate-limit': { type: 'boolean', default: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowNegative: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const devices = values.devices === undefined ? undefined : Number(values.devices);
  if (devices !== undefined && (!Number.isInteger(devices) || devices < 0)) {
    throw new Error(`--devices must be a whole number (got ${values.devices})`);
  }
  const dbackup = createDBackupMock(values['rate-limit'] ? {} : { rateLimit: false });
  const cove = createCoveMock(devices === undefined ? {} : { devices });
  const host = values.host;
  const dbackupServer = await startHttpServer({
    handlers: dbackup.handlers,
    origin: dbackup.baseUrl,
    port: port(values['dbackup-port'], 'dbackup-port'),
    host,
  });
  const coveUrl = new URL(cove.endpoint);
  const coveServer = await startHttpServer({
    handlers: cove.handlers,
    origin: coveUrl.origin,
    port: port(values['cove-port'], 'cove-port'),
    host,
  });
  process.stdout.write(
    `${JSON.stringify({
      dbackup: { baseUrl: dbackupServer.url, keys: dbackup.keys },
      cove: { endpoint: `${coveServer.url}${coveUrl.pathname}`, credentials: cove.credentials },
    })}\n`,
  );
  const stop = () => {
    void Promise.all([dbackupServer.close(), coveServer.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `backupchecks-mock: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
  );
  process.exit(2);
});
