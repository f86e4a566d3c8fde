/**
 * Servers that echo every credential back, in every place a response can carry it: error bodies
 * (JSON and text), response headers, JSON-RPC error messages and data, redirect targets, malformed
 * bodies, retried answers. Each call must fail with a typed error; the secrets sweep (see
 * `test/support/secrets-sweep.ts`) then checks that no form of any secret reached an error, a hook
 * payload or a log line. Every test also checks the sweep itself, so a leak names its test.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { SdkError } from '../../src/core/errors';
import { CoveClient } from '../../src/cove';
import { DBackupClient } from '../../src/dbackup';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';
import { currentTest, describeLeaks, findLeaks } from '../support/secrets-sweep';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A password in which every form differs: quotes, backslash, space, `&`, `/`, `+`, non-ASCII. */
const PASSWORD = 'echo "pass" \\ wörd/&+=%1';
const ENDPOINT = 'https://cove.echo.test/jsonapi';
const VISA = '33491-50121-1-1712345678-ECHOVISA0123456789ABCDEF';
const DBACKUP_URL = 'https://dbackup.echo.test';
const KEY = `dbackup_${'e'.repeat(60)}`;
const PROXY_SECRET = 'proxy-secret-Zq81-echo';

/** Everything a request carried, as one string: method, URL, headers and body. */
async function everything(request: Request): Promise<string> {
  const headers = [...request.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
  return `${request.method} ${request.url}\n${headers}\n\n${await request.clone().text()}`;
}

/** Response headers that repeat the request in each encoding a header can hold. */
async function echoHeaders(request: Request): Promise<Record<string, string>> {
  const all = await everything(request);
  return {
    'x-echo-raw': all.replace(/[\r\n]/g, ' ').replace(/[^\x20-\x7e]/g, '?'),
    'x-echo-uri': encodeURIComponent(all),
    'www-authenticate': `Basic realm="${request.headers.get('authorization') ?? ''}"`,
    'set-cookie': `session=${encodeURIComponent(all)}`,
  };
}

async function fails(call: Promise<unknown>): Promise<SdkError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SdkError);
  return error as SdkError;
}

/** No leak from this test (the file's sweep reports the others once more after the file). */
function expectNoLeaks(): void {
  const leaks = findLeaks().filter((leak) => leak.test === currentTest());
  expect(leaks, describeLeaks(leaks)).toEqual([]);
}

const cove = () =>
  new CoveClient({
    partner: 'Echo (ops@echo.example)',
    username: 'echo-user',
    password: PASSWORD,
    endpoint: ENDPOINT,
    headers: { 'x-proxy-secret': PROXY_SECRET },
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
  });

/** Answers Login with a visa (also echoed in a header) and every other call with `answer`. */
function coveServerAnswering(answer: (request: Request, body: string) => Promise<Response> | Response) {
  server.use(
    http.post(ENDPOINT, async ({ request }) => {
      const body = await request.clone().text();
      if (body.includes('"Login"')) {
        return HttpResponse.json(
          { jsonrpc: '2.0', id: 'jsonrpc', visa: VISA, result: { result: { PartnerId: 1, Name: 'Echo' } } },
          { headers: await echoHeaders(request) },
        );
      }
      return answer(request, body);
    }),
  );
}

describe('Cove server echoing the password, the visa and a custom header', () => {
  test('in a text error body, a JSON-RPC error, its data, and response headers', async () => {
    server.use(
      http.post(ENDPOINT, async ({ request }) =>
        HttpResponse.text(`bad request: ${await everything(request)}`, {
          status: 400,
          headers: await echoHeaders(request),
        }),
      ),
    );
    await fails(cove().getServerInfo());
    server.resetHandlers();
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        const body = await request.clone().text();
        return HttpResponse.json(
          {
            jsonrpc: '2.0',
            id: 'jsonrpc',
            error: { code: -32603, message: `Login failed for ${body}`, data: { echo: JSON.parse(body) } },
          },
          { headers: await echoHeaders(request) },
        );
      }),
    );
    await fails(cove().getServerInfo());
    expectNoLeaks();
  });

  test('in the answer to a call made with the visa: error message, malformed body, 503 retried', async () => {
    coveServerAnswering(async (request, body) =>
      HttpResponse.json(
        {
          jsonrpc: '2.0',
          id: 'jsonrpc',
          error: { code: -32603, message: `Unknown visa in ${body}`, data: 13501 },
        },
        { headers: await echoHeaders(request) },
      ),
    );
    await fails(cove().enumeratePartners());
    server.resetHandlers();
    coveServerAnswering(async (request, body) =>
      HttpResponse.text(`{"result": ${body}, "visa": "${VISA}"`, { headers: await echoHeaders(request) }),
    );
    await fails(cove().enumeratePartners());
    server.resetHandlers();
    coveServerAnswering(async (request, body) =>
      HttpResponse.text(`overloaded: ${body}`, { status: 503, headers: await echoHeaders(request) }),
    );
    await fails(cove().enumeratePartners());
    expectNoLeaks();
  });

  test('in a redirect target', async () => {
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        const echoed = encodeURIComponent(await request.clone().text());
        return new HttpResponse(null, {
          status: 307,
          headers: { location: `https://elsewhere.echo.test/x?pw=${echoed}&v=${VISA}#${PASSWORD}` },
        });
      }),
    );
    await fails(cove().getServerInfo());
    expectNoLeaks();
  });
});

