import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { HttpHooks } from '../../src/core/http';
import { DBackupClient, type DBackupClientOptions } from '../../src/dbackup';
import { VirtualClock } from '../../src/testing/clock';
import { createDBackupMock, type DBackupMock, type DBackupMockOptions } from '../../src/testing/dbackup';

/** One MSW server for the file; each test builds its own mock and client through `setup()`. */
export function useDBackupMock() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  return function setup(
    options: {
      mock?: DBackupMockOptions;
      client?: Partial<DBackupClientOptions>;
      key?: keyof DBackupMock['keys'];
    } = {},
  ) {
    const clock = new VirtualClock();
    const mock = createDBackupMock({ clock, ...options.mock });
    server.use(...mock.handlers);
    const events: unknown[] = [];
    const hooks: HttpHooks = {
      onRequest: (e) => events.push(e),
      onResponse: (e) => events.push(e),
      onRetry: (e) => events.push(e),
      onError: (e) => events.push(e),
    };
    const client = new DBackupClient({
      baseUrl: mock.baseUrl,
      apiKey: mock.keys[options.key ?? 'full'],
      clock,
      hooks,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      ...options.client,
    });
    return { mock, client, clock, events, server };
  };
}
