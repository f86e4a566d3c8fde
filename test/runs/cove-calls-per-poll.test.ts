/**
 * Calls per poll for 100 devices in each Cove mode, counted at the mock (the figures in
 * docs/guides/cove.md come from this test; it prints them). Last-status mode costs Login plus one
 * statistics page; sessions mode adds, per device, node discovery (once per client), at least one
 * QuerySessions, and one error call per session that is not a clean success.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoveClient } from '../../src/cove';
import { collectRuns } from '../../src/runs';
import { VirtualClock } from '../../src/testing/clock';
import { type CoveMock, createCoveMock } from '../../src/testing/cove';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DEVICES = 100;

function tally(mock: CoveMock, from: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const call of mock.calls.slice(from)) out[call.method] = (out[call.method] ?? 0) + 1;
  out.total = mock.calls.length - from;
  return out;
}

function setup() {
  const clock = new VirtualClock();
  const mock = createCoveMock({
    clock,
    devices: DEVICES,
    quirks: { unrequestedI78Rate: 0, arrayValueRate: 0 },
  });
  server.use(...mock.handlers);
  const makeClient = () =>
    new CoveClient({ ...mock.credentials, endpoint: mock.endpoint, clock, retry: { maxRetries: 0 } });
  return { mock, clock, makeClient };
}

describe(`calls per poll for ${DEVICES} devices`, () => {
  it('last-status mode: Login + one statistics page', async () => {
    const { mock, makeClient } = setup();
    const client = makeClient();
    const first = await collectRuns({ cove: { client, partnerId: mock.rootPartnerId } });
    const poll1 = tally(mock, 0);
    const mark = mock.calls.length;
    await collectRuns({ cove: { client, partnerId: mock.rootPartnerId }, checkpoint: first.checkpoint });
    const poll2 = tally(mock, mark);
    console.log('last-status', { poll1, poll2 });
    expect(poll1).toEqual({ Login: 1, EnumerateAccountStatistics: 1, total: 2 });
    expect(poll2).toEqual({ EnumerateAccountStatistics: 1, total: 1 });
  });

  it('sessions mode: discovery once per client, one QuerySessions per device, errors for non-clean sessions', async () => {
    const { mock, clock, makeClient } = setup();
    const client = makeClient();
    const poll = (checkpoint?: unknown, c = client) =>
      collectRuns({
        cove: { client: c, partnerId: mock.rootPartnerId, mode: 'sessions' },
        ...(checkpoint ? { checkpoint: checkpoint as never } : {}),
        now: () => clock.now(),
      });
    const unreachable = mock.unreachableDeviceIds.length;
    const m365 = mock.devices.filter((d) => d.accountType === 2).length;

    // First poll (the last 24 hours), new client.
    const first = await poll();
    const poll1 = tally(mock, 0);

    // Next poll, nothing new, same client.
    let mark = mock.calls.length;
    const second = await poll(first.checkpoint);
    const poll2 = tally(mock, mark);

    // A day later every device ran one new session per data source; about 1 in 10 had errors.
    clock.advance(86_400_000);
    let unclean = 0;
    for (const device of mock.devices) {
      if (device.status === 0) continue;
      for (const source of device.dataSources) {
        const bad = (device.id + source) % 10 === 0;
        if (bad) unclean += device.id === mock.unreachableDeviceIds[0] ? 0 : 1;
        mock.addSession(device.id, { source, status: bad ? 8 : 5, errors: bad ? 3 : 0 });
      }
    }
    mark = mock.calls.length;
    const third = await poll(second.checkpoint);
    const poll3 = tally(mock, mark);

    // The same day's poll from a new client (a CLI run per poll): discovery is paid again.
    mark = mock.calls.length;
    await poll(second.checkpoint, makeClient());
    const poll3Fresh = tally(mock, mark);

    console.log('sessions', {
      devices: DEVICES,
      m365,
      unreachable,
      unclean,
      poll1,
      poll2,
      poll3,
      poll3Fresh,
    });
    const reachable = DEVICES - unreachable;
    expect(poll2.GetAccountInfoById ?? 0).toBe(0);
    expect(poll1.GetAccountInfoById).toBe(DEVICES);
    expect(poll3Fresh.GetAccountInfoById).toBe(DEVICES);
    expect((poll2.QuerySessions ?? 0) + (poll2.EnumerateSessions ?? 0)).toBe(DEVICES);
    expect(poll2.QueryErrors ?? 0).toBe(0);
    expect(poll2.EnumerateAccountStatistics).toBe(1);
    expect(poll3.QueryErrors ?? 0).toBeGreaterThan(0);
    expect((poll3.QueryErrors ?? 0) + (poll3.EnumerateSessionErrors ?? 0)).toBe(unclean);
    expect(third.runs.length).toBeGreaterThan(reachable);
  });
});
