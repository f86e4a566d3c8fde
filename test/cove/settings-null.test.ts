/**
 * A Cove Settings value of `null` (issue 10, defect 11) is absent, not the text "null": the
 * column is listed in `missing`, nothing lands in `raw`, and the run feed keeps the run.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoveClient } from '../../src/cove';
import { decodeSettings } from '../../src/cove/columns';
import { BackupRunSchema, normalizeRun } from '../../src/normalize';
import { collectRuns } from '../../src/runs';
import { VirtualClock } from '../../src/testing/clock';
import { createCoveMock } from '../../src/testing/cove';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('null Settings values', () => {
  it('decodeSettings treats null as absent, for every column kind', () => {
    const requested = ['I1', 'I14', 'D09F00', 'D09F15', 'I78', 'D01F00', 'AA843'] as const;
    const decoded = decodeSettings(
      [
        { I1: 'fs01' },
        { I14: null },
        { D09F00: null },
        { D09F15: null },
        { I78: null },
        { D01F00: null },
        { AA843: null },
      ],
      requested,
    );
    expect(decoded.raw).toEqual({ I1: 'fs01' });
    expect(decoded.values).toEqual({ I1: 'fs01' });
    expect(decoded.missing).toEqual(['I14', 'D09F00', 'D09F15', 'I78', 'D01F00', 'AA843']);
    expect(decoded.invalid).toEqual([]);
    expect(Object.values(decoded.raw)).not.toContain('null');
  });

  it('a null does not hide a later real value for the same column', () => {
    const decoded = decodeSettings([{ D09F00: null }, { D9F0: '5' }], ['D09F00']);
    expect(decoded.raw).toEqual({ D09F00: '5' });
    expect(decoded.missing).toEqual([]);
  });

  it('normalizeRun and collectRuns keep a device whose optional columns are null', async () => {
    const clock = new VirtualClock();
    const mock = createCoveMock({ clock, devices: 12 });
    server.use(
      http.post(mock.endpoint, async ({ request }) => {
        if (request.headers.has('x-inner')) return undefined;
        const text = await request.clone().text();
        if (!text.includes('EnumerateAccountStatistics')) return undefined;
        const inner = await fetch(mock.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-inner': '1' },
          body: text,
        });
        const body = (await inner.json()) as {
          result?: { result?: { Settings: Record<string, unknown>[] }[] };
        };
        for (const row of body.result?.result ?? []) {
          row.Settings = row.Settings.map((entry) => {
            const [code] = Object.keys(entry);
            return code === 'I1' || code === 'D09F00' || code === 'D09F15'
              ? entry
              : { [code as string]: null };
          });
        }
        return HttpResponse.json(body);
      }),
      ...mock.handlers,
    );
    const client = new CoveClient({ ...mock.credentials, endpoint: mock.endpoint, clock });
    const { partnerId } = await client.login();
    const page = await client.enumerateAccountStatistics({
      partnerId,
      columns: ['I1', 'D09F00', 'D09F15', 'D09F06'],
    });
    for (const row of page.rows) {
      expect(Object.values(row.raw)).not.toContain('null');
      expect(row.missing).toContain('D09F06');
      const run = normalizeRun({ source: 'cove', statistics: row });
      expect(BackupRunSchema.parse(run)).toEqual(run);
    }
    const feed = await collectRuns({ cove: { client, partnerId, instance: 'acme' } });
    expect(feed.errors).toEqual([]);
    expect(feed.runs).toHaveLength(mock.devices.length);
  });
});
