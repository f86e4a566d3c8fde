import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import {
  type ColumnCode,
  CoveSecurityError,
  DEFAULT_PROBE_CACHE_TTL_MS,
  findRestricted,
} from '../../src/cove';
import { MOCK_PARTNER_IDS } from '../../src/testing/cove';
import { coveServer } from './harness';

const { use } = coveServer();

const fields = (n: number) => Array.from({ length: n }, (_, i) => `F${String(i).padStart(2, '0')}`);
const source = (d: string, count: number) => fields(count).map((f) => `${d}${f}` as ColumnCode);

/** 60 catalogued columns: D01F00–F21, D09F00–F21, D06F00–F15. */
const COLUMNS_60 = [...source('D01', 22), ...source('D09', 22), ...source('D06', 16)] as const;
/** 200 catalogued columns: D01…D10 × F00–F19 (D10 is VssMsSql). */
const COLUMNS_200 = ['D01', 'D02', 'D03', 'D04', 'D05', 'D06', 'D07', 'D08', 'D09', 'D10'].flatMap((d) =>
  source(d, 20),
);

/** Deterministic pseudo-random picks. */
function pick<T>(items: readonly T[], count: number, seed: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  let state = seed;
  while (out.length < count) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    out.push(pool.splice(state % pool.length, 1)[0] as T);
  }
  return out;
}

describe('probeColumns', () => {
  test('60 columns with 3 restricted: ≤ 25 calls for every placement tried', async () => {
    expect(new Set(COLUMNS_60).size).toBe(60);
    const counts: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const restricted = pick(COLUMNS_60, 3, seed);
      const { mock, client } = use({ devices: 5, restrictedColumns: restricted });
      const { partnerId } = await client.login();
      const result = await client.probeColumns([...COLUMNS_60], { partnerId });
      const calls = mock.countCalls('EnumerateAccountStatistics');
      expect(new Set(result.restricted)).toEqual(new Set(restricted));
      expect(result.allowed).toHaveLength(57);
      expect(result.calls).toBe(calls);
      counts.push(calls);
    }
    // Adversarial placements: all three at the start, at the end, and spread out.
    for (const restricted of [
      COLUMNS_60.slice(0, 3),
      COLUMNS_60.slice(57),
      [COLUMNS_60[0], COLUMNS_60[30], COLUMNS_60[59]],
    ]) {
      const { mock, client } = use({ devices: 5, restrictedColumns: restricted as readonly string[] });
      const { partnerId } = await client.login();
      const result = await client.probeColumns([...COLUMNS_60], { partnerId });
      expect(new Set(result.restricted)).toEqual(new Set(restricted));
      counts.push(mock.countCalls('EnumerateAccountStatistics'));
    }
    console.log(`probeColumns 60/3: max ${Math.max(...counts)} calls, all: ${counts.join(', ')}`);
    expect(Math.max(...counts)).toBeLessThanOrEqual(25);
  });

  test('200 columns with 10 restricted: record the call count', async () => {
    expect(new Set(COLUMNS_200).size).toBe(200);
    const counts: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const restricted = pick(COLUMNS_200, 10, seed);
      const { mock, client } = use({ devices: 5, restrictedColumns: restricted });
      const { partnerId } = await client.login();
      const result = await client.probeColumns(COLUMNS_200 as never, { partnerId });
      expect(new Set(result.restricted)).toEqual(new Set(restricted));
      counts.push(mock.countCalls('EnumerateAccountStatistics'));
    }
    console.log(`probeColumns 200/10: max ${Math.max(...counts)} calls, all: ${counts.join(', ')}`);
    expect(Math.max(...counts)).toBeLessThan(200);
  });

  test('nothing restricted: one call; results cached per partner', async () => {
    const { mock, client } = use({ devices: 5 });
    const { partnerId } = await client.login();
    const first = await client.probeColumns(['I1', 'D09F00', 'D9F09'], { partnerId });
    expect(first).toEqual({ allowed: ['I1', 'D09F00', 'D9F09'], restricted: [], calls: 1 });
    const again = await client.probeColumns(['I1', 'D9F0', 'T0'], { partnerId });
    expect(again.calls).toBe(0);
    expect(again.allowed).toEqual(['I1', 'D9F0', 'T0']);
    expect(mock.countCalls('EnumerateAccountStatistics')).toBe(1);
    // Another partner is probed separately.
    await client.probeColumns(['I1'], { partnerId: MOCK_PARTNER_IDS.contoso });
    expect(mock.countCalls('EnumerateAccountStatistics')).toBe(2);
    // refresh forgets the cache.
    await client.probeColumns(['I1'], { partnerId, refresh: true });
    expect(mock.countCalls('EnumerateAccountStatistics')).toBe(3);
  });

  test('probes use RecordsCount 1', async () => {
    const { mock, client } = use({ devices: 50, restrictedColumns: ['D02F00'] });
    const { partnerId } = await client.login();
    await client.probeColumns(['I1', 'D02F00', 'D09F00', 'I14'], { partnerId });
    const probes = mock.calls.filter((c) => c.method === 'EnumerateAccountStatistics');
    expect(probes.length).toBeGreaterThan(1);
    for (const call of probes)
      expect((call.params as { query: { RecordsCount: number } }).query.RecordsCount).toBe(1);
  });

  test('per-partner restrictions are found per partner', async () => {
    const { client } = use({
      devices: 10,
      restrictedColumns: { [MOCK_PARTNER_IDS.contoso]: ['D01F00'] },
    });
    const { partnerId } = await client.login();
    const root = await client.probeColumns(['I1', 'D01F00'], { partnerId });
    const contoso = await client.probeColumns(['I1', 'D01F00'], { partnerId: MOCK_PARTNER_IDS.contoso });
    expect(root.restricted).toEqual([]);
    expect(contoso.restricted).toEqual(['D01F00']);
  });

  test('a partner outside the scope → CoveSecurityError saying no column is to blame', async () => {
    const { mock, client } = use({ devices: 5 });
    await client.login();
    const error = await client
      .probeColumns(['I1', 'D09F00', 'D01F00', 'I14'], { partnerId: mock.foreignPartnerId })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveSecurityError);
    expect((error as CoveSecurityError).restrictedColumns).toEqual([]);
    expect((error as Error).message).toMatch(/no requested column is restricted/);
  });
});

