import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/testing/clock';
import {
  COVE_MOCK_RESTRICTED_COLUMNS,
  type CoveMock,
  type CoveMockOptions,
  createCoveMock,
} from '../../src/testing/cove';

// The mock's `restricted` preset (Backupchecks' live tenant) and `advanceSession`, at the wire level.
interface RpcBody {
  result?: { result?: unknown } & Record<string, unknown>;
  error?: { code: number; data?: number; message: string };
  visa?: string;
}
interface StatsRow {
  AccountId: number;
  Settings: Record<string, string | string[]>[];
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

function start(options: CoveMockOptions = {}): { cove: CoveMock; clock: VirtualClock } {
  const clock = new VirtualClock();
  const cove = createCoveMock({ clock, quirks: { unrequestedI78Rate: 0, arrayValueRate: 0 }, ...options });
  server.resetHandlers(...cove.handlers);
  return { cove, clock };
}

async function call(cove: CoveMock, method: string, params: unknown, visa?: string): Promise<RpcBody> {
  const response = await fetch(cove.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: '1', method, params, ...(visa ? { visa } : {}) }),
  });
  return (await response.json()) as RpcBody;
}

async function statistics(cove: CoveMock, visa: string, columns: readonly string[]) {
  return call(
    cove,
    'EnumerateAccountStatistics',
    { query: { PartnerId: cove.rootPartnerId, Columns: columns, RecordsCount: 1000 } },
    visa,
  );
}

const flatten = (row: StatsRow) => Object.assign({}, ...row.Settings) as Record<string, string>;

describe('Cove mock: restricted preset', () => {
  it('Login returns only PartnerId, Name and Flags', async () => {
    const { cove } = start({ preset: 'restricted' });
    const body = await call(cove, 'Login', cove.credentials);
    expect(body.result?.result).toEqual({
      Flags: ['SecurityOfficer', 'NonInteractive'],
      Name: cove.credentials.username,
      PartnerId: cove.rootPartnerId,
    });
    expect(typeof body.visa).toBe('string');
  });

  it('allows exactly the allow-list, in any notation, and refuses anything else with 13501', async () => {
    const { cove } = start({ preset: 'restricted' });
    const visa = (await call(cove, 'Login', cove.credentials)).visa!;
    const allowed = await statistics(cove, visa, COVE_MOCK_RESTRICTED_COLUMNS);
    expect(allowed.error).toBeUndefined();
    expect((allowed.result?.result as StatsRow[] | undefined)?.length).toBe(cove.devices.length);
    const unpadded = await statistics(cove, allowed.visa!, ['D9F0', 'D1F6']);
    expect(unpadded.error).toBeUndefined();
    for (const extra of ['D09F15', 'I0', 'D02F00', 'TG']) {
      const refused = await statistics(cove, unpadded.visa!, [...COVE_MOCK_RESTRICTED_COLUMNS, extra]);
      expect(refused.error?.data, extra).toBe(13501);
    }
    // EnumerateAccounts is refused for this role, as Backupchecks saw.
    const accounts = await call(cove, 'EnumerateAccounts', { partnerId: cove.rootPartnerId }, unpadded.visa);
    expect(accounts.error?.data).toBe(13501);
  });

  it('explicit options override the preset', async () => {
    const { cove } = start({ preset: 'restricted', loginResult: 'full', refusedMethods: [] });
    const body = await call(cove, 'Login', cove.credentials);
    expect((body.result?.result as { Id?: number } | undefined)?.Id).toBe(50193);
    const accounts = await call(cove, 'EnumerateAccounts', { partnerId: cove.rootPartnerId }, body.visa);
    expect(accounts.error).toBeUndefined();
  });
});

describe('Cove mock: advanceSession', () => {
  it('gives a device a new last session: new time, figures and status; other devices unchanged', async () => {
    const { cove, clock } = start({ devices: 12 });
    const device = cove.devices.find((d) => d.status === 5 && d.column('D01F00') !== undefined)!;
    const other = cove.devices.find((d) => d.id !== device.id && d.status !== 0)!;
    const columns = ['D09F00', 'D09F15', 'D09F06', 'D01F00', 'D01F01', 'D01F02', 'D01F05', 'D01F15'];
    const visa = (await call(cove, 'Login', cove.credentials)).visa!;
    const read = async (v: string) => {
      const body = await statistics(cove, v, columns);
      expect(body.error).toBeUndefined();
      const rows = body.result?.result as StatsRow[];
      const byId = (id: number) => flatten(rows.find((r) => r.AccountId === id)!);
      return { mine: byId(device.id), theirs: byId(other.id), visa: body.visa! };
    };
    const before = await read(visa);
    clock.advance(3_600_000);
    cove.advanceSession(device.id, { status: 2 });
    const after = await read((await call(cove, 'Login', cove.credentials)).visa!);
    expect(after.theirs).toEqual(before.theirs);
    expect(after.mine.D09F00).toBe('2');
    expect(after.mine.D01F00).toBe('2');
    expect(Number(after.mine.D09F15)).toBe(Math.floor(clock.now() / 1000));
    expect(after.mine.D01F15).toBe(after.mine.D09F15);
    expect(Number(after.mine.D09F06)).toBeGreaterThan(0);
    expect(after.mine.D01F02).not.toBe(before.mine.D01F02);
    expect(device.status).toBe(2);
    // Same status again: still a new session with new figures and time.
    clock.advance(60_000);
    cove.advanceSession(device.id);
    const again = await read(after.visa);
    expect(again.mine.D09F00).toBe('2');
    expect(Number(again.mine.D09F15)).toBeGreaterThan(Number(after.mine.D09F15));
  });

  it('refuses an unknown device and a device that never backs up', () => {
    const { cove } = start({ devices: 12 });
    expect(() => cove.advanceSession(1)).toThrow(/no device 1/);
    const never = cove.devices.find((d) => d.status === 0)!;
    expect(() => cove.advanceSession(never.id)).toThrow(/never backs up/);
  });
});
