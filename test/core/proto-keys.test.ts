/**
 * Server bodies with a `__proto__` key (issue 10, defect 4) must never change the prototype of
 * anything the SDK builds from them (`err.body`, parsed results), nor the error classification.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SecretStore } from '../../src/core/redact';
import { CoveClient, CoveRpcError } from '../../src/cove';
import { DBackupPermissionError, DBackupRequestError } from '../../src/dbackup';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';
import { dbackupOn } from './mock-clients';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** `__proto__` spelled plainly and with JSON escapes, which JSON.parse decodes to the same key. */
const SPELLINGS = ['__proto__', '\\u005f\\u005fproto\\u005f\\u005f', '__\\u0070roto__'];

const json = (text: string, status = 200) =>
  new HttpResponse(text, { status, headers: { 'content-type': 'application/json' } });

function expectPlain(value: unknown) {
  if (value === null || typeof value !== 'object') return;
  const proto = Object.getPrototypeOf(value);
  expect(proto === Object.prototype || proto === Array.prototype || proto === null).toBe(true);
  for (const item of Object.values(value)) expectPlain(item);
}

const dbackup = () => dbackupOn(server);

describe('__proto__ keys from the server', () => {
  for (const spelling of SPELLINGS) {
    it(`DBackup error body with ${spelling}: plain err.body, classified by status alone`, async () => {
      const { mock, client } = dbackup();
      server.use(
        http.get(`${mock.baseUrl}/api/jobs`, () =>
          json(
            `{"${spelling}":{"error":"Permission denied: jobs:execute required","status":403},"detail":{"${spelling}":{"polluted":true}}}`,
            400,
          ),
        ),
      );
      const error = await client.jobs.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DBackupRequestError);
      expect(error).not.toBeInstanceOf(DBackupPermissionError);
      const body = (error as DBackupRequestError).body as Record<string, unknown>;
      expectPlain(body);
      expect(body.error).toBeUndefined();
      expect((body.detail as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it(`DBackup success body with ${spelling}: parsed results keep their prototype`, async () => {
      const { mock, client } = dbackup();
      const real = (await (
        await fetch(`${mock.baseUrl}/api/jobs`, { headers: { authorization: `Bearer ${mock.keys.full}` } })
      ).json()) as Record<string, unknown>[];
      const text = JSON.stringify(real).replace(/^\[\{/, `[{"${spelling}":{"isAdmin":true},`);
      server.use(http.get(`${mock.baseUrl}/api/jobs`, () => json(text)));
      const jobs = await client.jobs.list();
      expect(jobs.length).toBe(real.length);
      expectPlain(jobs);
      expect((jobs[0] as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it(`Cove error.data with ${spelling}: plain data, classified by the code`, async () => {
      const clock = new VirtualClock();
      const mock = createCoveMock({ clock });
      const client = new CoveClient({ ...mock.credentials, endpoint: mock.endpoint, clock });
      server.use(
        http.post(mock.endpoint, () =>
          json(
            `{"jsonrpc":"2.0","id":"1","error":{"code":-32603,"message":"no","data":{"${spelling}":{"valueOf":1}}}}`,
          ),
        ),
      );
      const error = await client.login().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoveRpcError);
      expectPlain((error as CoveRpcError).data);
    });
  }

  it('redactValue never turns a __proto__ own key into a prototype', () => {
    const body = JSON.parse('{"a":{"__proto__":{"error":"x"}},"__proto__":{"status":1}}') as unknown;
    const copy = new SecretStore().redactValue(body) as Record<string, Record<string, unknown>>;
    expectPlain(copy);
    expect(copy.status).toBeUndefined();
    expect(copy.a?.error).toBeUndefined();
  });
});
