/**
 * The part of `backupchecks mock` that loads msw (through the testing mocks). It is imported
 * lazily, so every other command works without msw installed.
 *
 * @module
 */
import { createCoveMock } from '../../testing/cove';
import { createDBackupMock } from '../../testing/dbackup';
import { startHttpServer } from '../../testing/http-server';

/** Options of {@link serveMocks}. */
export interface ServeMocksOptions {
  /** Interface to bind. */
  host: string;
  /** DBackup port (0: any free one). */
  dbackupPort: number;
  /** Cove port (0: any free one). */
  covePort: number;
  /** DBackup rate limits on. */
  rateLimit: boolean;
  /** Cove devices to generate. */
  devices?: number;
  /** Seed of the Cove fleet. */
  seed?: number;
  /** How long a started DBackup run stays Running. */
  runningMs?: number;
  /** A ready-made Cove tenant (see `CoveMockOptions.preset`). */
  preset?: 'restricted';
}

/** Starts both mocks on loopback HTTP. */
export async function serveMocks(options: ServeMocksOptions) {
  const dbackup = createDBackupMock({
    ...(options.rateLimit ? {} : { rateLimit: false }),
    ...(options.runningMs === undefined ? {} : { timings: { runningMs: options.runningMs } }),
  });
  const cove = createCoveMock({
    ...(options.devices === undefined ? {} : { devices: options.devices }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.preset === undefined ? {} : { preset: options.preset }),
  });
  const dbackupServer = await startHttpServer({
    handlers: dbackup.handlers,
    origin: dbackup.baseUrl,
    port: options.dbackupPort,
    host: options.host,
  });
  const coveUrl = new URL(cove.endpoint);
  const coveServer = await startHttpServer({
    handlers: cove.handlers,
    origin: coveUrl.origin,
    port: options.covePort,
    host: options.host,
  });
  return {
    dbackup: { baseUrl: dbackupServer.url, keys: { ...dbackup.keys } },
    cove: { endpoint: `${coveServer.url}${coveUrl.pathname}`, credentials: { ...cove.credentials } },
    close: () => Promise.all([dbackupServer.close(), coveServer.close()]).then(() => undefined),
  };
}
