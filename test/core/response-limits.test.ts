/**
 * Response size cap (issue 10, defect 5). Download streams are exempt; their time-outs are tested
 * against a real socket in `download-stream.test.ts`.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ResponseTooLargeError, SdkError } from '../../src/core/errors';
import { CoveClient } from '../../src/cove';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { dbackupOn } from './mock-clients';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MiB = 1024 * 1024;

/** A body stream of `chunks` chunks of `size` bytes (endless when `chunks` is Infinity), counting what was pulled. */
function source(chunks: number, size = 64 * 1024) {
  const stats = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(size).fill(0x5b); // '['
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) {
        controller.close();
        return;
      }
      sent += 1;
      stats.pulled += size;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

const dbackup = (options: Record<string, unknown> = {}) =>
  dbackupOn(server, { retry: { maxRetries: 0 }, ...options });

describe('maxResponseBytes', () => {
  it('refuses a body whose Content-Length is over the cap without reading it', async () => {
    const { mock, client } = dbackup({ maxResponseBytes: 1000 });
    const { stream, stats } = source(100);
    server.use(
      http.get(
        `${mock.baseUrl}/api/jobs`,
        () =>
          new HttpResponse(stream, {
            headers: { 'content-type': 'application/json', 'content-length': String(100 * 64 * 1024) },
          }),
      ),
    );
    const error = await client.jobs.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(SdkError);
    expect((error as ResponseTooLargeError).limit).toBe(1000);
    expect((error as Error).message).toMatch(/maxResponseBytes/);
    // Only what the mock pipeline buffers ahead (a few chunks) of the 6.4 MB body was produced.
    expect(stats.pulled).toBeLessThanOrEqual(8 * 64 * 1024);
  });

  it('an endless body without Content-Length ends at the cap, not in memory exhaustion', async () => {
    const { mock, client } = dbackup({ maxResponseBytes: MiB });
    const { stream, stats } = source(Number.POSITIVE_INFINITY);
    server.use(
      http.get(
        `${mock.baseUrl}/api/jobs`,
        () => new HttpResponse(stream, { headers: { 'content-type': 'application/json' } }),
      ),
    );
    const error = await client.jobs.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(stats.pulled).toBeLessThanOrEqual(MiB + 8 * 64 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stats.cancelled).toBe(true);
  });

  it('the default is 64 MiB: a larger declared body is refused, a body under the cap is read', async () => {
    const { mock, client } = dbackup();
    server.use(
      http.get(
        `${mock.baseUrl}/api/jobs`,
        () =>
          new HttpResponse(source(1).stream, {
            headers: { 'content-type': 'application/json', 'content-length': String(64 * MiB + 1) },
          }),
      ),
    );
    const error = await client.jobs.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limit).toBe(64 * MiB);
    server.resetHandlers(...dbackup().mock.handlers);
  });

  it('is overridable per call, both ways', async () => {
    const { client } = dbackup({ maxResponseBytes: 100 });
    await expect(client.jobs.list()).rejects.toBeInstanceOf(ResponseTooLargeError);
    const jobs = await client.jobs.list({ maxResponseBytes: 10 * MiB });
    expect(jobs.length).toBeGreaterThan(0);
    const { client: roomy } = dbackup();
    await expect(roomy.jobs.list({ maxResponseBytes: 100 })).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('Cove: a statistics page over the cap is a typed error', async () => {
    const clock = new VirtualClock();
    const mock = createCoveMock({ clock, devices: 200 });
    server.use(...mock.handlers);
    const client = new CoveClient({
      ...mock.credentials,
      endpoint: mock.endpoint,
      clock,
      maxResponseBytes: 20_000,
    });
    const { partnerId } = await client.login();
    const error = await client
      .enumerateAccountStatistics({ partnerId, columns: ['I1', 'D09F00', 'D09F15', 'I14', 'I18'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    const page = await client.enumerateAccountStatistics(
      { partnerId, columns: ['I1', 'D09F00'] },
      { maxResponseBytes: 10 * MiB },
    );
    expect(page.rows).toHaveLength(200);
  });

  it('refuses a bad maxResponseBytes before any request', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, '1000', null]) {
      expect(() => dbackup({ maxResponseBytes: bad })).toThrow(/maxResponseBytes/);
    }
  });
});

describe('download streams', () => {
  it('are exempt from maxResponseBytes', async () => {
    const { mock, client } = dbackup({ maxResponseBytes: 1000 });
    const { stream } = source(8, 1024);
    server.use(
      http.get(
        `${mock.baseUrl}/api/storage/:id/download`,
        () => new HttpResponse(stream, { headers: { 'content-type': 'application/octet-stream' } }),
      ),
    );
    const download = await client.storage.download(IDS.adapters.localPrimary, 'big.sql.gz');
    const bytes = await new Response(download.body).arrayBuffer();
    expect(bytes.byteLength).toBe(8 * 1024);
  });
});
