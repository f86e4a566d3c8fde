import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { ConfigError, ResponseValidationError, SdkError } from '../../src/core/errors';
import {
  CoveAuthError,
  CoveClient,
  CoveHttpError,
  CoveRpcError,
  CoveSecurityError,
  CoveVisaError,
} from '../../src/cove';
import { coveServer, mockSecrets } from './harness';

const { server, use } = coveServer();

/** Everything a user might print or log about an error, including its cause chain. */
function renderings(value: unknown): string[] {
  const out = [String(value), inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? ''];
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? '');
    let cause: unknown = value.cause;
    for (let i = 0; i < 5 && cause !== undefined; i++) {
      out.push(String(cause), inspect(cause, { depth: 10 }), JSON.stringify(cause) ?? '');
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return out;
}

function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const text = renderings(value).join('\n');
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('no secret ever appears', () => {
  test('toString, JSON.stringify and util.inspect of the client', async () => {
    const { mock, client } = use();
    await client.getServerInfo();
    const secrets = mockSecrets(mock);
    expect(secrets.length).toBeGreaterThan(2);
    for (const text of [
      String(client),
      JSON.stringify(client),
      inspect(client, { depth: 10, showHidden: true }),
      `${client}`,
    ]) {
      expect(text).toContain(mock.credentials.partner);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(Object.keys(client)).not.toContain('password');
  });

  test('in every kind of error, even when the server echoes secrets back', async () => {
    const { mock, client } = use({ devices: 5, restrictedColumns: ['D02F00'] });
    const errors: unknown[] = [];
    const collect = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        errors.push(error);
      }
    };
    const { partnerId } = await client.login();
    const password = mock.credentials.password;
    const lastVisa = () => mock.calls.findLast((c) => c.issuedVisa)?.issuedVisa ?? '';

    // 13501 from a restricted column, and from the partner scope.
    await collect(() => client.enumerateAccountStatistics({ partnerId, columns: ['I1', 'D02F00'] }));
    await collect(() => client.getPartnerInfoById(mock.foreignPartnerId));
    // A server message that repeats the password and the current visa.
    mock.failNext('GetServerInfo', { data: 4242, message: `bad thing with ${password} and ${lastVisa()}` });
    await collect(() => client.getServerInfo());
    // Two 1701s in a row.
    mock.failNext('GetServerInfo', { data: 1701, message: `stale ${lastVisa()}` }, 2);
    await collect(() => client.getServerInfo());
    // An HTTP error whose body echoes the request.
    mock.failNext(
      'GetServerInfo',
      { httpStatus: 500, body: `echo: password=${password} visa=${lastVisa()}` },
      3,
    );
    await collect(() => client.getServerInfo());
    // A malformed result that carries secrets.
    const visa = lastVisa();
    server.use(
      http.post(
        mock.endpoint,
        () =>
          HttpResponse.json({
            jsonrpc: '2.0',
            id: '1',
            result: {
              result: { Id: 'not-a-number', Note: `${password} ${visa}`, Token: 'device-token-secret-1' },
            },
            visa,
          }),
        { once: true },
      ),
    );
    await collect(() => client.getPartnerInfoById(partnerId));
    // A wrong password (the wrong one is a secret too).
    const wrong = makeWrongClient(mock.endpoint, mock.credentials.partner, mock.credentials.username);
    await collect(() => wrong.getServerInfo());

    const kinds = errors.map((e) => (e as Error).constructor.name);
    expect(kinds).toEqual([
      'CoveSecurityError',
      'CoveSecurityError',
      'CoveRpcError',
      'CoveVisaError',
      'CoveHttpError',
      'ResponseValidationError',
      'CoveAuthError',
    ]);
    const secrets = [...mockSecrets(mock), 'wrong-password-XYZ-123', 'device-token-secret-1'];
    for (const error of errors) {
      expect(error).toBeInstanceOf(SdkError);
      expectNoSecrets(error, secrets);
    }
    expect(errors[2]).toBeInstanceOf(CoveRpcError);
    expect((errors[2] as CoveRpcError).serverMessage).toContain('[REDACTED]');
    expect(errors[3]).toBeInstanceOf(CoveVisaError);
    expect(errors[4]).toBeInstanceOf(CoveHttpError);
    expect(errors[6]).toBeInstanceOf(CoveAuthError);
    expect(errors[0]).toBeInstanceOf(CoveSecurityError);
  });

  test('device passwords and tokens are stripped unless includeSecrets is set', async () => {
    const { mock, client } = use({ devices: 60 });
    const partnerId = mock.devices[0]?.partnerId ?? mock.rootPartnerId;
    const accounts = await client.enumerateAccounts(partnerId);
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) {
      expect(account).not.toHaveProperty('Password');
      expect(account).not.toHaveProperty('Token');
    }
    const withSecrets = await client.enumerateAccounts(partnerId, { includeSecrets: true });
    expect(withSecrets[0]?.Token).toBe(mock.device(withSecrets[0]?.Id ?? 0)?.token);
    const details = await client.getAccountInfoById(accounts[0]?.Id ?? 0);
    expect(details.account).not.toHaveProperty('Token');
    expect(details.account).not.toHaveProperty('Password');
    const tokens = mock.devices.map((d) => d.token);
    expect(tokens.some((t) => JSON.stringify([accounts, details]).includes(t))).toBe(false);
  });
});

function makeWrongClient(endpoint: string, partner: string, username: string): CoveClient {
  return new CoveClient({ partner, username, password: 'wrong-password-XYZ-123', endpoint });
}

