/**
 * The secrets sweep catches what it is meant to catch: each test plants a leak the way a defect in
 * the SDK would produce it, checks that {@link findLeaks} reports it (with the form, the place and
 * the test), then forgets what it found so that this file's own sweep passes.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import { CoveAuthError, CoveClient } from '../../src/cove';
import { DBackupClient } from '../../src/dbackup';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';
import { createDBackupMock } from '../../src/testing/dbackup';
import {
  addSecret,
  allowSecret,
  findLeaks,
  forgetLeaks,
  type Leak,
  observeText,
  sweptForms,
} from '../support/secrets-sweep';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Runs `plant`, returns what the sweep finds in what it produced, then forgets those records. */
async function leaksFrom(plant: () => unknown): Promise<Leak[]> {
  const before = findLeaks().length;
  await plant();
  const leaks = findLeaks().slice(before);
  forgetLeaks(before);
  expect(findLeaks()).toHaveLength(before);
  return leaks;
}

describe('the secrets sweep', () => {
  test('finds a secret in each form a body, a URL or a log can carry it', async () => {
    const secret = 'pa ss"wörd/\\&=+x';
    addSecret(secret, 'the planted secret');
    const forms = sweptForms(secret);
    expect(forms.map(([, name]) => name)).toEqual(
      expect.arrayContaining(['raw', 'JSON-escaped', 'URL-encoded', 'form-encoded', 'JSON-escaped twice']),
    );
    for (const [form, name] of forms) {
      const leaks = await leaksFrom(() => observeText('log line (debug)', `POST /x body=${form};`));
      expect(leaks, name).toHaveLength(1);
      expect(leaks[0]).toMatchObject({ source: 'the planted secret', form: name, where: 'log line (debug)' });
      expect(leaks[0]?.test).toContain('finds a secret in each form');
      expect(leaks[0]?.context).not.toContain(form);
    }
    // The mask, and text around a masked secret, are not hits.
    expect(await leaksFrom(() => observeText('log line (warn)', 'password=[REDACTED]'))).toEqual([]);
  });

  test('with thousands of secrets (a 10,000-device mock), still finds each one, in every form', async () => {
    for (let i = 0; i < 2000; i++) addSecret(`device-token-${i}-${'x'.repeat(12)}`, 'a planted device token');
    const secret = 'device "token" 1999/ü';
    addSecret(secret, 'the planted secret');
    const leaks = await leaksFrom(() =>
      observeText(
        'onResponse payload',
        `a device-token-1500-${'x'.repeat(12)} b ${encodeURIComponent(secret)} c ${JSON.stringify(secret)}`,
      ),
    );
    expect(leaks.map((l) => [l.source, l.form]).sort()).toEqual([
      ['a planted device token', 'raw'],
      ['the planted secret', 'JSON-escaped'],
      ['the planted secret', 'URL-encoded'],
    ]);
  });

  test('counts a short secret only where it stands alone, as the SDK masks it', async () => {
    addSecret('pw42', 'a short planted secret');
    expect(await leaksFrom(() => observeText('log line', 'xpw42y and pw42z'))).toEqual([]);
    const leaks = await leaksFrom(() => observeText('log line', 'login as admin:pw42 failed'));
    expect(leaks.map((l) => l.source)).toEqual(['a short planted secret']);
  });

  test('allowSecret exempts one secret in this file, with a reason', async () => {
    addSecret('allowed-secret-4711', 'the planted secret');
    allowSecret('allowed-secret-4711', 'the self-test hands it to observeText itself');
    expect(await leaksFrom(() => observeText('log line', 'allowed-secret-4711'))).toEqual([]);
    expect(() => allowSecret('x', ' ')).toThrow('needs a reason');
  });

  test('reads every SdkError built: message, stack, cause chain, JSON and own properties', async () => {
    const secret = 'cause-chain-secret-77';
    addSecret(secret, 'the planted secret');
    const inCause = await leaksFrom(
      () =>
        new CoveAuthError(
          'Login failed.',
          { method: 'Login', code: 2100 },
          { cause: new Error('upstream', { cause: { token: secret } }) },
        ),
    );
    expect(inCause.map((l) => l.where)).toEqual(expect.arrayContaining(['cause[2] non-Error cause']));
    const inProperty = await leaksFrom(() =>
      Object.assign(new ConfigError('bad option'), { body: { nested: [{ deep: secret }] } }),
    );
    // Its own properties serialize to the same text, which the sweep reads once.
    expect(inProperty.map((l) => l.where)).toEqual(['JSON.stringify(ConfigError)']);
  });

  test('sees a visa the Cove mock issued, in an error the SDK builds', async () => {
    const clock = new VirtualClock();
    const mock = createCoveMock({ clock, devices: 2 });
    server.use(...mock.handlers);
    const client = new CoveClient({ ...mock.credentials, endpoint: mock.endpoint, clock });
    await client.getServerInfo();
    const visa = mock.calls.at(-1)?.issuedVisa;
    expect(visa).toMatch(/^\d+-\d+-1-\d+-/);
    const leaks = await leaksFrom(
      () => new CoveAuthError(`visa ${visa} was refused`, { method: 'EnumeratePartners', code: 1701 }),
    );
    expect(leaks[0]).toMatchObject({ source: 'a visa the Cove mock issued', where: 'CoveAuthError.message' });
  });

  test('records every transport, with no logger or hooks given: a raw secret in a log line fails', async () => {
    const mock = createDBackupMock({ clock: new VirtualClock() });
    server.use(...mock.handlers);
    const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full, rateLimit: false });
    // A secret the SDK cannot know, in a URL it logs: what a defect in URL redaction would look like.
    const planted = 'planted-url-secret-913';
    addSecret(planted, 'the planted secret');
    const leaks = await leaksFrom(() => client.executions.get(planted).catch(() => undefined));
    expect(leaks.map((l) => [l.source, l.where])).toEqual(
      expect.arrayContaining([
        ['the planted secret', 'log line (debug)'],
        ['the planted secret', 'onRequest payload'],
        ['the planted secret', 'onResponse payload'],
      ]),
    );
  });

  test('reads how every client prints: String, JSON.stringify and inspect', async () => {
    const mock = createDBackupMock({ clock: new VirtualClock() });
    const leaks = await leaksFrom(() => {
      const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full });
      // A defect the sweep must catch: a description that shows the key.
      Object.defineProperty(client, 'toString', { value: () => `DBackupClient(${mock.keys.full})` });
    });
    // `inspect` prints the same text, which the sweep reads once.
    expect(leaks.map((l) => l.where)).toEqual(['String(DBackupClient)']);
  });

  test('a server echoing the API key in an error body is caught if the SDK ever stops masking it', async () => {
    const mock = createDBackupMock({ clock: new VirtualClock() });
    server.use(
      http.get(`${mock.baseUrl}/api/health`, ({ request }) =>
        HttpResponse.json({ error: `bad key ${request.headers.get('authorization')}` }, { status: 500 }),
      ),
    );
    const client = new DBackupClient({
      baseUrl: mock.baseUrl,
      apiKey: mock.keys.full,
      rateLimit: false,
      retry: { maxRetries: 0 },
    });
    // Masked by the SDK: nothing to report.
    expect(await leaksFrom(() => client.health().catch(() => undefined))).toEqual([]);
  });
});
