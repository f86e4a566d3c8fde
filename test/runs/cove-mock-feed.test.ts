import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoveClient } from '../../src/cove';
import { BackupRunSchema } from '../../src/normalize';
import { collectRuns } from '../../src/runs';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';

// The feed end to end with the SDK's own CoveClient against the Cove mock: every device becomes one
// valid run, a second poll delivers nothing new, and a restricted column degrades to `unknown`.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(options: { devices?: number; restrictedColumns?: string[] } = {}) {
  const clock = new VirtualClock();
  const mock = createCoveMock({ clock, devices: options.devices ?? 40, ...options });
  server.use(...mock.handlers);
  const client = new CoveClient({ ...mock.credentials, endpoint: mock.endpoint, clock });
  return { mock, client };
}

describe('collectRuns × Cove mock', () => {
  it('one valid run per device; a second poll with the checkpoint delivers nothing', async () => {
    const { mock, client } = setup();
    const { partnerId } = await client.login();
    const first = await collectRuns({ cove: { client, partnerId, instance: 'acme' } });
    expect(first.errors).toEqual([]);
    expect(first.runs).toHaveLength(mock.devices.length);
    expect(new Set(first.runs.map((r) => r.id)).size).toBe(first.runs.length);
    for (const run of first.runs) {
      expect(BackupRunSchema.safeParse(run).success, run.id).toBe(true);
      expect(run.instance).toBe('acme');
    }
    // Statuses come from the vendor code; at least a success and a failure are in the seed.
    const statuses = new Set(first.runs.map((r) => r.status));
    expect(statuses.has('success')).toBe(true);
    expect(statuses.has('failed')).toBe(true);

    const second = await collectRuns({
      cove: { client, partnerId },
      checkpoint: JSON.parse(JSON.stringify(first.checkpoint)),
    });
    expect(second.errors).toEqual([]);
    const terminal = first.runs.filter((r) => !['running', 'pending', 'unknown'].includes(r.status));
    expect(second.runs.filter((r) => terminal.some((t) => t.id === r.id))).toEqual([]);
  });

  it('a restricted last-session time: runs keep their status, get a fingerprint id and the reason', async () => {
    const { client, mock } = setup({ devices: 6, restrictedColumns: ['D09F15'] });
    const { partnerId } = await client.login();
    const { runs, errors } = await collectRuns({ cove: { client, partnerId } });
    expect(errors).toEqual([]);
    expect(runs).toHaveLength(6);
    for (const run of runs) {
      const device = mock.device(Number(run.job.id))!;
      if (device.status === 0) {
        expect(run.externalId).toMatch(/:no-session$/);
        continue;
      }
      expect(run.status).not.toBe('unknown');
      expect(run.externalId).toMatch(/:fp-[0-9a-f]{16}$/);
      expect(run.statusReason).toContain('D09F15 (restricted: Cove refused it)');
    }
  });
});
