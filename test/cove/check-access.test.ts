import { describe, expect, it } from 'vitest';
import { AbortError, ConfigError } from '../../src/core/errors';
import { COVE_MONITORING_COLUMNS } from '../../src/cove';
import { COVE_RUN_COLUMNS } from '../../src/normalize';
import { coveServer } from './harness';

// cove.checkAccess(): one call, every finding in a typed report, nothing thrown but bad input and aborts.
const { use } = coveServer();

describe('checkAccess', () => {
  it('monitors every column normalizeRun reads', () => {
    for (const code of COVE_RUN_COLUMNS) expect(COVE_MONITORING_COLUMNS).toContain(code);
  });

  it('a full-access API user: everything works and there is nothing to ask for', async () => {
    const { client, mock } = use({ devices: 25 });
    const report = await client.checkAccess();
    expect(report.login).toEqual({
      status: 'ok',
      partnerId: mock.rootPartnerId,
      partnerName: mock.credentials.partner,
      level: 'Reseller',
      scope: 'reseller',
      flags: ['AllowApiAuthentication', 'NonInteractive'],
    });
    expect(report.partners).toEqual({ status: 'ok', count: mock.partners.length - 1 });
    expect(report.columns).toMatchObject({ status: 'ok', restricted: [], probeCalls: 1 });
    expect(report.columns.allowed).toEqual([...COVE_MONITORING_COLUMNS]);
    for (const [kind, access] of Object.entries(report.sessions)) {
      expect(access, kind).toMatchObject({ status: 'ok', errorsReadable: true });
      const device = mock.device(access.deviceId!)!;
      expect(device.accountType, kind).toBe(kind === 'm365' ? 2 : 1);
      expect(access.sessions).toBeGreaterThan(0);
    }
    expect(report.requests).toEqual([]);
    expect(report.text).toMatch(/Nothing to ask for/);
    expect(report.text).not.toContain('[NO]');
  });

  it('a wrong password is reported, not thrown, with the partner-string advice; nothing else is tried', async () => {
    const { makeClient, mock } = use();
    const client = makeClient({ password: 'wrong-token' });
    const report = await client.checkAccess();
    expect(report.login).toMatchObject({ status: 'failed', errorCode: 2100 });
    expect(report.partners.status).toBe('skipped');
    expect(report.columns.status).toBe('skipped');
    expect(report.sessions.storageNode.status).toBe('skipped');
    expect(report.requests).toEqual([expect.stringMatching(/^Check the exact partner string/)]);
    expect(mock.calls.map((call) => call.method)).toEqual(['Login']);
    expect(report.text).not.toContain('wrong-token');
  });

  it('partners and partner details refused: scope unknown, the Supporter user at the top reseller is asked for', async () => {
    const { client } = use({ refusedMethods: ['EnumeratePartners', 'GetPartnerInfoById'] });
    const report = await client.checkAccess();
    expect(report.login).toMatchObject({ status: 'ok', scope: 'unknown' });
    expect(report.login.error).toMatch(/level could not be read/);
    expect(report.partners.status).toBe('refused');
    expect(report.columns.restricted).toEqual([]);
    expect(report.requests).toEqual([
      expect.stringMatching(/^A read-only Supporter API user created at the top-level reseller/),
    ]);
  });

  it('device details refused: session history is reported as refused for both kinds of device', async () => {
    const { client } = use({
      devices: 25,
      refusedMethods: ['GetAccountInfoById', 'EnumerateAccountRemoteAccessEndpoints'],
    });
    const report = await client.checkAccess();
    expect(report.sessions.storageNode.status).toBe('refused');
    expect(report.sessions.storageNode.deviceId).toBeTypeOf('number');
    expect(report.text).toMatch(/\[NO\] +Session history, storage-node device: device \d+: /);
  });

  it('when nothing tells device kinds apart, the sample device still gets its session check', async () => {
    const { client, mock } = use({ devices: 25, allowedColumns: ['I1', 'D09F00'] });
    const report = await client.checkAccess();
    expect(report.columns.allowed).toEqual(['I1', 'D09F00']);
    const sample = report.sessions.storageNode;
    expect(sample.deviceId).toBe(mock.devices.find((d) => d.status !== 0)?.id);
    expect(sample.status).toBe('ok');
    expect(report.sessions.m365.status).toBe('skipped');
  });

  it('checks another partner when asked; bad input fails before any request', async () => {
    const { client, mock } = use({ devices: 25 });
    const child = mock.partners[1]!;
    const report = await client.checkAccess({ partnerId: child.id });
    expect(report.partners.status).toBe('ok');
    const sample = report.sessions.storageNode.deviceId;
    if (sample !== undefined) expect(mock.device(sample)?.partnerId).toBe(child.id);
    const calls = mock.calls.length;
    await expect(client.checkAccess({ partnerId: -1 })).rejects.toBeInstanceOf(ConfigError);
    await expect(client.checkAccess({ partnerId: '5' as unknown as number })).rejects.toBeInstanceOf(
      ConfigError,
    );
    expect(mock.calls.length).toBe(calls);
  });

  it('an abort is thrown, not reported', async () => {
    const { client } = use();
    const controller = new AbortController();
    controller.abort();
    await expect(client.checkAccess({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });
});
