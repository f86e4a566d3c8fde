import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DBackupClient } from '../../src/dbackup';
import { collectRuns } from '../../src/runs';
import { VirtualClock } from '../../src/testing/clock';
import { createDBackupMock, DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';

// The feed end to end against the DBackup mock, with the SDK's own client: what a run looks like
// when read from a server that behaves like 3.2.0 (default) or one that keeps final metadata.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(keepFinalMetadata: boolean) {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23, 1, 0));
  const mock = createDBackupMock({ clock, keepFinalMetadata, rateLimit: false });
  server.use(...mock.handlers);
  const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full, clock });
  return { mock, client, clock };
}

const partialId = IDS.executions.partial;

describe('collectRuns × DBackup mock', () => {
  it('3.2.0 behaviour: the final metadata is gone; the detail’s log names each destination’s outcome', async () => {
    const { client, mock } = setup(false);
    const { runs, errors } = await collectRuns({
      dbackup: { client, details: true, instance: mock.baseUrl },
    });
    expect(errors).toEqual([]);
    const partial = runs.find((r) => r.externalId === partialId);
    expect(partial).toMatchObject({
      instance: mock.baseUrl,
      status: 'warning',
      vendorStatus: 'Partial',
      sizeBytes: 12_288,
      trigger: { type: 'Api', label: 'sdk-full' },
      objects: [
        { name: 'Local Primary', type: 'destination', status: 'success' },
        {
          name: 'Local Broken',
          type: 'destination',
          status: 'failed',
          message: expect.stringMatching(/^Local upload failed: ENOTDIR/),
        },
      ],
      message: '[Local Broken] Upload FAILED: Adapter returned false',
    });
    expect(partial).not.toHaveProperty('errorCount');
    // No databases: 3.2.0 keeps no per-database names once the final metadata is overwritten.
    for (const run of runs) expect(run.objects.filter((o) => o.type === 'database')).toEqual([]);
    // A run cancelled while uploading reports the size of a discarded dump: not a stored size.
    const cancelled = runs.find((r) => r.externalId === IDS.executions.cancelledRunning);
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled).not.toHaveProperty('sizeBytes');
    // The same task job on this server, told apart from other servers by instance.
    const task = runs.find((r) => r.externalId === IDS.executions.integrityCheck);
    expect([task?.instance, task?.job.id]).toEqual([mock.baseUrl, 'task:IntegrityCheck']);
  });

  it('keepFinalMetadata: destinations become objects; databases are unknown', async () => {
    const { client } = setup(true);
    const { runs } = await collectRuns({ dbackup: { client, details: false } });
    expect(runs.find((r) => r.externalId === partialId)?.objects).toEqual([
      { name: 'Local Primary', type: 'destination', status: 'success' },
      {
        name: 'Local Broken',
        type: 'destination',
        status: 'failed',
        message: expect.stringMatching(/^ENOTDIR/),
      },
      { name: 'app.db', type: 'database', status: 'unknown' },
    ]);
    // Without details, the Partial message comes from the failed destination's error.
    expect(runs.find((r) => r.externalId === partialId)?.message).toMatch(/^ENOTDIR/);
  });
});