describe('enumerateAccountStatistics on 13501', () => {
  test("'error' (default): CoveSecurityError lists the restricted columns and how to fix it", async () => {
    const { client } = use({ devices: 10, restrictedColumns: ['D02F00', 'D03F*'] });
    const { partnerId } = await client.login();
    const columns = ['I1', 'D02F00', 'D09F00', 'D3F0', 'D03F09'] as const;
    const error = await client.enumerateAccountStatistics({ partnerId, columns }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveSecurityError);
    const security = error as CoveSecurityError;
    expect(security.code).toBe(13501);
    expect(security.restrictedColumns).toEqual(['D02F00', 'D3F0', 'D03F09']);
    expect(security.requestedColumns).toEqual(columns);
    expect(security.message).toContain('D02F00, D3F0, D03F09');
    expect(security.message).toContain("onRestricted: 'drop'");
    expect(security.message).toMatch(/Cove admin/);
  });

  test("'drop': retries with the allowed columns and reports what was dropped", async () => {
    const { mock, client } = use({ devices: 10, restrictedColumns: ['D02F00', 'D03F*'] });
    const { partnerId } = await client.login();
    const result = await client.enumerateAccountStatistics(
      { partnerId, columns: ['I1', 'D02F00', 'D09F00', 'D03F09'], recordsCount: 10 },
      { onRestricted: 'drop' },
    );
    expect(result.dropped).toEqual(['D02F00', 'D03F09']);
    expect(result.rows).toHaveLength(10);
    for (const row of result.rows) {
      expect(row.values.I1).toBeTypeOf('string');
      // Dropped columns are reported on every row: in `missing` (nothing invented) and `dropped`.
      expect(row.missing).toContain('D02F00');
      expect(row.missing).toContain('D03F09');
      expect(row.dropped).toEqual(['D02F00', 'D03F09']);
      expect(row.values.D02F00).toBeUndefined();
      expect(row.raw).not.toHaveProperty('D02F00');
    }
    const last = mock.calls.at(-1)?.params as { query: { Columns: string[]; RecordsCount: number } };
    expect(last.query.Columns).toEqual(['I1', 'D09F00']);
    expect(last.query.RecordsCount).toBe(10);
    // A second call uses the cache: no new 13501.
    const before = mock.calls.filter((c) => c.errorData === 13501).length;
    const second = await client.enumerateAccountStatistics(
      { partnerId, columns: ['I1', 'D02F00'] },
      { onRestricted: 'drop' },
    );
    expect(second.dropped).toEqual(['D02F00']);
    expect(mock.calls.filter((c) => c.errorData === 13501).length).toBe(before);
  });

  test("'drop' with every column restricted → CoveSecurityError", async () => {
    const { client } = use({ devices: 5, restrictedColumns: ['D02F*'] });
    const { partnerId } = await client.login();
    const error = await client
      .enumerateAccountStatistics({ partnerId, columns: ['D02F00', 'D02F09'] }, { onRestricted: 'drop' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveSecurityError);
    expect((error as CoveSecurityError).restrictedColumns).toEqual(['D02F00', 'D02F09']);
  });

  test('13501 for another reason (partner scope) → CoveSecurityError saying so', async () => {
    const { mock, client } = use({ devices: 5 });
    await client.login();
    const error = await client
      .enumerateAccountStatistics({ partnerId: mock.foreignPartnerId, columns: ['I1', 'D09F00'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveSecurityError);
    expect((error as CoveSecurityError).restrictedColumns).toEqual([]);
    expect((error as Error).message).toMatch(/scope|descendants/);
  });

  test('a restricted column in the filter only → CoveSecurityError that points at the filter', async () => {
    const { client } = use({ devices: 5, restrictedColumns: ['D02F00'] });
    const { partnerId } = await client.login();
    const error = await client
      .enumerateAccountStatistics({ partnerId, columns: ['I1', 'D09F00'], filter: 'D02F00 == 5' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveSecurityError);
    expect((error as CoveSecurityError).restrictedColumns).toEqual([]);
    expect((error as Error).message).toContain('`filter`');
  });
});

describe('findRestricted (pure)', () => {
  const simulate = async (n: number, bad: readonly number[]) => {
    const items = Array.from({ length: n }, (_, i) => `c${i}`);
    const badSet = new Set(bad.map((i) => `c${i}`));
    let calls = 0;
    const found = await findRestricted(items, async (group) => {
      calls++;
      return !group.some((item) => badSet.has(item));
    });
    return { found: new Set(found), expected: badSet, calls };
  };

  test('finds exactly the failing items for many shapes', async () => {
    const cases: [number, number[]][] = [
      [1, []],
      [1, [0]],
      [2, [1]],
      [7, [0, 1, 2, 3, 4, 5, 6]],
      [60, []],
      [60, [59]],
      [64, [0, 63]],
      [100, [3, 4, 5, 50, 99]],
    ];
    for (const [n, bad] of cases) {
      const { found, expected, calls } = await simulate(n, bad);
      expect(found).toEqual(expected);
      expect(calls).toBeLessThanOrEqual(Math.max(1, 3 * n));
    }
  });

  test('worst case over 300 random placements of 3 in 60 stays ≤ 25', async () => {
    let max = 0;
    let state = 7;
    for (let t = 0; t < 300; t++) {
      const bad = new Set<number>();
      while (bad.size < 3) {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        bad.add(state % 60);
      }
      const { found, expected, calls } = await simulate(60, [...bad]);
      expect(found).toEqual(expected);
      max = Math.max(max, calls);
    }
    expect(max).toBeLessThanOrEqual(25);
  });
});

describe('probe cache: invalidation, expiry, method (review fixes)', () => {
  const COLUMNS = ['I1', 'D09F00', 'D09F15'] as const;

  test("a column restricted after a probe: a fresh 13501 re-probes ('error')", async () => {
    const { mock, client } = use({ devices: 5 });
    const { partnerId } = await client.login();
    expect((await client.probeColumns([...COLUMNS], { partnerId })).restricted).toEqual([]);
    mock.setRestrictedColumns(['D09F15']);
    const before = mock.countCalls('EnumerateAccountStatistics');
    const error = await client
      .enumerateAccountStatistics({ partnerId, columns: COLUMNS })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveSecurityError);
    expect((error as CoveSecurityError).restrictedColumns).toEqual(['D09F15']);
    // The refused call plus a real probe, not zero probe calls.
    expect(mock.countCalls('EnumerateAccountStatistics') - before).toBeGreaterThan(1);
    // probeColumns now answers from the refreshed cache.
    const again = await client.probeColumns([...COLUMNS], { partnerId });
    expect(again).toMatchObject({ restricted: ['D09F15'], calls: 0 });
  });

  test("a column restricted after a probe: a fresh 13501 re-probes ('drop')", async () => {
    const { mock, client } = use({ devices: 5 });
    const { partnerId } = await client.login();
    await client.probeColumns([...COLUMNS], { partnerId });
    mock.setRestrictedColumns(['D09F15']);
    const result = await client.enumerateAccountStatistics(
      { partnerId, columns: COLUMNS },
      { onRestricted: 'drop' },
    );
    expect(result.dropped).toEqual(['D09F15']);
    expect(result.rows.length).toBeGreaterThan(0);
    const last = mock.calls.at(-1)?.params as { query: { Columns: string[] } };
    expect(last.query.Columns).toEqual(['I1', 'D09F00']);
  });

  test("a column granted later is requested again once its verdict expires ('drop')", async () => {
    const { mock, client, clock } = use({ devices: 5, restrictedColumns: ['D09F15'] });
    const { partnerId } = await client.login();
    const first = await client.enumerateAccountStatistics(
      { partnerId, columns: COLUMNS },
      { onRestricted: 'drop' },
    );
    expect(first.dropped).toEqual(['D09F15']);
    mock.setRestrictedColumns([]);
    // Within the TTL the cached verdict still leaves it out, without a 13501.
    const cached = await client.enumerateAccountStatistics(
      { partnerId, columns: COLUMNS },
      { onRestricted: 'drop' },
    );
    expect(cached.dropped).toEqual(['D09F15']);
    clock.advance(DEFAULT_PROBE_CACHE_TTL_MS);
    const granted = await client.enumerateAccountStatistics(
      { partnerId, columns: COLUMNS },
      { onRestricted: 'drop' },
    );
    expect(granted.dropped).toEqual([]);
    expect(granted.rows.every((row) => !row.missing.includes('D09F15'))).toBe(true);
    expect(granted.rows.some((row) => row.raw.D09F15 !== undefined)).toBe(true);
  });

  test('probeCacheTtlMs shortens the lifetime; a still-restricted column is re-probed after expiry', async () => {
    const { mock, makeClient, clock } = use({ devices: 5, restrictedColumns: ['D09F15'] });
    const client = makeClient({ probeCacheTtlMs: 60_000 });
    const { partnerId } = await client.login();
    await client.enumerateAccountStatistics({ partnerId, columns: COLUMNS }, { onRestricted: 'drop' });
    clock.advance(30_000);
    expect((await client.probeColumns([...COLUMNS], { partnerId })).calls).toBe(0);
    clock.advance(30_000);
    const refusals = mock.calls.filter((c) => c.errorData === 13501).length;
    const result = await client.enumerateAccountStatistics(
      { partnerId, columns: COLUMNS },
      { onRestricted: 'drop' },
    );
    expect(result.dropped).toEqual(['D09F15']);
    expect(mock.calls.filter((c) => c.errorData === 13501).length).toBeGreaterThan(refusals);
  });

  test.each([0, -1, Number.NaN, '60000'])('probeCacheTtlMs %s → ConfigError', (ttl) => {
    const { makeClient } = use();
    expect(() => makeClient({ probeCacheTtlMs: ttl as number })).toThrow(ConfigError);
  });

  test('Login refused with 13501: rethrown after exactly one Login, no probe', async () => {
    const { mock, client } = use({ devices: 5 });
    mock.failNext('Login', { data: 13501 });
    const error = await client
      .enumerateAccountStatistics({ partnerId: mock.rootPartnerId, columns: COLUMNS })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveSecurityError);
    expect((error as CoveSecurityError).method).toBe('Login');
    expect((error as CoveSecurityError).restrictedColumns).toBeUndefined();
    expect(mock.countCalls('Login')).toBe(1);
    expect(mock.countCalls('EnumerateAccountStatistics')).toBe(0);
  });

  test('a refused history call is probed with the history method and its timeslice', async () => {
    const { mock, client, clock } = use({ devices: 10, restrictedColumns: ['D02F00'] });
    const { partnerId } = await client.login();
    const timeslice = Math.floor(clock.now() / 1000) - 86_400;
    const error = await client
      .enumerateAccountHistoryStatistics({ partnerId, columns: ['I1', 'D02F00', 'D09F00'], timeslice })
      .catch((e: unknown) => e);
    expect((error as CoveSecurityError).restrictedColumns).toEqual(['D02F00']);
    const history = mock.calls.filter((c) => c.method === 'EnumerateAccountHistoryStatistics');
    expect(history.length).toBeGreaterThan(1);
    for (const call of history) expect((call.params as { timeslice: number }).timeslice).toBe(timeslice);
    expect(mock.countCalls('EnumerateAccountStatistics')).toBe(0);
  });

  test('verdicts are cached per method: history verdicts do not pre-filter current statistics', async () => {
    const { mock, client, clock } = use({ devices: 10, restrictedColumns: ['D02F00'] });
    const { partnerId } = await client.login();
    const timeslice = Math.floor(clock.now() / 1000) - 86_400;
    const history = await client.enumerateAccountHistoryStatistics(
      { partnerId, columns: ['I1', 'D02F00'], timeslice },
      { onRestricted: 'drop' },
    );
    expect(history.dropped).toEqual(['D02F00']);
    const mark = mock.calls.length;
    const current = await client.enumerateAccountStatistics(
      { partnerId, columns: ['I1', 'D02F00'] },
      { onRestricted: 'drop' },
    );
    expect(current.dropped).toEqual(['D02F00']);
    const firstCurrent = mock.calls[mark];
    expect(firstCurrent?.method).toBe('EnumerateAccountStatistics');
    const sent = firstCurrent?.params as { query?: { Columns: string[] } } | undefined;
    expect(sent?.query?.Columns).toEqual(['I1', 'D02F00']);
  });
});
