/**
 * Shared set-up for the hardening tests: a DBackup mock installed on the file's MSW server and a
 * client pointed at it.
 */
import type { SetupServer } from 'msw/node';
import { DBackupClient, type DBackupClientOptions } from '../../src/dbackup';
import { VirtualClock } from '../../src/testing/clock';
import { createDBackupMock } from '../../src/testing/dbackup';

/** Installs a fresh DBackup mock on `server` and returns it with a client (full key, no pacing). */
export function dbackupOn(server: SetupServer, options: Partial<DBackupClientOptions> = {}) {
  const clock = new VirtualClock();
  const mock = createDBackupMock({ clock });
  server.use(...mock.handlers);
  const client = new DBackupClient({
    baseUrl: mock.baseUrl,
    apiKey: mock.keys.full,
    clock,
    rateLimit: false,
    ...options,
  });
  return { mock, client, clock };
}
