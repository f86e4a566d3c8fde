/**
 * Both mock servers at once, intercepting `fetch` in the current process: what the examples and
 * quick experiments use.
 *
 * @module
 */
import { setupServer } from 'msw/node';
import type { Clock } from '../core/clock';
import { type CoveMock, type CoveMockOptions, createCoveMock } from './cove';
import { createDBackupMock, type DBackupMock, type DBackupMockOptions } from './dbackup';

/** Options for {@link startMockServers}. */
export interface MockServersOptions {
  /** Options for the DBackup mock. */
  dbackup?: DBackupMockOptions;
  /** Options for the Cove mock. */
  cove?: CoveMockOptions;
  /** One clock for both mocks (each mock's own `clock` option wins). */
  clock?: Clock;
}

/** The running mocks. */
export interface MockServers {
  /** The DBackup mock: use `dbackup.baseUrl` and `dbackup.keys.full`. */
  dbackup: DBackupMock;
  /** The Cove mock: use `cove.endpoint` and `cove.credentials`. */
  cove: CoveMock;
  /** Stops intercepting `fetch`. */
  close(): void;
}

/**
 * Starts both mocks with MSW's `setupServer`, so any `fetch` to their URLs in this process is
 * answered by them; other requests pass through untouched.
 */
export function startMockServers(options: MockServersOptions = {}): MockServers {
  const clock = options.clock;
  const dbackup = createDBackupMock({ ...(clock ? { clock } : {}), ...options.dbackup });
  const cove = createCoveMock({ ...(clock ? { clock } : {}), ...options.cove });
  const server = setupServer(...dbackup.handlers, ...cove.handlers);
  server.listen({ onUnhandledFrame: 'bypass' });
  return { dbackup, cove, close: () => server.close() };
}