describe('malformed responses → ResponseValidationError (never a TypeError)', () => {
  const bodies: [string, () => Response][] = [
    ['plain text', () => new HttpResponse('<html>gateway</html>', { status: 200 })],
    ['empty body', () => new HttpResponse(null, { status: 200 })],
    ['no result and no error', () => HttpResponse.json({ jsonrpc: '2.0', id: 1 })],
    ['result is a number', () => HttpResponse.json({ jsonrpc: '2.0', id: 1, result: 5 })],
    [
      'partner without Id',
      () => HttpResponse.json({ jsonrpc: '2.0', id: 1, result: { result: { Name: 'x' } } }),
    ],
    ['rows are not an array', () => HttpResponse.json({ jsonrpc: '2.0', id: 1, result: { result: 'rows' } })],
  ];
  test.each(bodies)('%s', async (_name, body) => {
    const { mock, client } = use();
    const { partnerId } = await client.login();
    // Every time: a read answered with something that is not JSON-RPC is sent again before failing.
    server.use(http.post(mock.endpoint, body));
    const error = await (_name === 'rows are not an array'
      ? client.enumerateAccountStatistics({ partnerId, columns: ['I1'] })
      : client.getPartnerInfoById(partnerId)
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).not.toBeInstanceOf(TypeError);
  });

  test('the error names the bad field', async () => {
    const { mock, client } = use();
    const { partnerId } = await client.login();
    server.use(
      http.post(
        mock.endpoint,
        () => HttpResponse.json({ jsonrpc: '2.0', result: { result: { Id: 'abc' } } }),
        {
          once: true,
        },
      ),
    );
    const error = (await client
      .getPartnerInfoById(partnerId)
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error.path).toBe('result.Id');
    expect(error.message).toContain('GetPartnerInfoById');
  });

  test('a statistics row without AccountId is rejected on its own, not the page', async () => {
    const { mock, client } = use();
    const { partnerId } = await client.login();
    server.use(
      http.post(
        mock.endpoint,
        () =>
          HttpResponse.json({
            jsonrpc: '2.0',
            result: { result: [{ PartnerId: 1, Settings: [] }] },
            visa: 'x',
          }),
        { once: true },
      ),
    );
    const page = await client.enumerateAccountStatistics({ partnerId, columns: ['I1'] });
    expect(page.rows).toEqual([]);
    expect(page.rejected).toEqual([
      expect.objectContaining({ index: 0, reason: expect.stringMatching(/^AccountId: /) }),
    ]);
  });

  test('Login without a visa', async () => {
    const { mock, client } = use();
    server.use(
      http.post(mock.endpoint, () => HttpResponse.json({ jsonrpc: '2.0', result: { result: { Id: 1 } } }), {
        once: true,
      }),
    );
    await expect(client.login()).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe('options validation and abort', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['missing partner', { username: 'u', password: 'p' }],
    ['empty partner', { partner: ' ', username: 'u', password: 'p' }],
    ['missing username', { partner: 'A (a@b.c)', password: 'p' }],
    ['empty password', { partner: 'A (a@b.c)', username: 'u', password: '' }],
    ['bad endpoint', { partner: 'A', username: 'u', password: 'p', endpoint: 'not a url' }],
    [
      'plain http endpoint',
      { partner: 'A', username: 'u', password: 'p', endpoint: 'http://cove.example.com/jsonapi' },
    ],
    [
      'endpoint with credentials',
      { partner: 'A', username: 'u', password: 'p', endpoint: 'https://u:p@x.example/jsonapi' },
    ],
    ['refreshAfterMs too long', { partner: 'A', username: 'u', password: 'p', refreshAfterMs: 16 * 60_000 }],
  ];
  test.each(bad)('%s → ConfigError, nothing sent', (_name, options) => {
    const { mock } = use();
    expect(() => new CoveClient(options as never)).toThrow(ConfigError);
    expect(mock.calls).toHaveLength(0);
  });

  test('the ConfigError for a bad password does not contain it', () => {
    const error = (() => {
      try {
        new CoveClient({ partner: 'A', username: 'u', password: 'secret-pw-1234', endpoint: 'ftp://x' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expectNoSecrets(error, ['secret-pw-1234']);
  });

  test('loopback http endpoints are allowed', () => {
    expect(
      () =>
        new CoveClient({
          partner: 'A',
          username: 'u',
          password: 'p',
          endpoint: 'http://127.0.0.1:8080/jsonapi',
        }),
    ).not.toThrow();
  });

  test('an already aborted signal → AbortError, nothing sent', async () => {
    const { mock, client } = use();
    const controller = new AbortController();
    controller.abort();
    await expect(client.getServerInfo({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(mock.calls).toHaveLength(0);
  });

  test('aborting while waiting for the shared Login → AbortError; the Login still serves others', async () => {
    const { mock, client } = use();
    const controller = new AbortController();
    const aborted = client.getServerInfo({ signal: controller.signal });
    const other = client.getServerInfo();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other).resolves.toBeDefined();
    expect(mock.countCalls('Login')).toBe(1);
  });

  test('aborting an in-flight request → AbortError', async () => {
    const { mock, client } = use();
    await client.login();
    const controller = new AbortController();
    server.use(
      http.post(
        mock.endpoint,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          return HttpResponse.json({});
        },
        { once: true },
      ),
    );
    const pending = client.getServerInfo({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('aborting mid-paging stops the iterator with AbortError', async () => {
    const { client } = use({ devices: 1500 });
    const { partnerId } = await client.login();
    const controller = new AbortController();
    let count = 0;
    const run = async () => {
      for await (const _row of client.iterateAccountStatistics(
        { partnerId, columns: ['I1'], pageSize: 500 },
        { signal: controller.signal },
      )) {
        count++;
        if (count === 600) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(count).toBe(1000);
  });
});
