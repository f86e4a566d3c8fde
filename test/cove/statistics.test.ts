import { describe, expect, expectTypeOf, test } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import { type CoveClient, CoveSecurityError, type SessionStatus, type StatisticsRow } from '../../src/cove';
import { MOCK_PARTNER_IDS } from '../../src/testing/cove';
import { coveServer } from './harness';

const { use } = coveServer();

describe('enumerateAccountStatistics', () => {
  test('returns typed, decoded rows with raw values kept beside them', async () => {
    const { mock, client } = use({ devices: 40 });
    const { partnerId } = await client.login();
    const result = await client.enumerateAccountStatistics({
      partnerId,
      columns: ['I1', 'I14', 'D09F00', 'D9F15', 'T0'],
      recordsCount: 10,
    });
    expect(result.rows).toHaveLength(10);
    expect(result.dropped).toEqual([]);
    expect(result.totalStatistics).toBeNull();
    const row = result.rows[0] as StatisticsRow<readonly ['I1', 'I14', 'D09F00', 'D9F15', 'T0']>;
    const device = mock.device(row.accountId);
    expect(device).toBeDefined();
    expect(row.partnerId).toBe(device?.partnerId);
    expect(row.values.I1).toBe(device?.name);
    expect(row.raw.I1).toBe(device?.name);
    expect(typeof row.values.I14).toBe('number');
    expect(row.values.D09F00?.code).toBe(device?.status === 0 ? 0 : device?.status);
    expect(row.values.D09F00?.raw).toBe(row.raw.D09F00);
    expect(row.values.T0).toEqual(row.values.D09F00);
    expectTypeOf(row.values.D09F00).toEqualTypeOf<SessionStatus | undefined>();
    expectTypeOf(row.values.I14).toEqualTypeOf<number | undefined>();
    expectTypeOf(row.values.D9F15).toEqualTypeOf<string | null | undefined>();
    // The request carried the codes as given, with the paging fields.
    const sent = mock.calls.at(-1)?.params as { query: Record<string, unknown> };
    expect(sent.query).toMatchObject({
      PartnerId: partnerId,
      Columns: ['I1', 'I14', 'D09F00', 'D9F15', 'T0'],
      StartRecordNumber: 0,
      RecordsCount: 10,
      SelectionMode: 'Merged',
    });
  });

  test('rows are scoped to the partner subtree and carry the owning PartnerId', async () => {
    const { mock, client } = use({ devices: 200 });
    const partnerId = MOCK_PARTNER_IDS.northwind;
    const result = await client.enumerateAccountStatistics({
      partnerId,
      columns: ['I1'],
      recordsCount: 1000,
    });
    const subtree = new Set<number>([
      MOCK_PARTNER_IDS.northwind,
      MOCK_PARTNER_IDS.northwindAntwerp,
      MOCK_PARTNER_IDS.northwindRotterdam,
    ]);
    const expected = mock.devices.filter((d) => subtree.has(d.partnerId));
    expect(result.rows.map((r) => r.accountId).sort()).toEqual(expected.map((d) => d.id).sort());
    expect(result.rows.some((r) => r.partnerId !== partnerId)).toBe(true);
  });

  test('unpadded key echoes land under the requested spelling', async () => {
    const { client } = use({ devices: 5, echoUnpadded: true });
    const { partnerId } = await client.login();
    const { rows } = await client.enumerateAccountStatistics({
      partnerId,
      columns: ['D09F00', 'D09F09'],
      recordsCount: 5,
    });
    for (const row of rows) {
      expect(row.raw).toHaveProperty('D09F00');
      expect(row.raw).not.toHaveProperty('D9F0');
      expect(row.missing).not.toContain('D09F00');
    }
  });

  test('a column the server leaves out is reported missing, never invented', async () => {
    const { client } = use({ devices: 30 });
    const { partnerId } = await client.login();
    // D19 (M365 Exchange) exists only on M365 devices.
    const { rows } = await client.enumerateAccountStatistics({
      partnerId,
      columns: ['I1', 'D19F00'],
      recordsCount: 30,
    });
    const withoutExchange = rows.filter((r) => r.missing.includes('D19F00'));
    expect(withoutExchange.length).toBeGreaterThan(0);
    for (const row of withoutExchange) {
      expect(row.values.D19F00).toBeUndefined();
      expect(row.raw).not.toHaveProperty('D19F00');
    }
  });

  test('totals come back flattened', async () => {
    const { client } = use({ devices: 30 });
    const { partnerId } = await client.login();
    const result = await client.enumerateAccountStatistics({
      partnerId,
      columns: ['I1'],
      totals: ['COUNT(1)'],
      recordsCount: 1,
    });
    expect(result.totalStatistics).toEqual({ 'COUNT(1)': '30' });
  });

  test('history statistics send the timeslice in Unix seconds', async () => {
    const { mock, client, clock } = use({ devices: 10 });
    const { partnerId } = await client.login();
    const at = new Date(clock.now() - 86_400_000);
    const result = await client.enumerateAccountHistoryStatistics({
      partnerId,
      columns: ['I1', 'D09F00'],
      timeslice: at,
    });
    expect(result.rows.length).toBeGreaterThan(0);
    const params = mock.calls.at(-1)?.params as { timeslice: number };
    expect(params.timeslice).toBe(Math.floor(at.getTime() / 1000));
  });
});

