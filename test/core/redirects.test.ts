/**
 * Redirects (issue 10, defect 1). Neither client may follow a redirect to another origin or from
 * https to http; a same-origin redirect is followed only where the request may be repeated as sent
 * (GET/HEAD for 301/302/303, any idempotent request for 307/308). Everything else is a
 * `RedirectError` naming the redacted target, and the target never receives a byte.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedirectError, SdkError } from '../../src/core/errors';
import type { RequestEvent } from '../../src/core/http';
import { REDACTED } from '../../src/core/redact';
import { CoveClient } from '../../src/cove';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { dbackupOn } from './mock-clients';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const STATUSES = [301, 302, 303, 307, 308] as const;
const PROXY_SECRET = 'proxy-secret-5f1c0a9e';

/** Every request any handler saw, by URL, with its headers and body. */
interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

/** Answers every request to `origin` (any path) and records it. */
function trap(origin: string, seen: Seen[]) {
  const record = async ({ request }: { request: Request }) => {
    seen.push({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: await request.text(),
    });
    return HttpResponse.json({ result: { result: {} }, success: true, data: [] });
  };
  return [http.all(`${origin}/*`, record), http.all(origin, record)];
}

/** Foreign targets a hostile server may redirect to, from an https origin on `host`. */
function foreignTargets(host: string) {
  return [
    { kind: 'another host', url: `https://evil.example/collect?token=abc123def456` },
    { kind: 'another port', url: `https://${host}:8443/collect` },
    { kind: 'https to http', url: `http://${host}/collect` },
  ];
}

function coveSetup(hooksSeen: RequestEvent[] = []) {
  const clock = new VirtualClock();
  const mock = createCoveMock({ clock, devices: 3 });
  server.use(...mock.handlers);
  const client = new CoveClient({
    ...mock.credentials,
    endpoint: mock.endpoint,
    clock,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    headers: { 'x-proxy-secret': PROXY_SECRET },
    hooks: { onRequest: (e) => hooksSeen.push(e) },
  });
  return { mock, client, clock };
}

function dbackupSetup(hooksSeen: RequestEvent[] = []) {
  return dbackupOn(server, {
    rateLimit: undefined,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    headers: { 'x-proxy-secret': PROXY_SECRET },
    hooks: { onRequest: (e) => hooksSeen.push(e) },
  });
}

async function expectRedirectError(promise: Promise<unknown>, target: string): Promise<RedirectError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RedirectError);
  expect(error).toBeInstanceOf(SdkError);
  const redirect = error as RedirectError;
  const shown = new URL(target);
  expect(redirect.location).toContain(shown.host);
  expect(redirect.message).toContain(shown.host);
  // A secret in the target's query is masked in the message and the property.
  expect(redirect.message).not.toContain('abc123def456');
  expect(redirect.location).not.toContain('abc123def456');
  return redirect;
}

describe('Cove: redirects never carry the password or a visa elsewhere', () => {
  for (const status of STATUSES) {
    for (const { kind, url } of foreignTargets('cove.mock.test')) {
      it(`Login answered ${status} to ${kind}: RedirectError, nothing reaches the target`, async () => {
        const { mock, client } = coveSetup();
        const seen: Seen[] = [];
        server.use(
          http.post(mock.endpoint, () => new HttpResponse(null, { status, headers: { location: url } })),
          ...trap(new URL(url).origin, seen),
        );
        await expectRedirectError(client.login(), url);
        expect(seen).toEqual([]);
      });
    }
  }

  for (const status of STATUSES) {
    for (const { kind, url } of foreignTargets('cove.mock.test')) {
      it(`a read call answered ${status} to ${kind} after Login: RedirectError, no visa leaves`, async () => {
        const { mock, client } = coveSetup();
        await client.login();
        const seen: Seen[] = [];
        server.use(
          http.post(mock.endpoint, () => new HttpResponse(null, { status, headers: { location: url } })),
          ...trap(new URL(url).origin, seen),
        );
        await expectRedirectError(client.getServerInfo(), url);
        expect(seen).toEqual([]);
      });
    }
  }

  for (const status of STATUSES) {
    it(`Login answered ${status} to the same origin is refused: Login is never repeated`, async () => {
      const { mock, client } = coveSetup();
      const seen: Seen[] = [];
      server.use(
        http.post(mock.endpoint, () =>
          HttpResponse.text('', { status, headers: { location: '/jsonapi-moved' } }),
        ),
        http.all('https://cove.mock.test/jsonapi-moved', async ({ request }) => {
          seen.push({ url: request.url, method: request.method, headers: request.headers, body: '' });
          return HttpResponse.json({});
        }),
      );
      await expectRedirectError(client.login(), 'https://cove.mock.test/jsonapi-moved');
      expect(seen).toEqual([]);
    });
  }

  for (const status of [307, 308] as const) {
    it(`a read method answered ${status} to the same origin is followed with the same body`, async () => {
      const { mock, client } = coveSetup();
      await client.login();
      const bodies: string[] = [];
      server.use(
        http.post(mock.endpoint, async ({ request }) => {
          bodies.push(await request.clone().text());
          if (bodies.length > 1) return undefined; // the repeat goes on to the mock
          return new HttpResponse(null, { status, headers: { location: mock.endpoint } });
        }),
      );
      const info = await client.getServerInfo();
      expect(info).toBeTypeOf('object');
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toBe(bodies[0]);
    });
  }

  for (const status of [301, 302, 303] as const) {
    it(`a read method answered ${status} to the same origin is refused (the POST would become a GET)`, async () => {
      const { mock, client } = coveSetup();
      await client.login();
      server.use(
        http.post(
          mock.endpoint,
          () => new HttpResponse(null, { status, headers: { location: '/jsonapi-v2' } }),
        ),
      );
      await expectRedirectError(client.getServerInfo(), 'https://cove.mock.test/jsonapi-v2');
    });
  }
});

