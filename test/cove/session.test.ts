import { HttpResponse, http } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { NetworkError } from '../../src/core/errors';
import {
  CoveAuthError,
  CoveClient,
  CoveHttpError,
  CoveRpcError,
  CoveSecurityError,
  CoveVisaError,
} from '../../src/cove';
import { createCoveMock } from '../../src/testing/cove';
import { coveServer } from './harness';

const { server, use } = coveServer();
const MINUTE = 60_000;

describe('visa chaining', () => {
  test('logs in lazily, then each call sends the visa from the previous response', async () => {
    const { mock, client } = use();
    await client.getServerInfo();
    await client.getPartnerInfoById(mock.rootPartnerId);
    await client.enumerateColumns(mock.rootPartnerId);
    const calls = mock.calls;
    expect(calls.map((c) => c.method)).toEqual([
      'Login',
      'GetServerInfo',
      'GetPartnerInfoById',
      'EnumerateColumns',
    ]);
    expect(calls[0]?.visa).toBeUndefined();
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]?.visa).toBe(calls[i - 1]?.issuedVisa);
    }
  });

  test('login() is public and returns the partner id, the user and the flags', async () => {
    const { mock, client } = use();
    const login = await client.login();
    expect(login.partnerId).toBe(mock.rootPartnerId);
    expect(login.user.Name).toBe(mock.credentials.username);
    expect(login.flags).toContain('AllowApiAuthentication');
    expect(login.user).not.toHaveProperty('Password');
  });

  test('the visa is top-level, never inside params', async () => {
    const { mock, client } = use();
    await client.getServerInfo();
    const call = mock.calls[1];
    expect(call?.visa).toMatch(/^\d+-/);
    expect(JSON.stringify(call?.params)).not.toContain('visa');
  });

  test('idle for 14+ minutes: logs in again before sending (virtual clock)', async () => {
    const { mock, client, clock } = use();
    await client.getServerInfo();
    clock.advance(13 * MINUTE);
    await client.getServerInfo();
    expect(mock.countCalls('Login')).toBe(1);
    clock.advance(14 * MINUTE + 30_000);
    await client.getServerInfo();
    expect(mock.countCalls('Login')).toBe(2);
    // No call ever got a 1701: the refresh happened before the visa expired.
    expect(mock.calls.filter((c) => c.errorData === 1701)).toHaveLength(0);
  });

  test('idle expiry also works with vitest fake timers and the system clock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const mock = createCoveMock({ quirks: { unrequestedI78Rate: 0 } });
      server.resetHandlers(...mock.handlers);
      const client = new CoveClient({ ...mock.credentials, endpoint: mock.endpoint });
      await client.getServerInfo();
      vi.setSystemTime(Date.now() + 16 * MINUTE);
      await client.getServerInfo();
      expect(mock.countCalls('Login')).toBe(2);
      expect(mock.calls.filter((c) => c.errorData === 1701)).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a visa used within the window keeps the session alive (sliding window)', async () => {
    const { mock, client, clock } = use();
    for (let i = 0; i < 5; i++) {
      await client.getServerInfo();
      clock.advance(10 * MINUTE);
    }
    expect(mock.countCalls('Login')).toBe(1);
  });
});

describe('1701 handling', () => {
  test('1701 → one re-login and one replay', async () => {
    const { mock, client } = use();
    await client.getServerInfo();
    mock.expireAllVisas();
    const info = await client.getPartnerInfoById(mock.rootPartnerId);
    expect(info.Id).toBe(mock.rootPartnerId);
    expect(mock.countCalls('Login')).toBe(2);
    expect(mock.calls.map((c) => [c.method, c.errorData])).toEqual([
      ['Login', undefined],
      ['GetServerInfo', undefined],
      ['GetPartnerInfoById', 1701],
      ['Login', undefined],
      ['GetPartnerInfoById', undefined],
    ]);
  });

  test('20 concurrent calls after expiry → exactly one Login, all succeed', async () => {
    const { mock, client } = use({ devices: 30 });
    await client.login();
    mock.expireAllVisas();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0 ? client.getServerInfo() : client.getPartnerInfoById(mock.rootPartnerId),
      ),
    );
    expect(results).toHaveLength(20);
    expect(mock.countCalls('Login')).toBe(2);
    expect(mock.calls.filter((c) => c.errorData === 1701)).toHaveLength(20);
  });

  test('20 concurrent calls before the first login → exactly one Login', async () => {
    const { mock, client } = use();
    await Promise.all(Array.from({ length: 20 }, () => client.getServerInfo()));
    expect(mock.countCalls('Login')).toBe(1);
  });

  test('20 concurrent calls after idle expiry (client clock) → exactly one Login, no 1701', async () => {
    const { mock, client, clock } = use();
    await client.getServerInfo();
    clock.advance(20 * MINUTE);
    await Promise.all(Array.from({ length: 20 }, () => client.getServerInfo()));
    expect(mock.countCalls('Login')).toBe(2);
    expect(mock.calls.filter((c) => c.errorData === 1701)).toHaveLength(0);
  });

  test('a second 1701 after the replay → CoveVisaError', async () => {
    const { mock, client } = use();
    await client.login();
    mock.failNext('GetServerInfo', { data: 1701 }, 2);
    const error = await client.getServerInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveVisaError);
    expect(error).toMatchObject({
      code: 1701,
      method: 'GetServerInfo',
      serverMessage: 'Visa is inconsistent/corrupted.',
    });
    expect(mock.countCalls('Login')).toBe(2);
    expect(mock.countCalls('GetServerInfo')).toBe(2);
  });

  test('a slow response from an older login cannot overwrite the newer visa', async () => {
    const { mock, makeClient } = use();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    // Delays one response on its way back, after the mock has already answered it.
    const slowFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const { method } = (await request.clone().json()) as { method: string };
      const response = await fetch(request);
      if (method === 'GetPartnerInfoById' && !held) {
        held = true;
        await gate;
      }
      return response;
    };
    const client = makeClient({ fetch: slowFetch });
    await client.login();
    const slow = client.getPartnerInfoById(mock.rootPartnerId);
    while (!held) await new Promise((resolve) => setTimeout(resolve, 1));
    const staleVisa = mock.calls.at(-1)?.issuedVisa;
    mock.expireAllVisas();
    await client.getServerInfo(); // 1701 → Login (a new generation) → replay
    expect(mock.countCalls('Login')).toBe(2);
    release();
    await slow; // carries the old generation's visa, which must be ignored
    await client.getServerInfo();
    const last = mock.calls.at(-1);
    expect(last?.visa).not.toBe(staleVisa);
    expect(last?.errorData).toBeUndefined();
    expect(mock.countCalls('Login')).toBe(2);
  });
});

