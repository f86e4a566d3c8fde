/**
 * Shared set-up for the Cove client tests: one MSW server per test file, a fresh mock (and
 * virtual clock) per test, and a client pointed at it.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { CoveClient, type CoveClientOptions } from '../../src/cove';
import { VirtualClock } from '../../src/testing/clock';
import { type CoveMock, type CoveMockOptions, createCoveMock } from '../../src/testing/cove';

/** A mock, its clock and a client that share them. */
export interface CoveHarness {
  mock: CoveMock;
  clock: VirtualClock;
  client: CoveClient;
  /** Makes another client against the same mock (e.g. with other credentials). */
  makeClient(overrides?: Partial<CoveClientOptions>): CoveClient;
}

/** Starts one MSW server for the file; `use()` swaps in a fresh mock. */
export function coveServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const use = (
    options: CoveMockOptions = {},
    clientOptions: Partial<CoveClientOptions> = {},
  ): CoveHarness => {
    const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock();
    const mock = createCoveMock({ quirks: { unrequestedI78Rate: 0, arrayValueRate: 0 }, ...options, clock });
    server.resetHandlers(...mock.handlers);
    const makeClient = (overrides: Partial<CoveClientOptions> = {}) =>
      new CoveClient({
        ...mock.credentials,
        endpoint: mock.endpoint,
        clock,
        retry: { baseDelayMs: 1, maxDelayMs: 2 },
        ...clientOptions,
        ...overrides,
      });
    return { mock, clock, client: makeClient(), makeClient };
  };
  return { server, use };
}

/** Every secret the mock knows: the password and each visa it issued. */
export function mockSecrets(mock: CoveMock): string[] {
  const visas = mock.calls.flatMap((call) => [call.issuedVisa, call.visa]).filter((v): v is string => !!v);
  return [mock.credentials.password, ...new Set(visas)];
}
