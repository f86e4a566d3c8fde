/**
 * Faults at scale (issue 10): 50 concurrent calls share one Login, whether the visa expired or the
 * Login fails with 2100 (which must never be sent twice: repeated bad logins lock accounts); what
 * each kind of fault does to one call; and a 10,000-device walk through seeded 502s, dropped
 * connections, truncated bodies and visas that expire every 7 calls.
 */
import { describe, expect, test } from 'vitest';
import { type Clock, systemClock } from '../../src/core/clock';
import { AbortError, NetworkError, ResponseValidationError } from '../../src/core/errors';
import type { RetryEvent } from '../../src/core/http';
import { CoveAuthError, CoveHttpError, CoveMalformedResponseError, CoveSecurityError } from '../../src/cove';
import type { CoveMock, CoveMockCall } from '../../src/testing/cove';
import { coveServer } from './harness';

const { use } = coveServer();
const N = 50;

describe('50 concurrent calls', () => {
  test('on an expired visa: exactly one Login, all 50 succeed', async () => {
    const { mock, client } = use({ devices: 60 });
    await client.login();
    mock.expireAllVisas();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        i % 2 === 0 ? client.getServerInfo() : client.getPartnerInfoById(mock.rootPartnerId),
      ),
    );
    expect(results).toHaveLength(N);
    expect(mock.countCalls('Login')).toBe(2); // the first login, then one shared re-login
  });

  test('whose Login fails with 2100: one Login attempt, 50 CoveAuthError, none later', async () => {
    const { mock, makeClient } = use();
    const client = makeClient({ password: 'wrong-password-123' });
    const results = await Promise.allSettled(Array.from({ length: N }, () => client.getServerInfo()));
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof CoveAuthError)).toHaveLength(
      N,
    );
    expect(mock.countCalls('Login')).toBe(1);
    await expect(client.getServerInfo()).rejects.toBeInstanceOf(CoveAuthError);
    expect(mock.countCalls('Login')).toBe(1);
  });
});

/** A 200 whose JSON-RPC body was cut short. */
const TRUNCATED = { httpStatus: 200, body: '{"id":"1","jsonrpc":"2.0","result":{"res' } as const;

const startOf = (call: CoveMockCall) =>
  (call.params as { query: { StartRecordNumber: number } }).query.StartRecordNumber;
const statisticsCalls = (mock: CoveMock) =>
  mock.calls.filter((c) => c.method === 'EnumerateAccountStatistics');
/** A clock whose waits start by aborting `controller`: the abort lands exactly in a retry's wait. */
const abortingClock = (controller: AbortController): Clock => ({
  now: () => systemClock.now(),
  sleep: (ms, signal) => {
    controller.abort();
    return systemClock.sleep(ms, signal);
  },
});
const delivered = (call: CoveMockCall) =>
  call.fault === undefined && call.errorData === undefined && call.httpStatus === undefined;

