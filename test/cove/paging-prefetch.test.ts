/**
 * `iterateAccountStatistics` reads the next page while the rows of a full page are handed out, so
 * the caller's work overlaps the wait. That must change nothing else: a failure still surfaces only
 * when its page is reached, and a caller that stops early aborts the read in flight.
 */
import { describe, expect, it } from 'vitest';
import { CoveHttpError } from '../../src/cove';
import { coveServer } from './harness';

const { use } = coveServer();
const pageStarts = (calls: readonly { method: string; params: unknown }[]) =>
  calls
    .filter((call) => call.method === 'EnumerateAccountStatistics')
    .map((call) => (call.params as { query: { StartRecordNumber: number } }).query.StartRecordNumber);

describe('iterateAccountStatistics reads ahead', () => {
  it('asks for the next page before the caller has finished the current one', async () => {
    const { mock, client } = use({ devices: 30 });
    const rows = client.iterateAccountStatistics({
      partnerId: mock.rootPartnerId,
      columns: ['I1'],
      pageSize: 10,
    });
    const iterator = rows[Symbol.asyncIterator]();
    await iterator.next(); // the first row of page 1
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pageStarts(mock.calls)).toEqual([0, 10]);
    await iterator.return?.();
  });

  it('delivers every row once, in order, and stops after the short page', async () => {
    const { mock, client } = use({ devices: 25 });
    const ids: number[] = [];
    for await (const row of client.iterateAccountStatistics({
      partnerId: mock.rootPartnerId,
      columns: ['I1'],
      pageSize: 10,
    }))
      ids.push(row.accountId);
    expect(ids).toEqual(mock.devices.map((device) => device.id));
    expect(pageStarts(mock.calls)).toEqual([0, 10, 20]);
  });

  it('a page that fails is reported when it is reached, after the rows before it', async () => {
    const { mock, client } = use({ devices: 30 });
    const rows = client.iterateAccountStatistics({
      partnerId: mock.rootPartnerId,
      columns: ['I1'],
      pageSize: 10,
      pageRetries: 0,
    });
    const seen: number[] = [];
    let failure: unknown;
    let first = true;
    try {
      for await (const row of rows) {
        if (first) {
          // Page 2 is read ahead now and fails (and again for any resend): nothing may be lost.
          mock.failNext('EnumerateAccountStatistics', { httpStatus: 400 }, 5);
          first = false;
        }
        seen.push(row.accountId);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } catch (error) {
      failure = error;
    }
    expect(seen).toHaveLength(10);
    expect(failure).toBeInstanceOf(CoveHttpError);
  });

  it('a caller that stops early aborts the page being read ahead, and nothing is left unhandled', async () => {
    const { mock, client } = use({ devices: 30 });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const row of client.iterateAccountStatistics({
        partnerId: mock.rootPartnerId,
        columns: ['I1'],
        pageSize: 10,
      })) {
        if (row.accountId !== undefined) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(unhandled).toEqual([]);
      // At most the page read ahead went out; no further page was asked for.
      expect(pageStarts(mock.calls).length).toBeLessThanOrEqual(2);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
