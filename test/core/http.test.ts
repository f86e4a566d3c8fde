import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AbortError, ConfigError, NetworkError, TimeoutError } from '../../src/core/errors';
import { checkBaseUrl, type HttpHooks, HttpTransport, type TransportOptions } from '../../src/core/http';
import { SecretStore } from '../../src/core/redact';

const BASE = 'https://core.test';
const SECRET = 'dbackup_0123456789abcdef0123456789abcdef';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

function transport(options: TransportOptions = {}) {
  const secrets = new SecretStore();
  secrets.add(SECRET);
  return new HttpTransport(BASE, { retry: { baseDelayMs: 1, maxDelayMs: 4 }, ...options }, secrets);
}

/** Advances fake time, then lets MSW's real (non-timer) async work run. */
async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Answers with the given responses in order, counting hits. */
function sequence(path: string, method: 'get' | 'post', responses: (() => Response)[]) {
  const hits: number[] = [];
  server.use(
    http[method](`${BASE}${path}`, () => {
      hits.push(Date.now());
      const next = responses[Math.min(hits.length - 1, responses.length - 1)];
      return next ? next() : HttpResponse.json({});
    }),
  );
  return hits;
}

describe('checkBaseUrl', () => {
  it('accepts https and loopback http, strips the trailing slash', () => {
    expect(checkBaseUrl('https://backup.example.com/')).toBe('https://backup.example.com');
    expect(checkBaseUrl('http://localhost:3000')).toBe('http://localhost:3000');
    expect(checkBaseUrl('http://127.0.0.1:3000/dbackup/')).toBe('http://127.0.0.1:3000/dbackup');
    expect(checkBaseUrl('http://[::1]:3000')).toBe('http://[::1]:3000');
  });

  it('refuses plain http to a remote host unless opted in', () => {
    expect(() => checkBaseUrl('http://backup.example.com')).toThrow(ConfigError);
    expect(() => checkBaseUrl('http://backup.example.com')).toThrow(/allowInsecureHttp/);
    expect(checkBaseUrl('http://backup.example.com', true)).toBe('http://backup.example.com');
  });

  it('refuses garbage, other schemes and embedded credentials', () => {
    expect(() => checkBaseUrl('')).toThrow(ConfigError);
    expect(() => checkBaseUrl(undefined)).toThrow(ConfigError);
    expect(() => checkBaseUrl('not a url')).toThrow(ConfigError);
    expect(() => checkBaseUrl('ftp://x.test')).toThrow(/https/);
    expect(() => checkBaseUrl('https://user:pw@x.test')).toThrow(/credentials/);
  });
});

