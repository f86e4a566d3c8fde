/**
 * `collectRuns` in Cove sessions mode against the Cove mock, across several polls: every session
 * since the checkpoint once, running → terminal re-delivery, error texts only for sessions that
 * are not clean successes, bounded device concurrency, a failing node isolated and replaced by the
 * device's last-status run, and a checkpoint that keeps only each device's window.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoveClient } from '../../src/cove';
import { BackupRunSchema } from '../../src/normalize';
import { collectRuns } from '../../src/runs';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DAY = 86_400;

function setup(devices = 14, fetchImpl?: typeof fetch) {
  const clock = new VirtualClock();
  const mock = createCoveMock({ clock, devices, quirks: { unrequestedI78Rate: 0, arrayValueRate: 0 } });
  server.use(...mock.handlers);
  const client = new CoveClient({
    ...mock.credentials,
    endpoint: mock.endpoint,
    clock,
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return { mock, client, clock };
}

describe('collectRuns × Cove sessions mode', () => {
  it('delivers every session once across polls, re-delivers running → terminal, isolates a failing node', async () => {
    const { mock, client, clock } = setup();
    const { partnerId } = await client.login();
    const nowSecs = () => Math.floor(clock.now() / 1000);
    const since = nowSecs() - 3 * DAY;
    const poll = (checkpoint?: unknown) =>
      collectRuns({
        cove: { client, partnerId, mode: 'sessions', since },
        checkpoint: checkpoint === undefined ? undefined : JSON.parse(JSON.stringify(checkpoint)),
        now: () => clock.now(),
      });

    // Poll 1: every session of the last three days, one run each.
    const first = await poll();
    const [badId] = mock.unreachableDeviceIds;
    const bad = mock.device(badId ?? 0);
    expect(first.errors).toHaveLength(1);
    expect(first.errors[0]).toMatchObject({ source: 'cove', stage: 'fetch', recordId: String(badId) });
    expect(first.errors[0]?.message).toContain(`device ${badId} ("${bad?.name}")`);
    expect(first.errors[0]?.error).toMatchObject({ name: 'CoveStorageNodeError', failure: 'unreachable' });

    const expected = mock.devices
      .filter((d) => d.id !== badId)
      .flatMap((d) => mock.sessions(d.id).filter((s) => s.startTime >= since))
      .map((s) => `cove:${s.deviceId}:session-${s.id}`);
    expect(expected.length).toBeGreaterThan(20);
    const sessionRuns = first.runs.filter((r) => r.externalId.includes(':session-'));
    expect(sessionRuns.map((r) => r.id).sort()).toEqual([...expected].sort());
    expect(new Set(first.runs.map((r) => r.id)).size).toBe(first.runs.length);
    for (const run of first.runs) expect(BackupRunSchema.safeParse(run).success, run.id).toBe(true);
    // The failing device still gets its last-status run from the statistics row.
    const fallback = first.runs.filter((r) => r.job.id === String(badId));
    expect(fallback).toHaveLength(1);
    expect(fallback[0]?.externalId).toMatch(new RegExp(`^${badId}:\\d+$`));

    // Error texts only for sessions that are not clean successes (and not running).
    const unclean = mock.devices
      .filter((d) => d.id !== badId)
      .flatMap((d) => mock.sessions(d.id).filter((s) => s.startTime >= since))
      .filter((s) => s.status !== 1 && !(s.status === 5 && s.errorsCount === 0));
    const errorCalls =
      mock.countCalls('QueryErrors') +
      new Set(
        mock.calls
          .filter((c) => c.method === 'EnumerateSessionErrors')
          .map((c) => JSON.stringify((c.params as { filter: unknown }).filter)),
      ).size;
    expect(unclean.length).toBeGreaterThan(0);
    expect(errorCalls).toBe(unclean.length);
    const withText = sessionRuns.find((r) => r.message !== undefined);
    expect(withText?.status).not.toBe('success');

    // Poll 2, nothing changed: nothing delivered, no error texts fetched again.
    const before = mock.calls.length;
    const second = await poll(first.checkpoint);
    expect(second.runs).toEqual([]);
    expect(second.errors).toHaveLength(1);
    expect(mock.calls.slice(before).filter((c) => c.method === 'QueryErrors')).toEqual([]);

    // A running session finishes with errors, and a device runs a new, failed session.
    const runningRun = sessionRuns.find((r) => r.status === 'running');
    if (!runningRun) throw new Error('the mock should have a running session');
    const runningDevice = Number(runningRun.job.id);
    const runningId = Number(runningRun.externalId.split('session-')[1]);
    clock.advance(3_600_000);
    mock.finishSession(runningDevice, runningId, 8, 3);
    const other = mock.devices.find(
      (d) => d.id !== badId && d.id !== runningDevice && d.accountType === 1 && d.dataSources.length > 0,
    );
    if (!other) throw new Error('no other device');
    const added = mock.addSession(other.id, { status: 2, errors: 2 });

    const third = await poll(second.checkpoint);
    const ids = third.runs.map((r) => r.id);
    expect(ids.sort()).toEqual(
      [`cove:${runningDevice}:session-${runningId}`, `cove:${other.id}:session-${added.id}`].sort(),
    );
    const finished = third.runs.find((r) => r.id === `cove:${runningDevice}:session-${runningId}`);
    expect(finished).toMatchObject({ status: 'warning', errorCount: 3 });
    expect(finished?.message).toBeTruthy();
    const failed = third.runs.find((r) => r.id.endsWith(`session-${added.id}`));
    expect(failed).toMatchObject({ status: 'failed', errorCount: 2, message: added.errors[0]?.text });

    // Poll 4: quiet again.
    const fourth = await poll(third.checkpoint);
    expect(fourth.runs).toEqual([]);

    // The checkpoint keeps one cursor per device and only the sessions at or after it.
    const checkpoint = fourth.checkpoint;
    expect(Object.keys(checkpoint.sessions ?? {}).sort()).toEqual(
      mock.devices.map((d) => String(d.id)).sort(),
    );
    for (const device of mock.devices) {
      const cursor = checkpoint.sessions?.[String(device.id)];
      const kept = Object.keys(checkpoint.runs).filter((id) => id.startsWith(`cove:${device.id}:session-`));
      const window = mock.sessions(device.id).filter((s) => s.startTime >= (cursor?.since ?? 0));
      expect(kept.length).toBeLessThanOrEqual(window.length);
      if (device.id === badId) expect(cursor?.since).toBe(since);
    }
    const sessionEntries = Object.keys(checkpoint.runs).filter((id) => id.includes(':session-')).length;
    expect(sessionEntries).toBeLessThan(expected.length);
  });

  it('walks at most `concurrency` devices at once (default 4)', async () => {
    let inFlight = 0;
    let peak = 0;
    const counting: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.includes('repserv_json') && !url.includes('reporting_api')) return fetch(input, init);
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const { client, mock } = setup(20, counting);
    const { partnerId } = await client.login();
    await collectRuns({ cove: { client, partnerId, mode: 'sessions' } });
    expect(peak).toBe(4);
    peak = 0;
    await collectRuns({ cove: { client, partnerId, mode: 'sessions', concurrency: 2 } });
    expect(peak).toBe(2);
    expect(mock.countCalls('QuerySessions')).toBeGreaterThan(20);
  });

  it('rejects a client without sessions() and bad options with ConfigError', async () => {
    const client = { iterateAccountStatistics: async function* () {} };
    await expect(collectRuns({ cove: { client, partnerId: 1, mode: 'sessions' } })).rejects.toMatchObject({
      name: 'ConfigError',
    });
    const { client: real } = setup(2);
    await expect(
      collectRuns({ cove: { client: real, partnerId: 1, mode: 'sessions', concurrency: 0 } }),
    ).rejects.toMatchObject({
      name: 'ConfigError',
    });
  });
});
