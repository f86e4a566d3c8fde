/**
 * Secrets in every form they can take in a body (issue 10, defects 2 and 3): raw, JSON-escaped,
 * URL-encoded (percent and form encoding), at any depth of an error's `body`, the `publicDownload`
 * token, and very short passwords.
 */
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, SecretStore } from '../../src/core/redact';
import { CoveClient } from '../../src/cove';
import { DBackupClient, DBackupError } from '../../src/dbackup';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';
import { createDBackupMock } from '../../src/testing/dbackup';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Every form a secret can take once a server echoes it back. */
function formsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set([
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    json.replace(/\//g, '\\/'),
  ]);
  return [...forms];
}

/** Everything a user might print about an error: message, stack, inspect, JSON, cause chain. */
function renderings(value: unknown): string {
  const out = [String(value), inspect(value, { depth: 50, showHidden: true }), safeJson(value)];
  let current: unknown = value;
  for (let i = 0; i < 6 && current instanceof Error; i++) {
    out.push(current.message, current.stack ?? '', safeJson((current as { body?: unknown }).body));
    current = current.cause;
    if (current !== undefined) out.push(String(current), inspect(current, { depth: 50 }));
  }
  return out.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function expectNoForm(text: string, secret: string) {
  for (const form of formsOf(secret)) expect(text, `form ${JSON.stringify(form)}`).not.toContain(form);
}

const AWKWARD = [
  'pa"ss\\word-with/quote',
  'spaces and & and + and = and ? and #',
  'ünïcødé-pässwörd/€',
  'tab\there\nnewline',
  '<script>"</script>',
];

describe('SecretStore masks every form of a secret', () => {
  for (const secret of AWKWARD) {
    it(`raw, JSON-escaped and URL-encoded forms of ${JSON.stringify(secret)}`, () => {
      const store = new SecretStore();
      store.add(secret);
      for (const form of formsOf(secret)) {
        const text = `server said: {"password":"${form}"} and ?password=${form}&x=1 and plain ${form}.`;
        const out = store.redactText(text);
        expectNoForm(out, secret);
        expect(out).toContain(REDACTED);
      }
      // A body echoed as JSON text, once and twice encoded.
      const once = JSON.stringify({ params: { password: secret } });
      expectNoForm(store.redactText(once), secret);
      expectNoForm(store.redactText(JSON.stringify({ echo: once })), secret);
      expectNoForm(store.redactText(new URLSearchParams({ password: secret, user: 'u' }).toString()), secret);
    });
  }

  it('a secret at any depth of a value is masked, and deep values end in a marker', () => {
    const store = new SecretStore();
    store.add('deep-secret-value-1234');
    let body: unknown = { note: 'deep-secret-value-1234', other: 'x' };
    for (let i = 0; i < 200; i++) body = i % 2 ? [body] : { level: body };
    const redacted = store.redactValue(body);
    const text = JSON.stringify(redacted);
    expect(text).not.toContain('deep-secret-value-1234');
    expect(text.length).toBeLessThan(10_000);
  });

  it('very short secrets are masked where they stand alone, never silently skipped', () => {
    for (const secret of ['x', 'pw', 'a1!', 'q"\\z', 'abcd', 'abcde']) {
      const store = new SecretStore();
      store.add(secret);
      const json = JSON.stringify(secret).slice(1, -1);
      const out = store.redactText(
        `{"password":"${json}"} password=${encodeURIComponent(secret)}&u=1 login ${secret} refused`,
      );
      expect(out.match(/\[REDACTED\]/g)?.length, secret).toBe(3);
      // …but not inside longer words, which would mangle ordinary text.
      expect(store.redactText(`zz${secret}zz`)).toBe(`zz${secret}zz`);
    }
  });
});

describe('clients never leak a secret the server echoes back in another form', () => {
  for (const password of AWKWARD) {
    it(`Cove: the password ${JSON.stringify(password)} echoed as text or JSON in an error`, async () => {
      const clock = new VirtualClock();
      const mock = createCoveMock({ clock });
      const errors: unknown[] = [];
      for (const respond of [
        async (r: Request) => new HttpResponse(`bad request: ${await r.text()}`, { status: 500 }),
        async (r: Request) =>
          HttpResponse.json({
            error: { code: -32603, message: `Login failed for ${await r.text()}`, data: 2100 },
          }),
        async (r: Request) =>
          HttpResponse.json({
            error: {
              code: -32603,
              message: 'x',
              data: { echo: [{ deeper: [{ body: JSON.parse(await r.text()) as unknown }] }] },
            },
          }),
        async (r: Request) =>
          HttpResponse.json({ result: 'not an object', echo: encodeURIComponent(await r.text()) }),
      ]) {
        server.resetHandlers(http.post(mock.endpoint, ({ request }) => respond(request)));
        const fresh = new CoveClient({
          ...mock.credentials,
          password,
          endpoint: mock.endpoint,
          clock,
          retry: { maxRetries: 0 },
        });
        errors.push(await fresh.login().catch((e: unknown) => e));
      }
      for (const error of errors) {
        expect(error).toBeInstanceOf(Error);
        expectNoForm(renderings(error), password);
      }
    });
  }

  it('DBackup: the key at any depth of err.body, and echoed in every form', async () => {
    const clock = new VirtualClock();
    const mock = createDBackupMock({ clock });
    const key = mock.keys.full;
    let nested: Record<string, unknown> = { error: `key ${key} refused` };
    for (let i = 0; i < 60; i++) nested = { wrap: [nested] };
    server.use(
      http.get(`${mock.baseUrl}/api/jobs`, () => HttpResponse.json(nested, { status: 400 })),
      http.get(`${mock.baseUrl}/api/history`, ({ request }) =>
        HttpResponse.text(
          `auth=${encodeURIComponent(request.headers.get('authorization') ?? '')} ${JSON.stringify(JSON.stringify({ k: key }))}`,
          { status: 400 },
        ),
      ),
    );
    const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: key, clock, rateLimit: false });
    for (const call of [() => client.jobs.list(), () => client.history.list()]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DBackupError);
      expectNoForm(renderings(error), key);
    }
  });

  it('DBackup: the publicDownload token never appears in an error, whatever the server echoes', async () => {
    const clock = new VirtualClock();
    const mock = createDBackupMock({ clock });
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
    server.use(
      http.get(`${mock.baseUrl}/api/storage/public-download`, ({ request }) => {
        const sent = new URL(request.url).searchParams.get('token') ?? '';
        return HttpResponse.json(
          { error: `Token ${sent} is invalid or expired`, detail: { token: sent, url: request.url } },
          { status: 404 },
        );
      }),
    );
    const client = new DBackupClient({
      baseUrl: mock.baseUrl,
      apiKey: mock.keys.full,
      clock,
      rateLimit: false,
    });
    for (const input of [token, `${mock.baseUrl}/api/storage/public-download?token=${token}`]) {
      const error = await client.storage.publicDownload(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DBackupError);
      expectNoForm(renderings(error), token);
    }
  });
});
