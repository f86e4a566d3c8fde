/**
 * Clients whose every request is recorded (and answered 500), for tests that assert a wrong
 * argument fails before anything is sent. Call {@link recordRequests} at the top of a test file.
 */
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { CoveClient } from '../../src/cove';
import { DBackupClient } from '../../src/dbackup';

/** The DBackup API key the recorded clients use. */
export const UNSENT_KEY = `dbackup_${'cd'.repeat(30)}`;

/** Starts an MSW server for the file; returns the list of requests sent and a client factory. */
export function recordRequests() {
  const server = setupServer();
  const sent: string[] = [];
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    sent.length = 0;
  });
  afterAll(() => server.close());

  function clients() {
    server.use(
      http.all('*', ({ request }) => {
        sent.push(`${request.method} ${request.url}`);
        return new Response('{}', { status: 500 });
      }),
    );
    const dbackup = new DBackupClient({
      baseUrl: 'https://dbackup.args.test',
      apiKey: UNSENT_KEY,
      retry: { maxRetries: 0 },
    });
    const cove = new CoveClient({
      partner: 'Acme (a@acme.test)',
      username: 'api',
      password: 'secret-password-1',
      endpoint: 'https://cove.args.test/jsonapi',
      retry: { maxRetries: 0 },
    });
    return { dbackup, cove };
  }

  /** Resolves once anything sent on the side (a Login, a version probe) would have been recorded. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { sent, clients, settle };
}