describe('DBackup: redirects never carry the key or custom headers elsewhere', () => {
  for (const status of STATUSES) {
    for (const { kind, url } of foreignTargets('dbackup.mock.test')) {
      it(`GET answered ${status} to ${kind}: RedirectError, the foreign answer is not trusted`, async () => {
        const { mock, client } = dbackupSetup();
        const seen: Seen[] = [];
        server.use(
          http.get(
            `${mock.baseUrl}/api/jobs`,
            () => new HttpResponse(null, { status, headers: { location: url } }),
          ),
          ...trap(new URL(url).origin, seen),
        );
        await expectRedirectError(client.jobs.list(), url);
        expect(seen).toEqual([]);
      });
    }
  }

  for (const status of STATUSES) {
    it(`GET answered ${status} to the same origin is followed (safe to repeat)`, async () => {
      const { mock, client } = dbackupSetup();
      const moved: Seen[] = [];
      server.use(
        http.get(
          `${mock.baseUrl}/api/jobs`,
          () => new HttpResponse(null, { status, headers: { location: '/api/v2/jobs' } }),
        ),
        http.get(`${mock.baseUrl}/api/v2/jobs`, ({ request }) => {
          moved.push({ url: request.url, method: request.method, headers: request.headers, body: '' });
          return HttpResponse.json([]);
        }),
      );
      expect(await client.jobs.list()).toEqual([]);
      expect(moved).toHaveLength(1);
      expect(moved[0]?.headers.get('authorization')).toBe(`Bearer ${mock.keys.full}`);
      expect(moved[0]?.headers.get('x-proxy-secret')).toBe(PROXY_SECRET);
    });
  }

  for (const status of STATUSES) {
    it(`jobs.run answered ${status} to the same origin is refused: exactly one POST`, async () => {
      const { mock, client } = dbackupSetup();
      const posts: string[] = [];
      server.use(
        http.post(`${mock.baseUrl}/api/jobs/:id/run`, ({ request }) => {
          posts.push(request.url);
          return new HttpResponse(null, { status, headers: { location: '/api/jobs/other/run' } });
        }),
        http.all(`${mock.baseUrl}/api/jobs/other/run`, ({ request }) => {
          posts.push(request.url);
          return HttpResponse.json({ success: true, executionId: 'x' });
        }),
      );
      await expectRedirectError(
        client.jobs.run(IDS.jobs.sqliteToLocal),
        `${mock.baseUrl}/api/jobs/other/run`,
      );
      expect(posts).toHaveLength(1);
    });
  }

  it('a redirect loop ends with RedirectError instead of hanging', async () => {
    const { mock, client } = dbackupSetup();
    server.use(
      http.get(
        `${mock.baseUrl}/api/jobs`,
        () => new HttpResponse(null, { status: 302, headers: { location: '/api/jobs' } }),
      ),
    );
    const error = await client.jobs.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toMatch(/too many redirects/i);
  });
});

describe('custom headers are secrets in hook payloads', () => {
  it('DBackup and Cove hooks see the custom header name but never its value', async () => {
    const dEvents: RequestEvent[] = [];
    const d = dbackupSetup(dEvents);
    await d.client.jobs.list();
    const cEvents: RequestEvent[] = [];
    const c = coveSetup(cEvents);
    await c.client.getServerInfo();
    for (const events of [dEvents, cEvents]) {
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        expect(event.headers['x-proxy-secret']).toBe(REDACTED);
        expect(JSON.stringify(event)).not.toContain(PROXY_SECRET);
      }
    }
  });
});