describe('one read-only call and each fault', () => {
  test('a body cut short is sent again (a read changes nothing) and the call succeeds', async () => {
    const { mock, client } = use();
    await client.login();
    mock.failNext('GetServerInfo', TRUNCATED);
    await expect(client.getServerInfo()).resolves.toBeDefined();
    expect(mock.countCalls('GetServerInfo')).toBe(2);
  });

  test('observers see the resend as a retry (onRetry and the logger), with the visa masked', async () => {
    const { mock, makeClient } = use();
    const retries: RetryEvent[] = [];
    const warnings: string[] = [];
    const client = makeClient({
      hooks: { onRetry: (event) => retries.push(event) },
      logger: { debug() {}, info() {}, warn: (line: string) => warnings.push(line), error() {} },
    });
    await client.login();
    mock.failNext('GetServerInfo', TRUNCATED);
    await client.getServerInfo();
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({
      method: 'POST',
      operation: 'GetServerInfo',
      attempt: 1,
      reason: expect.stringMatching(/not a JSON-RPC response/),
    });
    expect(warnings.some((line) => /retrying .*GetServerInfo.* not a JSON-RPC response/.test(line))).toBe(
      true,
    );
    const visas = mock.calls.map((c) => c.visa).filter((v): v is string => typeof v === 'string');
    expect(visas.length).toBeGreaterThan(0);
    const shown = JSON.stringify(retries) + warnings.join('\n');
    for (const visa of visas) expect(shown).not.toContain(visa);
  });

  test('a body that stays malformed ends in CoveMalformedResponseError after retry.maxRetries resends', async () => {
    const { mock, client, makeClient } = use();
    await client.login();
    mock.failNext('GetServerInfo', TRUNCATED, 10);
    const error = await client.getServerInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveMalformedResponseError);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(
      /GetServerInfo answered with a body that is not JSON, or JSON cut short/,
    );
    expect(mock.countCalls('GetServerInfo')).toBe(3);
    // With retries off, a read is sent once.
    const once = makeClient({ retry: { maxRetries: 0 } });
    await expect(once.getServerInfo()).rejects.toBeInstanceOf(CoveMalformedResponseError);
    expect(mock.countCalls('GetServerInfo')).toBe(4);
  });

  test('a write whose answer was cut short is never sent again: it may have taken effect', async () => {
    const { mock, client } = use();
    await client.login();
    mock.failNext('UpdateAccountCustomColumnValues', TRUNCATED);
    await expect(
      client.call('UpdateAccountCustomColumnValues', { accountId: 1, values: [] }),
    ).rejects.toBeInstanceOf(CoveMalformedResponseError);
    expect(mock.countCalls('UpdateAccountCustomColumnValues')).toBe(1);
  });

  test('a Login whose answer was cut short is not sent again by that call; the next call logs in', async () => {
    const { mock, client } = use();
    mock.failNext('Login', TRUNCATED);
    await expect(client.getServerInfo()).rejects.toBeInstanceOf(CoveMalformedResponseError);
    expect(mock.countCalls('Login')).toBe(1);
    await expect(client.getServerInfo()).resolves.toBeDefined();
    expect(mock.countCalls('Login')).toBe(2);
  });

  test('a refused visa is not sent again when the Login after it was lost', async () => {
    const { mock, client } = use();
    await client.login();
    mock.expireAllVisas();
    mock.failNext('Login', { httpStatus: 502 });
    await expect(client.getServerInfo()).rejects.toBeInstanceOf(CoveHttpError);
    await expect(client.getServerInfo()).resolves.toBeDefined();
    expect(mock.calls.map((c) => `${c.method} ${c.errorData ?? c.httpStatus ?? 'ok'}`)).toEqual([
      'Login ok',
      'GetServerInfo 1701',
      'Login 502',
      'Login ok', // before: 'GetServerInfo 1701' first, the refused visa sent again
      'GetServerInfo ok',
    ]);
  });

  test('an abort during the wait before a resend ends the call with AbortError', async () => {
    const controller = new AbortController();
    const clock = abortingClock(controller);
    const { mock, makeClient } = use();
    const client = makeClient({ clock });
    await client.login();
    mock.failNext('GetServerInfo', TRUNCATED, 10);
    await expect(client.getServerInfo({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(mock.countCalls('GetServerInfo')).toBe(1);
  });
});

describe('a paged walk resumes from the failed page', () => {
  const walk = async (h: ReturnType<typeof use>, extra: { pageRetries?: number } = {}) => {
    const ids: number[] = [];
    for await (const row of h.client.iterateAccountStatistics({
      partnerId: h.mock.rootPartnerId,
      columns: ['I1'],
      pageSize: 100,
      ...extra,
    }))
      ids.push(row.accountId);
    return ids;
  };

  test('a page whose request failed past its retries is requested again from the same offset', async () => {
    const h = use({ devices: 250 });
    await h.client.login();
    // Page 1 succeeds; page 2 fails three times (one request with its 2 retries), then succeeds.
    const ids: number[] = [];
    for await (const row of h.client.iterateAccountStatistics({
      partnerId: h.mock.rootPartnerId,
      columns: ['I1'],
      pageSize: 100,
    })) {
      ids.push(row.accountId);
      if (ids.length === 100) h.mock.failNext('EnumerateAccountStatistics', { httpStatus: 502 }, 3);
    }
    expect(ids).toEqual(h.mock.devices.map((d) => d.id));
    expect(statisticsCalls(h.mock).map(startOf)).toEqual([0, 100, 100, 100, 100, 200]);
  });

  test('a Login lost in transit mid-walk is sent again by the next request of the page', async () => {
    const h = use({ devices: 250, visaExpiresAfterCalls: 1 });
    h.mock.failNext('Login', { httpStatus: 502 }, 2);
    const ids = await walk(h);
    expect(ids).toEqual(h.mock.devices.map((d) => d.id));
    // Two Logins lost, then one per page (each Login's visa serves one call).
    expect(h.mock.countCalls('Login')).toBe(5);
    expect(statisticsCalls(h.mock).filter(delivered).map(startOf)).toEqual([0, 100, 200]);
  });

  test('pageRetries bounds the resumes; 0 turns them off', async () => {
    const h = use({ devices: 250 });
    await h.client.login();
    h.mock.failNext('EnumerateAccountStatistics', { httpStatus: 502 }, 3);
    await expect(walk(h, { pageRetries: 0 })).rejects.toBeInstanceOf(CoveHttpError);
    expect(h.mock.countCalls('EnumerateAccountStatistics')).toBe(3);
    h.mock.failNext('EnumerateAccountStatistics', { httpStatus: 502 }, 9);
    await expect(walk(h, { pageRetries: 2 })).rejects.toBeInstanceOf(CoveHttpError);
    expect(h.mock.countCalls('EnumerateAccountStatistics')).toBe(3 + 9);
    expect(() =>
      h.client.iterateAccountStatistics({ partnerId: 1, columns: ['I1'], pageRetries: -1 }),
    ).toThrow(/pageRetries/);
  });

  test('an abort during the wait before a page is requested again ends the walk with AbortError', async () => {
    const controller = new AbortController();
    const clock = abortingClock(controller);
    const h = use({ devices: 250 }, { clock });
    await h.client.login();
    h.mock.failNext('EnumerateAccountStatistics', { httpStatus: 502 }, 3);
    const rows = h.client.iterateAccountStatistics(
      { partnerId: h.mock.rootPartnerId, columns: ['I1'], pageSize: 100 },
      { signal: controller.signal },
    );
    await expect(rows[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(AbortError);
    expect(h.mock.countCalls('EnumerateAccountStatistics')).toBe(3);
  });

  test('errors that a new request cannot fix end the walk at once', async () => {
    const h = use({ devices: 250 });
    await h.client.login();
    h.mock.failNext('EnumerateAccountStatistics', { data: 13501 });
    await expect(walk(h)).rejects.toBeInstanceOf(CoveSecurityError);
    // One page request (the other statistics calls are the 1-row probe that names the column).
    const pageRequests = statisticsCalls(h.mock).filter(
      (c) => (c.params as { query: { RecordsCount: number } }).query.RecordsCount === 100,
    );
    expect(pageRequests).toHaveLength(1);
    const bad = use({ devices: 250 });
    const wrong = bad.makeClient({ password: 'wrong-password-123' });
    const rows = wrong.iterateAccountStatistics({ partnerId: bad.mock.rootPartnerId, columns: ['I1'] });
    await expect(rows[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(CoveAuthError);
    expect(bad.mock.countCalls('Login')).toBe(1);
  });

  test('a dropped connection on every attempt still ends, with NetworkError', async () => {
    const h = use({
      devices: 250,
      faults: { seed: 1, dropConnection: 1, methods: ['EnumerateAccountStatistics'] },
    });
    await h.client.login();
    await expect(walk(h)).rejects.toBeInstanceOf(NetworkError);
    expect(h.mock.countCalls('EnumerateAccountStatistics')).toBe(15); // 1 + 4 page requests of 3 attempts
  });
});

describe('10,000 devices through 16% faults and a visa that expires every 7 calls', () => {
  const DEVICES = 10_000;
  const PAGE = 500;
  const PAGES = DEVICES / PAGE; // 20 pages of devices
  // Cove says nothing of the total, so a walk ends on a short page: here a 21st, empty one.
  const REQUESTS = PAGES + 1;
  const FAULTS = { seed: 13, http502: 0.1, dropConnection: 0.03, malformedBody: 0.03 } as const;

  const walk = async (h: ReturnType<typeof use>) => {
    const ids: number[] = [];
    for await (const row of h.client.iterateAccountStatistics({
      partnerId: h.mock.rootPartnerId,
      columns: ['I1', 'D09F00'],
      pageSize: PAGE,
    }))
      ids.push(row.accountId);
    return ids;
  };

  test('fault-free: one Login, 20 full pages and an empty one', async () => {
    const h = use({ devices: DEVICES });
    const ids = await walk(h);
    expect(ids).toHaveLength(DEVICES);
    expect(h.mock.calls.map((c) => c.method)).toEqual([
      'Login',
      ...Array.from({ length: REQUESTS }, () => 'EnumerateAccountStatistics'),
    ]);
  });

  test('every device comes out exactly once, in order; every extra request is owed to a fault or an expiry', async () => {
    const started = performance.now();
    const h = use({ devices: DEVICES, faults: FAULTS, visaExpiresAfterCalls: 7 });
    const ids = await walk(h);
    const ms = performance.now() - started;

    expect(ids).toHaveLength(DEVICES);
    expect(new Set(ids).size).toBe(DEVICES);
    expect(ids).toEqual(h.mock.devices.map((d) => d.id));

    const { calls } = h.mock;
    const faults = { http502: 0, dropConnection: 0, malformedBody: 0 };
    for (const call of calls) if (call.fault) faults[call.fault] += 1;
    const logins = h.mock.countCalls('Login');
    const expired = calls.filter((c) => c.errorData === 1701).length;
    // Each page was delivered by exactly one request, at its own offset: nothing restarted.
    const pages = statisticsCalls(h.mock).filter(delivered);
    expect(pages.map(startOf)).toEqual(Array.from({ length: REQUESTS }, (_, i) => i * PAGE));
    // And every other request is a Login that succeeded, a faulted request or an expired visa.
    const faulted = faults.http502 + faults.dropConnection + faults.malformedBody;
    const goodLogins = calls.filter((c) => c.method === 'Login' && delivered(c)).length;
    expect(calls.length).toBe(REQUESTS + goodLogins + faulted + expired);
    // No Login was sent but for an expiry or a lost Login: one to start, one per expiry, one per fault.
    const lostLogins = calls.filter((c) => c.method === 'Login' && c.fault).length;
    expect(logins).toBe(1 + expired + lostLogins);
    // Seed 13 meets every kind of fault, lost Logins and expiries.
    expect(faults.http502).toBeGreaterThan(0);
    expect(faults.dropConnection).toBeGreaterThan(0);
    expect(faults.malformedBody).toBeGreaterThan(0);
    expect(calls.some((c) => c.method === 'Login' && c.fault)).toBe(true);
    expect(expired).toBeGreaterThanOrEqual(2);
    // A sensible bound: fewer than twice the fault-free 22 requests (21 pages and a Login).
    expect(calls.length).toBeLessThan(2 * (REQUESTS + 1));

    console.info(
      `faults at scale: ${DEVICES} devices, ${PAGES} pages; ${calls.length} requests ` +
        `(${(calls.length / PAGES).toFixed(2)}x the 20 pages; fault-free: ${REQUESTS + 1}); ${logins} Logins; ` +
        `faults: ${faults.http502} × 502, ${faults.dropConnection} dropped, ${faults.malformedBody} malformed; ` +
        `${expired} expired visas; ${Math.round(ms)} ms`,
    );
  });
});