describe('input validation (ConfigError before any request)', () => {
  const bad: [string, (c: CoveClient, partnerId: number) => unknown][] = [
    ['empty columns', (c, p) => c.enumerateAccountStatistics({ partnerId: p, columns: [] })],
    [
      'unknown column',
      (c, p) => c.enumerateAccountStatistics({ partnerId: p, columns: ['D09F99' as 'D09F00'] }),
    ],
    [
      'typo column',
      (c, p) => c.enumerateAccountStatistics({ partnerId: p, columns: ['Do9F00' as 'D09F00'] }),
    ],
    ['missing partnerId', (c) => c.enumerateAccountStatistics({ columns: ['I1'] } as never)],
    [
      'negative start',
      (c, p) => c.enumerateAccountStatistics({ partnerId: p, columns: ['I1'], startRecordNumber: -1 }),
    ],
    [
      'zero records',
      (c, p) => c.enumerateAccountStatistics({ partnerId: p, columns: ['I1'], recordsCount: 0 }),
    ],
    [
      'bad onRestricted',
      (c, p) =>
        c.enumerateAccountStatistics({ partnerId: p, columns: ['I1'] }, { onRestricted: 'skip' as 'drop' }),
    ],
    [
      'bad selection mode',
      (c, p) =>
        c.enumerateAccountStatistics({ partnerId: p, columns: ['I1'], selectionMode: 'All' as 'Merged' }),
    ],
    [
      'bad timeslice',
      (c, p) => c.enumerateAccountHistoryStatistics({ partnerId: p, columns: ['I1'], timeslice: Number.NaN }),
    ],
    [
      'iterate: bad page size',
      (c, p) => c.iterateAccountStatistics({ partnerId: p, columns: ['I1'], pageSize: 0 }),
    ],
    ['iterate: no columns', (c, p) => c.iterateAccountStatistics({ partnerId: p, columns: [] })],
    ['probe: no partner', (c) => c.probeColumns(['I1'], {} as never)],
    ['probe: bad column', (c, p) => c.probeColumns(['Q99' as 'I1'], { partnerId: p })],
    ['getPartnerInfoById: string id', (c) => c.getPartnerInfoById('1' as unknown as number)],
    ['getPartnerInfo: empty name', (c) => c.getPartnerInfo('')],
    ['enumerateAccounts: float id', (c) => c.enumerateAccounts(1.5)],
    ['getAccountInfoById: negative', (c) => c.getAccountInfoById(-1)],
    ['call: Login', (c) => c.call('Login' as never, {})],
  ];
  test.each(bad)('%s', async (_name, run) => {
    const { mock, client } = use();
    let error: unknown;
    try {
      await run(client, mock.rootPartnerId);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(mock.calls).toHaveLength(0);
  });
});

describe('iterateAccountStatistics', () => {
  test('pages over 2,345 devices: every AccountId exactly once, one page per call', async () => {
    const { mock, client } = use({ devices: 2345 });
    const { partnerId } = await client.login();
    const seen = new Map<number, number>();
    for await (const row of client.iterateAccountStatistics({ partnerId, columns: ['I1', 'D09F00'] })) {
      seen.set(row.accountId, (seen.get(row.accountId) ?? 0) + 1);
      expect(typeof row.values.I1).toBe('string');
    }
    expect(seen.size).toBe(2345);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(seen.keys())).toEqual(new Set(mock.devices.map((d) => d.id)));
    const pages = mock.calls.filter((c) => c.method === 'EnumerateAccountStatistics');
    expect(pages).toHaveLength(5);
    expect(
      pages.map((c) => (c.params as { query: { StartRecordNumber: number } }).query.StartRecordNumber),
    ).toEqual([0, 500, 1000, 1500, 2000]);
    expect(
      pages.every((c) => (c.params as { query: { RecordsCount: number } }).query.RecordsCount === 500),
    ).toBe(true);
  });

  test('stops on a short page; an exact multiple costs one extra empty page', async () => {
    const { mock, client } = use({ devices: 300 });
    const { partnerId } = await client.login();
    let count = 0;
    for await (const _row of client.iterateAccountStatistics({ partnerId, columns: ['I1'], pageSize: 100 }))
      count++;
    expect(count).toBe(300);
    expect(mock.countCalls('EnumerateAccountStatistics')).toBe(4);
  });

  test('survives a visa expiry in the middle of paging (one re-login)', async () => {
    const { mock, client } = use({ devices: 2345 });
    const { partnerId } = await client.login();
    let count = 0;
    for await (const _row of client.iterateAccountStatistics({ partnerId, columns: ['I1'], pageSize: 500 })) {
      count++;
      if (count === 700) mock.expireAllVisas();
    }
    expect(count).toBe(2345);
    expect(mock.countCalls('Login')).toBe(2);
    expect(mock.calls.filter((c) => c.errorData === 1701)).toHaveLength(1);
  });

  test('survives idle time between pages (virtual clock)', async () => {
    const { mock, client, clock } = use({ devices: 1200 });
    const { partnerId } = await client.login();
    let count = 0;
    for await (const _row of client.iterateAccountStatistics({ partnerId, columns: ['I1'], pageSize: 500 })) {
      count++;
      if (count % 500 === 0) clock.advance(20 * 60_000); // a slow consumer
    }
    expect(count).toBe(1200);
    expect(mock.countCalls('Login')).toBe(3);
  });

  test('rows that two pages both return come out once', async () => {
    // Shift every later page back by 7 rows, as when devices are removed while paging.
    const shiftingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const body = (await request.clone().json()) as {
        method: string;
        params: { query?: { StartRecordNumber?: number } };
      };
      const start = body.params.query?.StartRecordNumber;
      if (body.method === 'EnumerateAccountStatistics' && start !== undefined && start > 0) {
        body.params.query = { ...body.params.query, StartRecordNumber: start - 7 };
        return fetch(
          new Request(request.url, { method: 'POST', headers: request.headers, body: JSON.stringify(body) }),
        );
      }
      return fetch(request);
    };
    const { mock, makeClient } = use({ devices: 1000 });
    const client = makeClient({ fetch: shiftingFetch });
    const { partnerId } = await client.login();
    const ids: number[] = [];
    for await (const row of client.iterateAccountStatistics({ partnerId, columns: ['I1'], pageSize: 300 })) {
      ids.push(row.accountId);
    }
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(mock.countCalls('EnumerateAccountStatistics')).toBe(4);
  });

  test('applies the filter and order to every page', async () => {
    const { mock, client } = use({ devices: 400 });
    const { partnerId } = await client.login();
    const names: string[] = [];
    for await (const row of client.iterateAccountStatistics({
      partnerId,
      columns: ['I1', 'I59'],
      filter: 'I59 == 1',
      orderBy: 'I1 ASC',
      pageSize: 50,
    })) {
      expect(row.values.I59?.name).toBe('BackupManager');
      names.push(row.values.I1 ?? '');
    }
    expect(names.length).toBe(mock.devices.filter((d) => d.accountType === 1).length);
  });

  test("onRestricted: 'drop' works across pages and probes only once", async () => {
    const { mock, client } = use({ devices: 250, restrictedColumns: ['D02F00'] });
    const { partnerId } = await client.login();
    let count = 0;
    for await (const row of client.iterateAccountStatistics(
      { partnerId, columns: ['I1', 'D02F00', 'D09F00'], pageSize: 100 },
      { onRestricted: 'drop' },
    )) {
      count++;
      expect(row.raw).not.toHaveProperty('D02F00');
      expect(row.missing).toContain('D02F00');
      expect(row.dropped).toEqual(['D02F00']);
    }
    expect(count).toBe(250);
    expect(mock.calls.filter((c) => c.errorData === 13501).length).toBeLessThanOrEqual(4);
  });

  test('rows without a restriction have an empty `dropped`', async () => {
    const { client } = use({ devices: 5 });
    const { partnerId } = await client.login();
    for await (const row of client.iterateAccountStatistics(
      { partnerId, columns: ['I1'] },
      { onRestricted: 'drop' },
    ))
      expect(row.dropped).toEqual([]);
  });

  describe("selectionMode: 'PerInstallation'", () => {
    // Installations of one device with identical values; the mock has no installations, so a fetch
    // wrapper serves these rows (the real call still goes to the mock for the visa).
    const install = (accountId: number, name: string) => ({
      AccountId: accountId,
      PartnerId: 0,
      Flags: [],
      Settings: [{ I1: name }],
    });
    const ROWS = [
      install(101, 'pc-1'),
      install(101, 'pc-1'),
      install(102, 'pc-2'),
      install(103, 'pc-3'),
      install(103, 'pc-3'),
      install(104, 'pc-4'),
      install(105, 'pc-5'),
    ];
    /** Serves ROWS; pages after the first start `shift` rows early, as when rows are removed. */
    const installationsFetch =
      (shift: number): typeof fetch =>
      async (input, init) => {
        const request = new Request(input, init);
        const body = (await request.clone().json()) as {
          method: string;
          params: { query?: { StartRecordNumber: number; RecordsCount: number; SelectionMode?: string } };
        };
        const query = body.params.query;
        if (body.method !== 'EnumerateAccountStatistics' || query?.SelectionMode !== 'PerInstallation')
          return fetch(request);
        const json = (await (await fetch(request)).json()) as { result?: { result: unknown[] } };
        if (!json.result) return Response.json(json);
        const start = Math.max(0, query.StartRecordNumber - (query.StartRecordNumber > 0 ? shift : 0));
        json.result.result = ROWS.slice(start, start + query.RecordsCount);
        return Response.json(json);
      };
    const collect = async (shift: number) => {
      const { makeClient } = use({ devices: 5 });
      const client = makeClient({ fetch: installationsFetch(shift) });
      const { partnerId } = await client.login();
      const names: string[] = [];
      for await (const row of client.iterateAccountStatistics({
        partnerId,
        columns: ['I1'],
        selectionMode: 'PerInstallation',
        pageSize: 3,
      }))
        names.push(`${row.accountId}:${row.values.I1}`);
      return names;
    };

    test('identical installations of one device on one page are all yielded', async () => {
      expect(await collect(0)).toEqual([
        '101:pc-1',
        '101:pc-1',
        '102:pc-2',
        '103:pc-3',
        '103:pc-3',
        '104:pc-4',
        '105:pc-5',
      ]);
    });

    test('a row repeated across a page boundary is yielded once', async () => {
      // Page 2 starts at 2 instead of 3 (repeats 102), page 3 at 5 instead of 6 (repeats 104).
      expect(await collect(1)).toEqual([
        '101:pc-1',
        '101:pc-1',
        '102:pc-2',
        '103:pc-3',
        '103:pc-3',
        '104:pc-4',
        '105:pc-5',
      ]);
    });
  });

  test("onRestricted: 'error' throws CoveSecurityError from the iterator", async () => {
    const { client } = use({ devices: 20, restrictedColumns: ['D03F00'] });
    const { partnerId } = await client.login();
    const run = async () => {
      for await (const _row of client.iterateAccountStatistics({ partnerId, columns: ['I1', 'D03F00'] })) {
        // nothing
      }
    };
    await expect(run()).rejects.toBeInstanceOf(CoveSecurityError);
  });
});
