import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/testing/clock';
import {
  type CoveMock,
  type CoveMockOptions,
  createCoveMock,
  MOCK_PARTNER_IDS,
} from '../../src/testing/cove';
import enumerateAccountsSample from '../fixtures/cove/enumerate-accounts.json';
import enumeratePartnersSample from '../fixtures/cove/enumerate-partners.json';
import error1701 from '../fixtures/cove/error-1701-visa.json';
import error2100 from '../fixtures/cove/error-2100-login.json';
import error13501 from '../fixtures/cove/error-13501-security.json';
import accountInfoSample from '../fixtures/cove/get-account-info-by-id.json';
import partnerInfoByIdSample from '../fixtures/cove/get-partner-info-by-id.json';
import loginOk from '../fixtures/cove/login-ok.json';

interface RpcBody {
  id: unknown;
  jsonrpc: string;
  result?: { result?: unknown } & Record<string, unknown>;
  error?: { code: number; data?: number; message: string };
  visa?: string;
}

interface StatsRow {
  AccountId: number;
  PartnerId: number;
  Flags: string[] | null;
  Settings: Record<string, string | string[]>[];
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const MINUTE = 60_000;

function start(options: CoveMockOptions = {}): { cove: CoveMock; clock: VirtualClock } {
  const clock = new VirtualClock();
  const cove = createCoveMock({ clock, ...options });
  server.resetHandlers(...cove.handlers);
  return { cove, clock };
}

async function post(
  cove: CoveMock,
  envelope: Record<string, unknown>,
): Promise<{ status: number; body: RpcBody }> {
  const response = await fetch(cove.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 'jsonrpc', ...envelope }),
  });
  return { status: response.status, body: (await response.json()) as RpcBody };
}

async function call(cove: CoveMock, method: string, params: unknown, visa?: string): Promise<RpcBody> {
  const { status, body } = await post(
    cove,
    visa === undefined ? { method, params } : { method, params, visa },
  );
  expect(status).toBe(200);
  return body;
}

async function login(cove: CoveMock): Promise<string> {
  const body = await call(cove, 'Login', cove.credentials);
  expect(body.error).toBeUndefined();
  expect(typeof body.visa).toBe('string');
  return body.visa as string;
}

/** Flattens a row's single-key Settings objects into one map. */
function flatten(row: StatsRow): Record<string, string | string[]> {
  return Object.assign({}, ...row.Settings) as Record<string, string | string[]>;
}

function rows(body: RpcBody): StatsRow[] {
  expect(body.error).toBeUndefined();
  return body.result?.result as StatsRow[];
}

const keysOf = (value: unknown): string[] => Object.keys(value as object).sort();

describe('Login', () => {
  it('returns UserInfo shaped like the documented sample plus a top-level visa', async () => {
    const { cove, clock } = start();
    const body = await call(cove, 'Login', cove.credentials);

    expect(body.id).toBe('jsonrpc');
    expect(body.jsonrpc).toBe('2.0');
    const user = body.result?.result as Record<string, unknown>;
    expect(keysOf(user)).toEqual(keysOf(loginOk.response.result.result));
    expect(user.PartnerId).toBe(cove.rootPartnerId);
    expect(user.Password).toBeNull();
    expect(user.Name).toBe('api-user');
    expect(user.Flags).toContain('AllowApiAuthentication');

    const segments = (body.visa as string).split('-');
    expect(segments).toHaveLength(5);
    expect(Number(segments[0])).toBe(cove.rootPartnerId);
    expect(Number(segments[3])).toBe(Math.floor(clock.now() / 1000));
    expect(segments[4]).toMatch(/^[0-9A-F]{40}$/);
    expect(body.result).not.toHaveProperty('visa');
  });

  it.each([
    ['a wrong password', { password: 'nope' }],
    ['a wrong partner string', { partner: 'Acme MSP' }],
    ['an empty partner', { partner: '' }],
    ['a wrong username', { username: 'someone-else' }],
  ])('answers %s with error 2100 over HTTP 200 and no visa', async (_label, override) => {
    const { cove } = start();
    const { status, body } = await post(cove, {
      method: 'Login',
      params: { ...cove.credentials, ...override },
    });

    expect(status).toBe(200);
    expect(body).toEqual(error2100.response);
    expect(body).not.toHaveProperty('visa');
    expect(cove.calls.at(-1)?.errorData).toBe(2100);
  });

  it('uses the default credentials documented in the brief', () => {
    const { cove } = start();
    expect(cove.credentials.partner).toBe('Acme MSP (ops@acme-msp.example)');
    expect(cove.credentials.username).toBe('api-user');
    expect(cove.credentials.password.length).toBeGreaterThanOrEqual(20);
    expect(cove.partners[0]).toMatchObject({ id: cove.rootPartnerId, name: cove.credentials.partner });
  });
});