const dbackup = () =>
  new DBackupClient({
    baseUrl: DBACKUP_URL,
    apiKey: KEY,
    rateLimit: false,
    headers: { 'x-proxy-secret': PROXY_SECRET },
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
  });

describe('DBackup server echoing the API key and a custom header', () => {
  test('in JSON and text error bodies and response headers, retried or not', async () => {
    for (const status of [400, 401, 403, 404, 500, 503]) {
      server.resetHandlers();
      server.use(
        http.get(`${DBACKUP_URL}/api/*`, async ({ request }) => {
          const all = await everything(request);
          const headers = await echoHeaders(request);
          return status % 2 === 0
            ? HttpResponse.json({ error: all, details: { request: all, key: KEY } }, { status, headers })
            : HttpResponse.text(all, { status, headers });
        }),
      );
      await fails(dbackup().executions.get('exec-1'));
      await fails(dbackup().health());
    }
    expectNoLeaks();
  });

  test('in a malformed success body and in a redirect target', async () => {
    server.use(
      http.get(`${DBACKUP_URL}/api/executions/:id`, async ({ request }) =>
        HttpResponse.json({ success: true, data: { id: 5, echo: await everything(request) } }),
      ),
    );
    await fails(dbackup().executions.get('exec-1'));
    server.resetHandlers();
    server.use(
      http.get(`${DBACKUP_URL}/api/*`, ({ request }) =>
        HttpResponse.redirect(
          `https://other.echo.test/?k=${request.headers.get('authorization')}&p=${PROXY_SECRET}`,
          302,
        ),
      ),
    );
    await fails(dbackup().health());
    expectNoLeaks();
  });
});

describe('Cove storage nodes and the M365 reporting service echoing the device token and the visa', () => {
  /** The ways a reporting service can echo a request: RPC error, HTTP error, malformed body. */
  const echoes: ((request: Request, body: string) => Promise<Response>)[] = [
    async (request, body) =>
      HttpResponse.json(
        {
          jsonrpc: '2.0',
          id: 'jsonrpc',
          error: { code: -32603, message: `Bad token in ${body}`, data: body },
        },
        { headers: await echoHeaders(request) },
      ),
    async (request) =>
      HttpResponse.text(`upstream failed: ${await everything(request)}`, {
        status: 500,
        headers: await echoHeaders(request),
      }),
    async (request, body) =>
      HttpResponse.text(`{"result": {"result": [${body}`, { headers: await echoHeaders(request) }),
  ];

  test.each(echoes.map((echo, i) => [i, echo] as const))('echo %i, on both services', async (_i, echo) => {
    const clock = new VirtualClock();
    const mock = createCoveMock({ clock, devices: 12, quirks: { unrequestedI78Rate: 0, arrayValueRate: 0 } });
    server.use(
      http.post('https://*/repserv_json', async ({ request }) => echo(request, await request.clone().text())),
      http.post(`https://${new URL(mock.endpoint).host}/reporting_api`, async ({ request }) =>
        echo(request, await request.clone().text()),
      ),
      ...mock.handlers,
    );
    const client = new CoveClient({
      ...mock.credentials,
      endpoint: mock.endpoint,
      clock,
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const storageNode = mock.devices.find(
      (d) => d.accountType === 1 && !mock.unreachableDeviceIds.includes(d.id),
    );
    const m365 = mock.devices.find((d) => d.accountType === 2);
    expect(storageNode && m365).toBeTruthy();
    for (const device of [storageNode, m365]) {
      const iterate = async () => {
        for await (const _ of client.sessions(device?.id ?? 0)) {
          // Reading is enough.
        }
      };
      await fails(iterate());
    }
    expectNoLeaks();
  });
});