describe('error mapping', () => {
  test('2100 → CoveAuthError that names the partner format; Login is sent once and never again', async () => {
    const { mock, makeClient } = use();
    const client = makeClient({ partner: 'Acme MSP' });
    const error = await client.getServerInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveAuthError);
    expect((error as CoveAuthError).code).toBe(2100);
    expect((error as Error).message).toContain('Acme (admin@acme.com)');
    expect((error as Error).message).toContain('"Acme MSP"');
    expect(mock.countCalls('Login')).toBe(1);
    // Later calls fail the same way without another Login (repeated bad logins lock accounts).
    await expect(client.getServerInfo()).rejects.toBeInstanceOf(CoveAuthError);
    await expect(client.login()).rejects.toBeInstanceOf(CoveAuthError);
    await expect(Promise.all([client.getServerInfo(), client.getServerInfo()])).rejects.toBeInstanceOf(
      CoveAuthError,
    );
    expect(mock.countCalls('Login')).toBe(1);
  });

  test('10 concurrent calls with bad credentials → exactly one Login', async () => {
    const { mock, makeClient } = use();
    const client = makeClient({ password: 'wrong-password-123' });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => client.getServerInfo()));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof CoveAuthError)).toBe(true);
    expect(mock.countCalls('Login')).toBe(1);
  });

  test('13501 → CoveSecurityError', async () => {
    const { mock, client } = use();
    const error = await client.getPartnerInfoById(mock.foreignPartnerId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveSecurityError);
    expect(error).toMatchObject({ code: 13501, method: 'GetPartnerInfoById', rpcCode: -32603 });
  });

  test('unknown error data → CoveRpcError with code, method and server message', async () => {
    const { mock, client } = use();
    mock.failNext('GetServerInfo', { data: 4242, message: 'Something odd' });
    const error = await client.getServerInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveRpcError);
    expect(error).not.toBeInstanceOf(CoveSecurityError);
    expect(error).toMatchObject({
      code: 4242,
      data: 4242,
      method: 'GetServerInfo',
      serverMessage: 'Something odd',
    });
  });

  test('an unknown method goes through the untyped call and maps its error', async () => {
    const { client } = use();
    const error = await client.call('NoSuchMethod', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveRpcError);
    expect((error as CoveRpcError).method).toBe('NoSuchMethod');
  });

  test('read methods are retried on 503; the retry succeeds', async () => {
    const { mock, client } = use();
    await client.login();
    mock.failNext('GetServerInfo', { httpStatus: 503 }, 2);
    await expect(client.getServerInfo()).resolves.toHaveProperty('ServerVersion');
    expect(mock.countCalls('GetServerInfo')).toBe(3);
  });

  test('HTTP failures past the retries → CoveHttpError', async () => {
    const { mock, client } = use();
    await client.login();
    mock.failNext('GetServerInfo', { httpStatus: 502 }, 3);
    const error = await client.getServerInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveHttpError);
    expect(error).toBeInstanceOf(CoveRpcError);
    expect((error as CoveHttpError).status).toBe(502);
    expect(mock.countCalls('GetServerInfo')).toBe(3);
  });

  test('write (non-read) methods are not retried on 503', async () => {
    const { mock, client } = use();
    await client.login();
    mock.failNext('UpdateAccountCustomColumnValues', { httpStatus: 503 });
    await expect(
      client.call('UpdateAccountCustomColumnValues', { accountId: 1, values: [] }),
    ).rejects.toBeInstanceOf(CoveHttpError);
    expect(mock.countCalls('UpdateAccountCustomColumnValues')).toBe(1);
  });

  test('Login is never retried, not even on 503', async () => {
    const { mock, client } = use();
    mock.failNext('Login', { httpStatus: 503 });
    await expect(client.getServerInfo()).rejects.toBeInstanceOf(CoveHttpError);
    expect(mock.countCalls('Login')).toBe(1);
    // A transport failure is not a credential failure: the next call may log in again.
    await expect(client.getServerInfo()).resolves.toBeDefined();
    expect(mock.countCalls('Login')).toBe(2);
  });

  test('a network failure on Login is not retried', async () => {
    const { mock, client } = use();
    server.use(http.post(mock.endpoint, () => HttpResponse.error(), { once: true }));
    await expect(client.login()).rejects.toBeInstanceOf(NetworkError);
    await expect(client.login()).resolves.toHaveProperty('partnerId', mock.rootPartnerId);
  });
});