describe('visa', () => {
  it('issues a new visa with every response and keeps earlier visas valid (chaining)', async () => {
    const { cove } = start();
    const first = await login(cove);
    const seen = new Set([first]);
    let current = first;
    for (let i = 0; i < 3; i++) {
      const body = await call(cove, 'GetPartnerInfoById', { partnerId: cove.rootPartnerId }, current);
      expect(body.error).toBeUndefined();
      expect(seen.has(body.visa as string)).toBe(false);
      seen.add(body.visa as string);
      current = body.visa as string;
    }
    const again = await call(cove, 'GetServerInfo', {}, first);
    expect(again.error).toBeUndefined();
    expect(seen.has(again.visa as string)).toBe(false);
  });

  it('rejects a missing, unknown, or params-embedded visa with 1701', async () => {
    const { cove } = start();
    const visa = await login(cove);
    const params = { parentPartnerId: cove.rootPartnerId };

    const missing = await call(cove, 'EnumeratePartners', params);
    expect(missing).toEqual(error1701.response);
    expect(missing).not.toHaveProperty('visa');
    expect((await call(cove, 'EnumeratePartners', params, 'stale')).error?.data).toBe(1701);
    expect((await call(cove, 'EnumeratePartners', { ...params, visa })).error?.data).toBe(1701);
    expect((await call(cove, 'EnumeratePartners', params, visa)).error).toBeUndefined();
  });

  it('expires after 15 idle minutes of virtual time, measured from the last use', async () => {
    const { cove, clock } = start();
    const used = await login(cove);
    const idle = await login(cove);

    clock.advance(10 * MINUTE);
    expect((await call(cove, 'GetServerInfo', {}, used)).error).toBeUndefined();

    clock.advance(5 * MINUTE);
    expect((await call(cove, 'GetServerInfo', {}, idle)).error?.data).toBe(1701);
    expect((await call(cove, 'GetServerInfo', {}, used)).error).toBeUndefined();

    clock.advance(15 * MINUTE - 1);
    expect((await call(cove, 'GetServerInfo', {}, used)).error).toBeUndefined();

    clock.advance(15 * MINUTE);
    const expired = await call(cove, 'GetServerInfo', {}, used);
    expect(expired.error).toEqual({ code: -32603, data: 1701, message: 'Visa is inconsistent/corrupted.' });
  });

  it('honours a custom TTL and expireAllVisas()', async () => {
    const { cove, clock } = start({ visaTtlMs: MINUTE });
    const visa = await login(cove);
    clock.advance(MINUTE);
    expect((await call(cove, 'GetServerInfo', {}, visa)).error?.data).toBe(1701);

    const fresh = await login(cove);
    cove.expireAllVisas();
    expect((await call(cove, 'GetServerInfo', {}, fresh)).error?.data).toBe(1701);
    expect((await call(cove, 'GetServerInfo', {}, await login(cove))).error).toBeUndefined();
    expect(cove.countCalls('Login')).toBe(3);
  });
});

