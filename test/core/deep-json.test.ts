/**
 * Deeply nested JSON (issue 10, defect 6): ~200 KB of `[` wherever a server can put it ends as an
 * `SdkError` subclass or as readable data, never as a raw `RangeError`.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ResponseValidationError, SdkError } from '../../src/core/errors';
import { CoveClient } from '../../src/cove';
import { decodeSettings } from '../../src/cove/columns';
import { DBackupError } from '../../src/dbackup';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';
import { dbackupOn } from './mock-clients';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DEPTH = 100_000;
const deepText = `${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}`;
const deepValue = () => JSON.parse(deepText) as unknown;

const json = (text: string, status = 200) =>
  new HttpResponse(text, { status, headers: { 'content-type': 'application/json' } });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

function cove() {
  const clock = new VirtualClock();
  const mock = createCoveMock({ clock, devices: 2 });
  server.use(...mock.handlers);
  const client = new CoveClient({
    ...mock.credentials,
    endpoint: mock.endpoint,
    clock,
    retry: { maxRetries: 0 },
  });
  return { mock, client };
}

describe('deeply nested JSON', () => {
  it('DBackup: as a success body (validation excerpt) and inside an error body', async () => {
    const { mock, client } = dbackupOn(server, { retry: { maxRetries: 0 } });
    server.use(http.get(`${mock.baseUrl}/api/jobs`, () => json(deepText)));
    const bad = await failure(client.jobs.list());
    expect(bad).toBeInstanceOf(ResponseValidationError);
    expect((bad as ResponseValidationError).excerpt.length).toBeLessThan(400);
    server.use(
      http.get(`${mock.baseUrl}/api/history`, () => json(`{"error":"x","detail":${deepText}}`, 500)),
    );
    const error = await failure(client.history.list());
    expect(error).toBeInstanceOf(DBackupError);
    expect(() => JSON.stringify(error)).not.toThrow();
  });

  it('Cove: in error.data', async () => {
    const { mock, client } = cove();
    server.use(
      http.post(mock.endpoint, () =>
        json(`{"jsonrpc":"2.0","id":"1","error":{"code":-32603,"message":"m","data":${deepText}}}`),
      ),
    );
    const error = await failure(client.login());
    expect(error).toBeInstanceOf(SdkError);
    expect((error as Error).message.length).toBeLessThan(2_000);
  });

  it('Cove: in a Settings value and in totalStatistics', async () => {
    const decoded = decodeSettings([{ I1: deepValue() }], ['I1']);
    expect(decoded.raw.I1?.length).toBeLessThan(2_000);
    expect(decoded.invalid.length + Object.keys(decoded.values).length).toBeGreaterThan(0);

    const { mock, client } = cove();
    const { partnerId } = await client.login();
    server.use(
      http.post(mock.endpoint, async ({ request }) => {
        const text = await request.clone().text();
        if (!text.includes('EnumerateAccountStatistics')) return undefined;
        return json(
          `{"jsonrpc":"2.0","id":"1","visa":"1-2-3-1700000000-abcdefgh","result":{"result":[{"AccountId":1,"PartnerId":${partnerId},"Flags":[],"Settings":[{"I1":${deepText}},{"D09F00":"5"}]}],"totalStatistics":[{"COUNT(AT==1)":${deepText}}]}}`,
        );
      }),
    );
    const outcome = await client
      .enumerateAccountStatistics({ partnerId, columns: ['I1', 'D09F00'], totals: ['COUNT(AT==1)'] })
      .then(
        (page) => page,
        (e: unknown) => e as Error,
      );
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(SdkError);
    else {
      expect(outcome.rows).toHaveLength(1);
      expect(outcome.rows[0]?.raw.I1?.length).toBeLessThan(2_000);
      expect(outcome.totalStatistics?.['COUNT(AT==1)']?.length).toBeLessThan(2_000);
    }
  });
});
