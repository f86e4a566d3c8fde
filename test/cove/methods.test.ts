import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  type AccountInfo,
  AccountInfoSchema,
  type AccountInfoWithSecrets,
  type CoveMethodResult,
  isReadMethod,
  METHOD_RESULT_SCHEMAS,
  type PartnerInfo,
  PartnerInfoSchema,
  stripAccountSecrets,
  toStatisticsRow,
  UserInfoSchema,
} from '../../src/cove';
import { MOCK_PARTNER_IDS, MOCK_SERVER_VERSION } from '../../src/testing/cove';
import { coveServer } from './harness';

const { use } = coveServer();

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/cove/${name}.json`, import.meta.url), 'utf8')) as {
    response: { result: Record<string, unknown> };
  };

describe('convenience methods against the mock', () => {
  test('getPartnerInfo / getPartnerInfoById', async () => {
    const { mock, client } = use();
    const byName = await client.getPartnerInfo('Contoso Legal LLP');
    expect(byName.Id).toBe(MOCK_PARTNER_IDS.contoso);
    expect(byName.Level).toBe('EndCustomer');
    expect(byName).toHaveProperty('Discount', 0); // extra keys are kept
    const byId = await client.getPartnerInfoById(mock.rootPartnerId);
    expect(byId.Name).toBe(mock.credentials.partner);
    expect(byId.Company?.PostAddress?.City).toBeTypeOf('string');
  });

  test('enumeratePartners defaults to the Login partner and walks the tree recursively', async () => {
    const { mock, client } = use();
    const children = await client.enumeratePartners();
    expect(children.every((p) => p.ParentId === mock.rootPartnerId)).toBe(true);
    const tree = await client.enumeratePartners({ fetchRecursively: true });
    expect(tree.map((p) => p.Id).sort()).toEqual(
      mock.partners
        .filter((p) => p.id !== mock.rootPartnerId)
        .map((p) => p.id)
        .sort(),
    );
    expect(tree.length).toBeGreaterThan(children.length);
    const named = await client.enumeratePartners({
      parentPartnerId: MOCK_PARTNER_IDS.northwind,
      fields: [0, 1],
    });
    expect(named.map((p) => p.Name)).toContain('Northwind Logistics - Rotterdam');
    expect(named[0]).not.toHaveProperty('State');
    const sent = mock.calls.at(-1)?.params;
    expect(sent).toEqual({ parentPartnerId: MOCK_PARTNER_IDS.northwind, fields: [0, 1] });
    expect(mock.countCalls('Login')).toBe(1);
  });

  test('enumerateAccounts / getAccountInfoById', async () => {
    const { mock, client } = use({ devices: 40 });
    const device = mock.devices[0];
    if (!device) throw new Error('no devices');
    const accounts = await client.enumerateAccounts(device.partnerId);
    expect(accounts.map((a) => a.Id)).toContain(device.id);
    const details = await client.getAccountInfoById(device.id);
    expect(details.account.Name).toBe(device.name);
    expect(details.homeNodeInfo?.CommonInfo?.Host).toMatch(/:\d+$/);
    const secret = await client.getAccountInfoById(device.id, { includeSecrets: true });
    expect(secret.account.Token).toBe(device.token);
    expectTypeOf(secret.account).toEqualTypeOf<AccountInfoWithSecrets>();
    expectTypeOf(details.account).toEqualTypeOf<AccountInfo>();
  });

  test('enumerateColumns and getServerInfo', async () => {
    const { mock, client } = use({ restrictedColumns: ['D02F*'] });
    const columns = await client.enumerateColumns(mock.rootPartnerId);
    const ids = columns.map((c) => c.Id);
    expect(ids).toContain('D09F00');
    expect(ids).not.toContain('D02F00');
    const info = await client.getServerInfo();
    expect(info.ServerVersion).toBe(MOCK_SERVER_VERSION);
  });

  test('call() is typed by method and validates the result; unknown names are untyped', async () => {
    const { mock, client } = use();
    await client.login();
    const partner = await client.call('GetPartnerInfoById', { partnerId: mock.rootPartnerId });
    expectTypeOf(partner).toEqualTypeOf<CoveMethodResult<'GetPartnerInfoById'>>();
    expectTypeOf(partner.result).toEqualTypeOf<PartnerInfo>();
    expect(partner.result.Id).toBe(mock.rootPartnerId);
    const stats = await client.call('EnumerateAccountStatistics', {
      query: { PartnerId: mock.rootPartnerId, Columns: ['I1'], RecordsCount: 2, Totals: ['COUNT(1)'] },
    });
    expect(stats.result).toHaveLength(2);
    expect(stats.totalStatistics).toEqual({ 'COUNT(1)': String(mock.devices.length) });
    const untyped = await client.call('GetServerInfo' as string, {});
    expectTypeOf(untyped).toEqualTypeOf<Record<string, unknown>>();
    // @ts-expect-error: a known method with the wrong params does not fall back to the untyped overload
    await client.call('GetPartnerInfoById', { id: 1 }).catch(() => undefined);
  });

  test('isReadMethod: only Get*, Enumerate*, Query* are retryable', () => {
    expect(['GetPartnerInfo', 'EnumerateAccounts', 'QuerySessions'].every(isReadMethod)).toBe(true);
    expect(['Login', 'UpdateAccountCustomColumnValues', 'RemoveAccount', 'Getaway'].some(isReadMethod)).toBe(
      false,
    );
  });
});

describe('schemas accept the documented samples', () => {
  test('Login → UserInfo (Password removed)', () => {
    const { result } = fixture('login-ok').response;
    const user = UserInfoSchema.parse(result.result);
    expect(user).toMatchObject({ Id: 50193, PartnerId: 33491, Flags: ['AllowApiAuthentication'] });
    expect(user).not.toHaveProperty('Password');
    expect(user).toHaveProperty('TwoFactorAuthenticationStatus', 'Enabled');
  });

  test('GetPartnerInfo / GetPartnerInfoById / EnumeratePartners', () => {
    for (const name of ['get-partner-info', 'get-partner-info-by-id']) {
      const parsed = METHOD_RESULT_SCHEMAS.GetPartnerInfo.parse(fixture(name).response.result);
      expect(parsed.result.Id).toBe(12345);
      expect(parsed.result.Company?.PostAddress?.Country).toBe('Greece');
    }
    const partners = METHOD_RESULT_SCHEMAS.EnumeratePartners.parse(
      fixture('enumerate-partners').response.result,
    );
    expect(partners.result.length).toBeGreaterThan(2);
    expect(partners.result.some((p) => p.ChildServiceTypes === null)).toBe(true);
    expect(PartnerInfoSchema.safeParse({ Name: 'no id' }).success).toBe(false);
  });

  test('EnumerateAccounts / GetAccountInfoById keep then strip secrets', () => {
    const accounts = METHOD_RESULT_SCHEMAS.EnumerateAccounts.parse(
      fixture('enumerate-accounts').response.result,
    );
    expect(accounts.result[0]?.Token).toContain('TOKEN_PLACEHOLDER');
    const stripped = accounts.result.map(stripAccountSecrets);
    expect(JSON.stringify(stripped)).not.toContain('PLACEHOLDER');
    expect(stripped[0]).toMatchObject({ Id: 135792, ExpirationTime: 2147483647, NameAlias: null });
    const info = METHOD_RESULT_SCHEMAS.GetAccountInfoById.parse(
      fixture('get-account-info-by-id').response.result,
    );
    expect(info.homeNodeInfo?.CommonInfo?.Host).toBe('hostname:port');
    expect(AccountInfoSchema.safeParse({ Id: 1 }).success).toBe(false);
  });

  test('EnumerateAccountStatistics sample → decoded rows', () => {
    const parsed = METHOD_RESULT_SCHEMAS.EnumerateAccountStatistics.parse(
      fixture('enumerate-account-statistics-sample').response.result,
    );
    expect(parsed.totalStatistics).toBeNull();
    const columns = ['I1', 'I14', 'I18', 'D09F00', 'D01F07'] as const;
    const rows = parsed.result.map((row) => toStatisticsRow<typeof columns>(row, columns));
    expect(rows[0]).toMatchObject({ accountId: 654321, partnerId: 123456, flags: ['AutoDeployed'] });
    expect(rows[0]?.missing).toEqual(['I18', 'D09F00', 'D01F07']);
    expect(rows[1]?.values.D09F00).toMatchObject({ code: 1, name: 'InProcess' });
    expect(rows[1]?.values.I14).toBe(586755749630);
    expect(rows[2]?.values.D09F00?.name).toBe('Completed');
    expect(rows[1]?.raw.I78).toBe('D01D02'); // unrequested extra kept raw
    expect(rows[1]?.flags).toEqual([]);
  });
});