describe('EnumerateAccountStatistics', () => {
  it('pages through 2,345 devices exactly once each', async () => {
    const { cove } = start({ devices: 2345 });
    let visa = await login(cove);
    const ids: number[] = [];
    const pageSize = 500;
    for (let start = 0; ; start += pageSize) {
      const body = await call(
        cove,
        'EnumerateAccountStatistics',
        {
          query: {
            PartnerId: cove.rootPartnerId,
            SelectionMode: 'Merged',
            StartRecordNumber: start,
            RecordsCount: pageSize,
            Columns: ['I1', 'D09F00'],
          },
        },
        visa,
      );
      visa = body.visa as string;
      const page = rows(body);
      ids.push(...page.map((row) => row.AccountId));
      if (page.length < pageSize) break;
    }

    expect(ids).toHaveLength(2345);
    expect(new Set(ids).size).toBe(2345);
    expect(ids).toEqual(cove.devices.map((d) => d.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(cove.countCalls('EnumerateAccountStatistics')).toBe(5);
  });

  it('returns one row when RecordsCount is omitted, and a null totalStatistics', async () => {
    const { cove } = start();
    const body = await call(
      cove,
      'EnumerateAccountStatistics',
      { query: { PartnerId: cove.rootPartnerId, Columns: ['I1'] } },
      await login(cove),
    );
    expect(rows(body)).toHaveLength(1);
    expect(body.result?.totalStatistics).toBeNull();
  });

  it('produces rows shaped like the documented sample with string values consistent with the device', async () => {
    const { cove } = start({ devices: 300, quirks: { unrequestedI78Rate: 0, arrayValueRate: 0 } });
    const columns = [
      'I0',
      'I1',
      'I8',
      'I14',
      'I18',
      'I32',
      'I59',
      'I78',
      'D09F00',
      'D09F06',
      'D09F09',
      'D09F15',
      'D01F00',
      'D19F00',
      'D09F08',
    ];
    const body = await call(
      cove,
      'EnumerateAccountStatistics',
      { query: { PartnerId: cove.rootPartnerId, RecordsCount: 300, Columns: columns } },
      await login(cove),
    );
    const statuses = new Map<string, number>();
    for (const row of rows(body)) {
      expect(keysOf(row)).toEqual(['AccountId', 'Flags', 'PartnerId', 'Settings']);
      for (const setting of row.Settings) expect(Object.keys(setting)).toHaveLength(1);
      const values = flatten(row);
      const device = cove.device(row.AccountId);
      expect(device).toBeDefined();
      if (!device) continue;
      for (const value of Object.values(values)) expect(typeof value).toBe('string');
      expect(values.I0).toBe(String(row.AccountId));
      expect(values.I1).toBe(device.name);
      expect(values.I8).toBe(device.partnerName);
      expect(values.I59).toBe(String(device.accountType));
      expect(values.D09F00).toBe(String(device.status));
      expect(values.D09F08).toMatch(/^\d{28}$/);
      expect(Number(values.D09F09)).toBeLessThanOrEqual(Number(values.D09F15));
      expect('D01F00' in values).toBe(device.dataSources.includes(1));
      expect('D19F00' in values).toBe(device.dataSources.includes(19));
      if (device.accountType === 2) expect(values.I32).toBe('0');
      if (['5', '1', '7', '0'].includes(values.D09F00 as string)) expect(values.D09F06).toBe('0');
      if (values.D09F00 === '8') expect(Number(values.D09F06)).toBeGreaterThan(0);
      statuses.set(values.D09F00 as string, (statuses.get(values.D09F00 as string) ?? 0) + 1);
    }
    expect(statuses.get('5') ?? 0).toBeGreaterThan(150);
    for (const status of ['8', '2', '1']) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    const formats = rows(body).map((row) => flatten(row).I78 as string);
    expect(formats.some((f) => /^(D\d\d)+$/.test(f) && f.includes('D0'))).toBe(true);
    expect(formats.some((f) => f.includes(','))).toBe(true);
  });

  it('adds unrequested I78 to some rows and sends a rare status as an array', async () => {
    const { cove } = start({ devices: 2345 });
    const body = await call(
      cove,
      'EnumerateAccountStatistics',
      { query: { PartnerId: cove.rootPartnerId, RecordsCount: 5000, Columns: ['I1', 'D09F00'] } },
      await login(cove),
    );
    const all = rows(body).map(flatten);
    const withI78 = all.filter((values) => 'I78' in values).length;
    expect(withI78).toBeGreaterThan(100);
    expect(withI78).toBeLessThan(all.length / 2);
    const arrays = all.filter((values) => Array.isArray(values.D09F00));
    expect(arrays.length).toBeGreaterThan(0);
    expect(arrays.length).toBeLessThan(50);
    for (const values of arrays) expect(values.D09F00).toEqual([expect.stringMatching(/^\d+$/)]);
  });

  it('omits unknown column codes instead of failing', async () => {
    const { cove } = start();
    const body = await call(
      cove,
      'EnumerateAccountStatistics',
      {
        query: {
          PartnerId: cove.rootPartnerId,
          RecordsCount: 5,
          Columns: ['I1', 'Do9F00', 'I7', 'D13F00', 'ZZ9'],
        },
      },
      await login(cove),
    );
    for (const row of rows(body))
      expect(Object.keys(flatten(row)).filter((k) => k !== 'I78')).toEqual(['I1']);
  });

  it('echoes keys as requested, or unpadded with echoUnpadded', async () => {
    const query = {
      PartnerId: MOCK_PARTNER_IDS.root,
      RecordsCount: 3,
      Columns: ['D09F00', 'D9F9', 'T0', 'I1'],
    };
    const padded = start({ quirks: { unrequestedI78Rate: 0 } });
    const asked = rows(
      await call(padded.cove, 'EnumerateAccountStatistics', { query }, await login(padded.cove)),
    );
    for (const row of asked) expect(Object.keys(flatten(row))).toEqual(['D09F00', 'D9F9', 'I1', 'T0']);

    const unpadded = start({ echoUnpadded: true, quirks: { unrequestedI78Rate: 0 } });
    const echoed = rows(
      await call(unpadded.cove, 'EnumerateAccountStatistics', { query }, await login(unpadded.cove)),
    );
    for (const row of echoed) {
      const values = flatten(row);
      expect(Object.keys(values)).toEqual(['D9F0', 'D9F9', 'I1', 'T0']);
      expect(values.D9F0).toBe(values.T0);
    }
  });

  it('scopes rows to the partner subtree and refuses partners outside it with 13501', async () => {
    const { cove } = start({ devices: 200 });
    const visa = await login(cove);
    const northwind = [
      MOCK_PARTNER_IDS.northwind,
      MOCK_PARTNER_IDS.northwindRotterdam,
      MOCK_PARTNER_IDS.northwindAntwerp,
    ];
    const body = await call(
      cove,
      'EnumerateAccountStatistics',
      { query: { PartnerId: MOCK_PARTNER_IDS.northwind, RecordsCount: 1000, Columns: ['I8'] } },
      visa,
    );
    const owned = rows(body);
    expect(owned.map((row) => row.AccountId)).toEqual(
      cove.devices
        .filter((d) => northwind.includes(d.partnerId as (typeof northwind)[number]))
        .map((d) => d.id),
    );
    expect(new Set(owned.map((row) => row.PartnerId))).toEqual(new Set(northwind));

    for (const partnerId of [cove.foreignPartnerId, 999_999]) {
      const refused = await call(
        cove,
        'EnumerateAccountStatistics',
        { query: { PartnerId: partnerId, Columns: ['I1'] } },
        visa,
      );
      expect(refused.error).toEqual({ code: -32603, ...error13501.response.error });
    }
    expect(
      (await call(cove, 'GetPartnerInfoById', { partnerId: cove.foreignPartnerId }, visa)).error?.data,
    ).toBe(13501);
  });

  it('fails the whole call with 13501 for a restricted column in any notation, while allowed columns work', async () => {
    const { cove } = start();
    const visa = await login(cove);
    cove.setRestrictedColumns(['D02F00', 'D03F*']);
    const ask = (columns: string[]) =>
      call(
        cove,
        'EnumerateAccountStatistics',
        { query: { PartnerId: cove.rootPartnerId, RecordsCount: 5, Columns: columns } },
        visa,
      );

    for (const columns of [['I1', 'D02F00'], ['I1', 'D2F0'], ['S0'], ['D09F00', 'D03F09']]) {
      const body = await ask(columns);
      expect(body.error?.data).toBe(13501);
      expect(body.error?.message).toBe('Operation failed because of security reasons');
      expect(body.result).toBeUndefined();
    }
    expect(rows(await ask(['I1', 'D09F00', 'D01F00', 'D02F09']))).toHaveLength(5);

    const listed = (await call(cove, 'EnumerateColumns', { partnerId: cove.rootPartnerId }, visa)).result
      ?.result as { Id: string }[];
    const ids = listed.map((column) => column.Id);
    expect(ids).toContain('D09F00');
    expect(ids).toContain('AA843');
    expect(ids).not.toContain('D02F00');
    expect(ids.some((id) => id.startsWith('D03F'))).toBe(false);

    cove.reset();
    expect((await ask(['D02F00'])).error?.data).toBe(1701);
    const afterReset = await call(
      cove,
      'EnumerateAccountStatistics',
      { query: { PartnerId: cove.rootPartnerId, Columns: ['D02F00'] } },
      await login(cove),
    );
    expect(rows(afterReset)).toHaveLength(1);
  });

  it('applies per-partner restrictions to that partner and its sub-partners only', async () => {
    const { cove } = start({ restrictedColumns: { [MOCK_PARTNER_IDS.northwind]: ['D09F06'] } });
    const visa = await login(cove);
    const ask = (partnerId: number) =>
      call(cove, 'EnumerateAccountStatistics', { query: { PartnerId: partnerId, Columns: ['T7'] } }, visa);
    expect((await ask(MOCK_PARTNER_IDS.northwind)).error?.data).toBe(13501);
    expect((await ask(MOCK_PARTNER_IDS.northwindAntwerp)).error?.data).toBe(13501);
    expect((await ask(MOCK_PARTNER_IDS.fabrikam)).error).toBeUndefined();
  });

  it('supports Filter, OrderBy and Totals', async () => {
    const { cove } = start({ devices: 400, quirks: { unrequestedI78Rate: 0, arrayValueRate: 0 } });
    const visa = await login(cove);
    const m365 = cove.devices.filter((d) => d.accountType === 2);
    const body = await call(
      cove,
      'EnumerateAccountStatistics',
      {
        query: {
          PartnerId: cove.rootPartnerId,
          Filter: 'AT == 2',
          OrderBy: 'I1 DESC',
          RecordsCount: 1000,
          Columns: ['I1', 'I59'],
          Totals: ['COUNT(1)', 'COUNT(T0 == Session.Completed)', 'SUM(US)'],
        },
      },
      visa,
    );
    const names = rows(body).map((row) => flatten(row).I1 as string);
    expect(names).toEqual(
      m365
        .map((d) => d.name)
        .sort()
        .reverse(),
    );
    expect(body.result?.totalStatistics).toEqual([
      { 'COUNT(1)': String(m365.length) },
      { 'COUNT(T0 == Session.Completed)': String(m365.filter((d) => d.status === 5).length) },
      { 'SUM(US)': String(m365.reduce((sum, d) => sum + Number(d.column('I14')), 0)) },
    ]);

    const failing = rows(
      await call(
        cove,
        'EnumerateAccountStatistics',
        {
          query: {
            PartnerId: cove.rootPartnerId,
            Filter: "T0 in (2, 8) and I1 =~ '*-ws*'",
            RecordsCount: 1000,
            Columns: ['T0'],
          },
        },
        visa,
      ),
    );
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((row) => row.AccountId)).toEqual(
      cove.devices
        .filter((d) => (d.status === 2 || d.status === 8) && d.name.includes('-ws'))
        .map((d) => d.id),
    );

    const invalid = await call(
      cove,
      'EnumerateAccountStatistics',
      { query: { PartnerId: cove.rootPartnerId, Filter: 'AT ==' } },
      visa,
    );
    expect(invalid.error?.code).toBe(-32602);
  });

  it('EnumerateAccountHistoryStatistics leaves out devices created after the timeslice', async () => {
    const { cove, clock } = start({ devices: 300 });
    const visa = await login(cove);
    const timeslice = Math.floor(clock.now() / 1000) - 365 * 86_400;
    const body = await call(
      cove,
      'EnumerateAccountHistoryStatistics',
      {
        query: { PartnerId: cove.rootPartnerId, RecordsCount: 1000, Columns: ['I1', 'D09F15'] },
        timeslice,
        totalStatistics: '*',
      },
      visa,
    );
    const expected = cove.devices.filter((d) => d.creationTime <= timeslice).map((d) => d.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(300);
    const history = rows(body);
    expect(history.map((row) => row.AccountId)).toEqual(expected);
    for (const row of history) expect(Number(flatten(row).D09F15)).toBeLessThanOrEqual(timeslice);
  });
});

describe('partners and accounts', () => {
  it('EnumeratePartners walks the tree recursively or one level, and refuses empty params', async () => {
    const { cove } = start();
    const visa = await login(cove);
    const fields = enumeratePartnersSample.request.params.fields;

    const recursive = (
      await call(
        cove,
        'EnumeratePartners',
        { parentPartnerId: cove.rootPartnerId, fetchRecursively: true, fields },
        visa,
      )
    ).result?.result as { Id: number; ParentId: number; Level: string; Name: string }[];
    expect(recursive.map((p) => p.Id)).toEqual(cove.partners.slice(1).map((p) => p.id));
    const sampleRow = enumeratePartnersSample.response.result.result[0];
    for (const row of recursive) expect(keysOf(row)).toEqual(keysOf(sampleRow));
    const known = new Set([cove.rootPartnerId, ...recursive.map((p) => p.Id)]);
    for (const row of recursive) expect(known.has(row.ParentId)).toBe(true);
    const sites = recursive.filter((p) => p.Level === 'Site');
    expect(sites.map((p) => p.ParentId)).toEqual([MOCK_PARTNER_IDS.northwind, MOCK_PARTNER_IDS.northwind]);
    expect(recursive.some((p) => p.Name === 'Müller & Söhne GmbH')).toBe(true);

    const direct = (
      await call(
        cove,
        'EnumeratePartners',
        { parentPartnerId: cove.rootPartnerId, fetchRecursively: false },
        visa,
      )
    ).result?.result as { ParentId: number; Level: string }[];
    expect(direct).toHaveLength(cove.partners.filter((p) => p.parentId === cove.rootPartnerId).length);
    for (const row of direct)
      expect(row).toMatchObject({ ParentId: cove.rootPartnerId, Level: 'EndCustomer' });

    const children = (
      await call(cove, 'EnumeratePartners', { parentPartnerId: MOCK_PARTNER_IDS.northwind }, visa)
    ).result?.result;
    expect(children).toHaveLength(2);

    expect((await call(cove, 'EnumeratePartners', {}, visa)).error?.data).toBe(13501);
    expect(
      (await call(cove, 'EnumeratePartners', { parentPartnerId: cove.foreignPartnerId }, visa)).error?.data,
    ).toBe(13501);
  });

  it('GetPartnerInfo / GetPartnerInfoById return PartnerInfo shaped like the docs sample', async () => {
    const { cove } = start();
    const visa = await login(cove);
    const byId = (await call(cove, 'GetPartnerInfoById', { partnerId: MOCK_PARTNER_IDS.fabrikam }, visa))
      .result?.result;
    expect(keysOf(byId)).toEqual(keysOf(partnerInfoByIdSample.response.result.result));
    expect(byId).toMatchObject({
      Id: MOCK_PARTNER_IDS.fabrikam,
      Level: 'EndCustomer',
      ParentId: cove.rootPartnerId,
    });

    const byName = (await call(cove, 'GetPartnerInfo', { name: cove.credentials.partner }, visa)).result
      ?.result;
    expect(byName).toMatchObject({ Id: cove.rootPartnerId, ParentId: cove.foreignPartnerId, Discount: 0 });
    expect((await call(cove, 'GetPartnerInfo', { name: 'Cove Distribution EMEA' }, visa)).error?.data).toBe(
      13501,
    );
  });

  it('EnumerateAccounts and GetAccountInfoById return secrets and the home node like the real API', async () => {
    const { cove } = start();
    const visa = await login(cove);
    const accounts = (await call(cove, 'EnumerateAccounts', { partnerId: MOCK_PARTNER_IDS.fabrikam }, visa))
      .result?.result as Record<string, unknown>[];
    const owned = cove.devices.filter((d) => d.partnerId === MOCK_PARTNER_IDS.fabrikam);
    expect(accounts.map((a) => a.Id)).toEqual(owned.map((d) => d.id));
    for (const account of accounts) {
      expect(keysOf(account)).toEqual(keysOf(enumerateAccountsSample.response.result.result[0]));
      expect(typeof account.Password).toBe('string');
    }

    const device = cove.devices[0];
    if (!device) throw new Error('no devices');
    const info = await call(cove, 'GetAccountInfoById', { accountId: device.id }, visa);
    expect(keysOf(info.result)).toEqual(['homeNodeInfo', 'result']);
    expect(keysOf(info.result?.result)).toEqual(keysOf(accountInfoSample.response.result.result));
    expect(keysOf(info.result?.homeNodeInfo)).toEqual(keysOf(accountInfoSample.response.result.homeNodeInfo));
    expect(info.result?.result).toMatchObject({
      Id: device.id,
      Token: device.token,
      PartnerId: device.partnerId,
    });
    const node = info.result?.homeNodeInfo as { CommonInfo: { Host: string } } | undefined;
    const host = node?.CommonInfo.Host;
    expect(host).toMatch(/^[a-z0-9-]+\.cloudbackup\.management:\d+$/);

    expect((await call(cove, 'GetAccountInfoById', { accountId: 1 }, visa)).error?.data).toBe(13501);
  });
});

describe('failure injection and bookkeeping', () => {
  it('failNext injects Cove errors and HTTP statuses, then recovers', async () => {
    const { cove } = start();
    const visa = await login(cove);
    cove.failNext('GetServerInfo', { data: 13501 });
    cove.failNext('EnumeratePartners', { httpStatus: 503, headers: { 'Retry-After': '2' } }, 2);

    expect((await call(cove, 'GetServerInfo', {}, visa)).error).toEqual({
      code: -32603,
      data: 13501,
      message: 'Operation failed because of security reasons',
    });
    expect((await call(cove, 'GetServerInfo', {}, visa)).error).toBeUndefined();

    for (let i = 0; i < 2; i++) {
      const response = await fetch(cove.endpoint, {
        method: 'POST',
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'EnumeratePartners',
          params: { parentPartnerId: cove.rootPartnerId },
          visa,
        }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('Retry-After')).toBe('2');
    }
    expect(
      (await call(cove, 'EnumeratePartners', { parentPartnerId: cove.rootPartnerId }, visa)).error,
    ).toBeUndefined();

    cove.failNext('*', { data: 1701 });
    expect(
      (await call(cove, 'GetPartnerInfoById', { partnerId: cove.rootPartnerId }, visa)).error?.data,
    ).toBe(1701);
    expect(cove.calls.map((c) => c.errorData ?? c.httpStatus ?? 'ok')).toEqual([
      'ok',
      13501,
      'ok',
      503,
      503,
      'ok',
      1701,
    ]);
  });

  it('answers unknown methods with a JSON-RPC method-not-found error and logs calls', async () => {
    const { cove } = start();
    const visa = await login(cove);
    const body = await call(cove, 'GetEverything', {}, visa);
    expect(body.id).toBe('jsonrpc');
    expect(body.error).toMatchObject({ code: -32601, message: 'Method not found' });
    expect((await call(cove, 'constructor', {}, visa)).error?.code).toBe(-32601);
    expect(cove.countCalls('Login')).toBe(1);
    expect(cove.calls[1]).toMatchObject({ method: 'GetEverything', visa, params: {} });
    expect(cove.calls[0]?.issuedVisa).toBe(visa);
  });

  it('generates the same data for the same seed and different data for another seed', () => {
    const a = createCoveMock({ seed: 7, devices: 50, clock: new VirtualClock() });
    const b = createCoveMock({ seed: 7, devices: 50, clock: new VirtualClock() });
    const c = createCoveMock({ seed: 8, devices: 50, clock: new VirtualClock() });
    const snapshot = (mock: CoveMock) =>
      mock.devices.map((d) => [d.id, d.name, d.partnerId, d.status, d.column('D09F15'), d.column('I14')]);
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(snapshot(a)).not.toEqual(snapshot(c));
    const seeded = Object.values(MOCK_PARTNER_IDS).filter((id) => id !== MOCK_PARTNER_IDS.distributor);
    expect(new Set(c.partners.map((p) => p.id))).toEqual(new Set(seeded));
  });
});
