import { describe, expect, it } from 'vitest';
import type { ColumnCode } from '../../src/cove';
import { type BackupRun, BackupRunSchema } from '../../src/normalize';
import { collectRuns, type RunCheckpoint } from '../../src/runs';
import { COVE_MOCK_RESTRICTED_COLUMNS } from '../../src/testing/cove';
import { coveServer } from './harness';

// Backupchecks' real tenant: Login returns only PartnerId/Name/Flags, and the API user may read only
// I1, I14, I18, D01F00–D01F07 and D09F00 (cove-api-findings.md). The mock's `restricted` preset
// reproduces it; everything a monitoring user needs must still work.
const { use } = coveServer();
const ALLOW_LIST = COVE_MOCK_RESTRICTED_COLUMNS as readonly ColumnCode[];
const HOUR = 3_600_000;

describe('the restricted preset end to end', () => {
  it('login() accepts a Login result with only PartnerId, Name and Flags', async () => {
    const { client, mock } = use({ preset: 'restricted', devices: 12 });
    const login = await client.login();
    expect(login).toEqual({
      partnerId: mock.rootPartnerId,
      flags: ['SecurityOfficer', 'NonInteractive'],
      user: {
        PartnerId: mock.rootPartnerId,
        Name: mock.credentials.username,
        Flags: ['SecurityOfficer', 'NonInteractive'],
      },
    });
  });

  it.each([
    ['the allow-list itself', ALLOW_LIST],
    ['the default feed columns (the restricted ones are probed and dropped)', undefined],
  ])('statuses are known from D09F00, ids derived, never unknown-session: %s', async (_name, columns) => {
    const { client, mock } = use({ preset: 'restricted', devices: 12 });
    const { partnerId } = await client.login();
    const { runs, errors } = await collectRuns({
      cove: { client, partnerId, ...(columns ? { columns } : {}) },
    });
    expect(errors).toEqual([]);
    expect(runs).toHaveLength(mock.devices.length);
    for (const run of runs) {
      expect(BackupRunSchema.parse(run)).toEqual(run);
      const device = mock.device(Number(run.job.id))!;
      expect(run.vendorStatus).toBe(String(device.status));
      if (device.status === 0) {
        expect(run.externalId).toBe(`${device.id}:no-session`);
        continue;
      }
      expect(run.status, run.id).not.toBe('unknown');
      expect(run.externalId).toMatch(new RegExp(`^${device.id}:fp-[0-9a-f]{16}$`));
      expect(run.idDerivation?.method).toBe('fingerprint');
      // Named as refused only when Cove refused it; with the allow-list it was never requested.
      expect(run.statusReason).toContain(
        columns ? 'D09F15 (absent)' : 'D09F15 (restricted: Cove refused it)',
      );
    }
  });

  it('over polls, each new last session is delivered once, with a new id', async () => {
    const { client, mock, clock } = use({ preset: 'restricted', devices: 12 });
    const { partnerId } = await client.login();
    const poll = async (checkpoint?: RunCheckpoint) => {
      const result = await collectRuns({
        cove: { client, partnerId, columns: ALLOW_LIST },
        ...(checkpoint ? { checkpoint: JSON.parse(JSON.stringify(checkpoint)) as RunCheckpoint } : {}),
      });
      expect(result.errors).toEqual([]);
      return result;
    };
    const first = await poll();
    const device = mock.devices.find((d) => d.status === 5 && d.column('D01F00') !== undefined)!;
    const firstRun = first.runs.find((run) => run.job.id === String(device.id))!;

    clock.advance(HOUR);
    const quiet = await poll(first.checkpoint);
    expect(quiet.runs.filter((run) => run.status !== 'running')).toEqual([]);

    const seen: BackupRun[] = [firstRun];
    let checkpoint = quiet.checkpoint;
    for (const status of [2, 2, 5]) {
      clock.advance(HOUR);
      mock.advanceSession(device.id, { status });
      const next = await poll(checkpoint);
      const mine = next.runs.filter((run) => run.job.id === String(device.id));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.status).toBe(status === 5 ? 'success' : 'failed');
      expect(seen.map((run) => run.id)).not.toContain(mine[0]!.id);
      // Only that device's new session: nothing else is delivered again.
      expect(next.runs.filter((run) => run.status !== 'running')).toEqual(mine);
      seen.push(mine[0]!);
      clock.advance(HOUR);
      const again = await poll(next.checkpoint);
      expect(again.runs.filter((run) => run.job.id === String(device.id))).toEqual([]);
      checkpoint = again.checkpoint;
    }
    expect(new Set(seen.map((run) => run.id)).size).toBe(4);
  });

  it('checkAccess names exactly the missing monitoring columns and what to ask for', async () => {
    const { client, mock } = use({ preset: 'restricted', devices: 12 });
    const report = await client.checkAccess();
    expect(report.login).toMatchObject({
      status: 'ok',
      partnerId: mock.rootPartnerId,
      level: 'Reseller',
      scope: 'reseller',
    });
    expect(report.columns.restricted).toEqual([
      'I8',
      'I59',
      'I78',
      'D09F05',
      'D09F06',
      'D09F09',
      'D09F12',
      'D09F15',
    ]);
    expect(report.columns.allowed).toEqual(['I1', 'I18', 'D09F00']);
    expect(report.columns.probeCalls).toBeGreaterThan(0);
    expect(report.columns.probeCalls).toBeLessThanOrEqual(22);
    // D01F00 tells a storage-node device apart; without I59/I78/D19F00 an M365 device cannot be found.
    expect(report.sessions.storageNode).toMatchObject({ status: 'ok', errorsReadable: true });
    expect(mock.device(report.sessions.storageNode.deviceId!)?.accountType).toBe(1);
    expect(report.sessions.m365.status).toBe('skipped');
    expect(report.sessions.m365.error).toMatch(/cannot be told apart/);
    expect(report.requests).toEqual([
      expect.stringMatching(/^A read-only Supporter API user created at the top-level reseller/),
      'Read access to these columns, in new notation (not legacy codes such as T0 or TG, which Cove refuses with 13501): I8, I59, I78, D09F05, D09F06, D09F09, D09F12, D09F15.',
      expect.stringMatching(/^D09F15 above all/),
    ]);
    expect(report.text).toContain(
      '3 of 11 monitoring columns allowed; restricted: I8, I59, I78, D09F05, D09F06, D09F09, D09F12, D09F15',
    );
    expect(report.text).toContain('Ask the Cove administrator for:');
  });
});