describe('HttpTransport', () => {
  it('returns non-2xx responses with the body parsed leniently (JSON, text, empty)', async () => {
    server.use(
      http.get(`${BASE}/json`, () => HttpResponse.json({ error: 'nope' }, { status: 400 })),
      http.get(`${BASE}/text`, () => new HttpResponse('Too Many Requests', { status: 418 })),
      http.get(`${BASE}/empty`, () => new HttpResponse(null, { status: 404 })),
      http.get(
        `${BASE}/badjson`,
        () => new HttpResponse('{oops', { status: 200, headers: { 'content-type': 'application/json' } }),
      ),
    );
    const t = transport();
    expect((await t.request({ method: 'GET', path: '/json', idempotent: true })).body).toEqual({
      error: 'nope',
    });
    expect((await t.request({ method: 'GET', path: '/text', idempotent: true })).body).toBe(
      'Too Many Requests',
    );
    expect((await t.request({ method: 'GET', path: '/empty', idempotent: true })).body).toBeUndefined();
    expect((await t.request({ method: 'GET', path: '/badjson', idempotent: true })).body).toBe('{oops');
  });

  it('retries idempotent requests on 5xx, 408 and 429 up to maxRetries', async () => {
    const hits = sequence('/flaky', 'get', [
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 408 }),
      () => HttpResponse.json({ ok: true }),
    ]);
    const res = await transport().request({ method: 'GET', path: '/flaky', idempotent: true });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(3);
    expect(hits).toHaveLength(3);
  });

  it('gives up after maxRetries and returns the last failing response', async () => {
    const hits = sequence('/down', 'get', [() => new HttpResponse(null, { status: 502 })]);
    const res = await transport({ retry: { maxRetries: 1, baseDelayMs: 1 } }).request({
      method: 'GET',
      path: '/down',
      idempotent: true,
    });
    expect(res.status).toBe(502);
    expect(hits).toHaveLength(2);
  });

  it('does not retry 4xx other than 408/429', async () => {
    const hits = sequence('/bad', 'get', [() => new HttpResponse(null, { status: 400 })]);
    await transport().request({ method: 'GET', path: '/bad', idempotent: true });
    expect(hits).toHaveLength(1);
  });

  it('never retries a non-idempotent request, even on 503 or a network error', async () => {
    const hits = sequence('/run', 'post', [() => new HttpResponse(null, { status: 503 })]);
    const res = await transport().request({ method: 'POST', path: '/run', idempotent: false });
    expect(res.status).toBe(503);
    expect(hits).toHaveLength(1);
    const netHits = sequence('/run2', 'post', [() => HttpResponse.error()]);
    await expect(
      transport().request({ method: 'POST', path: '/run2', idempotent: false }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(netHits).toHaveLength(1);
  });

  it('retries network errors for idempotent requests, then throws NetworkError', async () => {
    const hits = sequence('/net', 'get', [() => HttpResponse.error()]);
    const error = await transport()
      .request({ method: 'GET', path: '/net', idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(hits).toHaveLength(3);
    expect((error as NetworkError).request.attempts).toBe(3);
    expect((error as Error).message).toMatch(
      /GET https:\/\/core\.test\/net failed before a response arrived/,
    );
  });

  it('backs off exponentially with jitter (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const hits = sequence('/slow', 'get', [
      () => new HttpResponse(null, { status: 500 }),
      () => new HttpResponse(null, { status: 500 }),
      () => HttpResponse.json({ ok: true }),
    ]);
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const t = new HttpTransport(BASE, {}, new SecretStore());
    const pending = t.request({ method: 'GET', path: '/slow', idempotent: true });
    await advance(0);
    await advance(400);
    expect(hits).toHaveLength(1);
    await advance(200); // first delay ≈ 0.5 s
    expect(hits).toHaveLength(2);
    await advance(800);
    expect(hits).toHaveLength(2); // second delay ≈ 1 s after the second attempt
    await advance(300);
    expect(hits).toHaveLength(3);
    expect((await pending).status).toBe(200);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const hits = sequence('/ra', 'get', [
      () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '3' } }),
      () =>
        new HttpResponse(null, {
          status: 503,
          headers: { 'retry-after': new Date(Date.now() + 5_000).toUTCString() },
        }),
      () => HttpResponse.json({ ok: true }),
    ]);
    const t = new HttpTransport(BASE, { retry: { maxRetryAfterMs: 60_000 } }, new SecretStore());
    const pending = t.request({ method: 'GET', path: '/ra', idempotent: true });
    await advance(0);
    await advance(2_900);
    expect(hits).toHaveLength(1);
    await advance(200);
    expect(hits).toHaveLength(2);
    await advance(4_500);
    expect(hits).toHaveLength(2);
    await advance(1_000);
    expect(hits).toHaveLength(3);
    expect((await pending).status).toBe(200);
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const capped = sequence('/cap', 'get', [
      () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '3600' } }),
      () => HttpResponse.json({ ok: true }),
    ]);
    const t2 = new HttpTransport(BASE, { retry: { maxRetryAfterMs: 2_000 } }, new SecretStore());
    const p2 = t2.request({ method: 'GET', path: '/cap', idempotent: true });
    await advance(0);
    await advance(1_900);
    expect(capped).toHaveLength(1);
    await advance(300);
    expect(capped).toHaveLength(2);
    expect((await p2).status).toBe(200);
  });

  it('times out per attempt with TimeoutError', async () => {
    server.use(
      http.get(`${BASE}/hang`, async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const error = await transport({ timeoutMs: 50, retry: { maxRetries: 0 } })
      .request({ method: 'GET', path: '/hang', idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    expect((error as Error).message).toMatch(/timed out/);
  });

  it('aborts with AbortError and does not retry after an abort', async () => {
    let hits = 0;
    server.use(
      http.get(`${BASE}/abort`, async () => {
        hits++;
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = transport().request({
      method: 'GET',
      path: '/abort',
      idempotent: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(hits).toBe(1);
    const already = AbortSignal.abort();
    await expect(
      transport().request({ method: 'GET', path: '/abort', idempotent: true, signal: already }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(hits).toBe(1);
  });

  it('aborts a retry wait', async () => {
    sequence('/wait', 'get', [
      () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '30' } }),
    ]);
    const controller = new AbortController();
    const pending = new HttpTransport(BASE, {}, new SecretStore()).request({
      method: 'GET',
      path: '/wait',
      idempotent: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out a body that stalls after the headers arrived', async () => {
    const stalled: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"partial":'));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const started = Date.now();
    const error = await transport({ fetch: stalled, timeoutMs: 100 })
      .request({ method: 'GET', path: '/stall', idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('validates timeout and retry options before any request', async () => {
    const secrets = new SecretStore();
    expect(() => new HttpTransport(BASE, { timeoutMs: 3e9 }, secrets)).toThrow(ConfigError);
    expect(() => new HttpTransport(BASE, { timeoutMs: Number.NaN }, secrets)).toThrow(/timeoutMs/);
    expect(() => new HttpTransport(BASE, { totalTimeoutMs: -1 }, secrets)).toThrow(/totalTimeoutMs/);
    expect(() => new HttpTransport(BASE, { retry: { maxRetries: -1 } }, secrets)).toThrow(/maxRetries/);
    expect(() => new HttpTransport(BASE, { retry: { maxRetries: 1.5 } }, secrets)).toThrow(/maxRetries/);
    let calls = 0;
    const counting: typeof fetch = async () => {
      calls++;
      return Response.json({});
    };
    await expect(
      new HttpTransport(BASE, { fetch: counting }, secrets).request({
        method: 'GET',
        path: '/x',
        idempotent: true,
        timeoutMs: 0,
      }),
    ).rejects.toBeInstanceOf(ConfigError);
    expect(calls).toBe(0);
  });

  it('an injected fetch that throws a plain Error still surfaces as NetworkError', async () => {
    const broken: typeof fetch = async () => {
      throw new Error(`proxy refused Bearer ${SECRET}`);
    };
    const error = await transport({ fetch: broken, retry: { maxRetries: 0 } })
      .request({ method: 'GET', path: '/x', idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(String(error)).not.toContain(SECRET);
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return Response.json({ injected: true });
    };
    const res = await transport({ fetch: fakeFetch }).request({
      method: 'GET',
      path: '/x',
      query: { a: 1, b: undefined, c: 'y z' },
      idempotent: true,
    });
    expect(res.body).toEqual({ injected: true });
    expect(calls).toEqual(['https://core.test/x?a=1&c=y+z']);
  });

  it('hooks see every attempt with secrets redacted, and a throwing hook breaks nothing', async () => {
    sequence(`/hook`, 'get', [
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json({ ok: 1 }),
    ]);
    const seen: unknown[] = [];
    const hooks: HttpHooks = {
      onRequest: (e) => {
        seen.push(e);
        throw new Error('observer bug');
      },
      onResponse: (e) => seen.push(e),
      onRetry: (e) => seen.push(e),
    };
    const res = await transport({ hooks }).request({
      method: 'GET',
      path: '/hook',
      query: { token: 'tok_very_secret_value' },
      headers: { authorization: `Bearer ${SECRET}` },
      idempotent: true,
    });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(5); // request, response(503), retry, request, response(200)
    const dump = JSON.stringify(seen);
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain('tok_very_secret_value');
    expect(dump).toContain('[REDACTED]');
    expect(seen.map((e) => (e as { attempt: number }).attempt)).toEqual([1, 1, 1, 2, 2]);
  });

  it('counts and times every attempt without onRequest or pacing (no beforeRequest hook then)', async () => {
    sequence(`/count`, 'get', [
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 502 }),
      () => HttpResponse.json({ ok: 1 }),
    ]);
    const responses: { attempt: number; status: number; durationMs: number }[] = [];
    const retries: number[] = [];
    const res = await transport({
      hooks: { onResponse: (e) => responses.push(e), onRetry: (e) => retries.push(e.attempt) },
    }).request({ method: 'GET', path: '/count', idempotent: true });
    expect(res.attempts).toBe(3);
    expect(responses.map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 502],
      [3, 200],
    ]);
    expect(retries).toEqual([1, 2]);
    for (const e of responses) expect(e.durationMs).toBeGreaterThanOrEqual(0);

    sequence(`/gone`, 'get', [() => HttpResponse.error()]);
    const failure = await transport({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } })
      .request({ method: 'GET', path: '/gone', idempotent: true })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as NetworkError).message).toMatch(/3 attempt/);
  });

  it('keeps secrets out of network error messages and causes', async () => {
    server.use(http.get(`${BASE}/leak`, () => HttpResponse.error()));
    const error = await transport({ retry: { maxRetries: 0 } })
      .request({
        method: 'GET',
        path: '/leak',
        query: { visa: 'visa-secret-123456' },
        headers: { authorization: `Bearer ${SECRET}` },
        idempotent: true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    const everything = `${String(error)} ${JSON.stringify(error)} ${String((error as Error).cause)} ${JSON.stringify((error as NetworkError).request)}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('visa-secret-123456');
  });
});
