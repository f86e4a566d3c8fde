/**
 * The Cove mock's seeded fault profile (`faults`) and per-Login visa budget
 * (`visaExpiresAfterCalls`), spoken to with raw `fetch` so that what the mock sends is seen as is.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/testing/clock';
import { type CoveMock, type CoveMockOptions, createCoveMock } from '../../src/testing/cove';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

function start(options: CoveMockOptions): CoveMock {
  const cove = createCoveMock({ clock: new VirtualClock(), ...options });
  server.resetHandlers(...cove.handlers);
  return cove;
}

type Outcome = 'ok' | 'http502' | 'dropConnection' | 'malformedBody' | `error ${number}`;

/** Sends one call and says what came back. */
async function send(
  cove: CoveMock,
  method: string,
  params: Record<string, unknown>,
  visa?: string,
): Promise<{ outcome: Outcome; visa?: string }> {
  let response: Response;
  try {
    response = await fetch(cove.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params, ...(visa ? { visa } : {}) }),
    });
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError); // what fetch throws for a dropped connection
    return { outcome: 'dropConnection' };
  }
  const text = await response.text();
  if (response.status === 502) {
    expect(text).toBe('502 Bad Gateway');
    return { outcome: 'http502' };
  }
  expect(response.status).toBe(200);
  let body: { error?: { data: number }; visa?: string };
  try {
    body = JSON.parse(text);
  } catch {
    expect(text.startsWith('{"id":1,')).toBe(true); // the real answer, cut short
    return { outcome: 'malformedBody' };
  }
  if (body.error) return { outcome: `error ${body.error.data}` };
  return { outcome: 'ok', ...(body.visa ? { visa: body.visa } : {}) };
}

const login = (cove: CoveMock) => send(cove, 'Login', { ...cove.credentials });

describe('faults', () => {
  const profile = { seed: 11, http502: 0.2, dropConnection: 0.1, malformedBody: 0.1 };

  async function run(
    options: CoveMockOptions,
    calls = 100,
  ): Promise<{ cove: CoveMock; outcomes: Outcome[] }> {
    const cove = start(options);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < calls; i++) outcomes.push((await send(cove, 'GetServerInfo', {})).outcome);
    return { cove, outcomes };
  }

  it('draws each kind at about its rate, and records it in the call log', async () => {
    const { cove, outcomes } = await run({ faults: profile }, 400);
    const count = (kind: Outcome) => outcomes.filter((o) => o === kind).length;
    expect(count('http502')).toBeGreaterThan(55);
    expect(count('http502')).toBeLessThan(105);
    expect(count('dropConnection')).toBeGreaterThan(20);
    expect(count('dropConnection')).toBeLessThan(60);
    expect(count('malformedBody')).toBeGreaterThan(20);
    expect(count('malformedBody')).toBeLessThan(60);
    // No visa was sent, so every call without a fault is refused with 1701.
    expect(count('error 1701')).toBe(
      400 - count('http502') - count('dropConnection') - count('malformedBody'),
    );
    expect(cove.calls.map((c) => c.fault ?? 'error 1701')).toEqual(outcomes);
    expect(cove.calls.filter((c) => c.httpStatus === 502)).toHaveLength(count('http502'));
  });

  it('is deterministic from the seed, and reset() restarts the sequence', async () => {
    const first = await run({ faults: profile });
    const again = await run({ faults: profile });
    const other = await run({ faults: { ...profile, seed: 12 } });
    expect(again.outcomes).toEqual(first.outcomes);
    expect(other.outcomes).not.toEqual(first.outcomes);
    first.cove.reset();
    server.resetHandlers(...first.cove.handlers);
    const replay: Outcome[] = [];
    for (let i = 0; i < 100; i++) replay.push((await send(first.cove, 'GetServerInfo', {})).outcome);
    expect(replay).toEqual(first.outcomes);
  });

  it('applies only to the listed methods; failNext wins over a drawn fault', async () => {
    const cove = start({ faults: { seed: 3, http502: 1, methods: ['GetServerInfo'] } });
    expect((await login(cove)).outcome).toBe('ok');
    expect((await send(cove, 'GetServerInfo', {})).outcome).toBe('http502');
    cove.failNext('GetServerInfo', { data: 13501 });
    expect((await send(cove, 'GetServerInfo', {})).outcome).toBe('error 13501');
    expect(cove.calls.map((c) => c.fault)).toEqual([undefined, 'http502', undefined]);
  });

  it('a malformed body is cut from a call that was processed: its visa was issued', async () => {
    const cove = start({ faults: { seed: 5, malformedBody: 1, methods: ['GetPartnerInfoById'] } });
    const { visa } = await login(cove);
    expect((await send(cove, 'GetPartnerInfoById', { partnerId: cove.rootPartnerId }, visa)).outcome).toBe(
      'malformedBody',
    );
    const call = cove.calls.at(-1);
    expect(call?.fault).toBe('malformedBody');
    expect(call?.issuedVisa).toMatch(/^\d+-\d+-1-\d+-[0-9A-F]{40}$/);
  });

  it.each([
    [{ seed: 1, http502: 1.5 }, /faults\.http502/],
    [{ seed: 1, dropConnection: -0.1 }, /faults\.dropConnection/],
    [{ seed: 1, malformedBody: Number.NaN }, /faults\.malformedBody/],
    [{ seed: 1, http502: 0.6, dropConnection: 0.3, malformedBody: 0.2 }, /add up to/],
    [{ seed: 1.5 }, /faults\.seed/],
  ])('refuses a bad profile %j', (faults, message) => {
    expect(() => createCoveMock({ faults })).toThrow(message);
  });
});

describe('visaExpiresAfterCalls', () => {
  it("accepts a Login's visas for that many calls, then answers 1701 until the next Login", async () => {
    const cove = start({ visaExpiresAfterCalls: 3 });
    const first = await login(cove);
    let visa = first.visa;
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await send(cove, 'GetPartnerInfoById', { partnerId: cove.rootPartnerId }, visa);
      outcomes.push(answer.outcome);
      visa = answer.visa;
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok']);
    // The whole chain is spent: the newest visa, and the Login's own.
    expect((await send(cove, 'GetPartnerInfoById', { partnerId: cove.rootPartnerId }, visa)).outcome).toBe(
      'error 1701',
    );
    expect(
      (await send(cove, 'GetPartnerInfoById', { partnerId: cove.rootPartnerId }, first.visa)).outcome,
    ).toBe('error 1701');
    const second = await login(cove);
    expect(
      (await send(cove, 'GetPartnerInfoById', { partnerId: cove.rootPartnerId }, second.visa)).outcome,
    ).toBe('ok');
  });

  it('counts per Login: two Logins have separate budgets', async () => {
    const cove = start({ visaExpiresAfterCalls: 1 });
    const a = await login(cove);
    const b = await login(cove);
    const get = (visa?: string) => send(cove, 'GetPartnerInfoById', { partnerId: cove.rootPartnerId }, visa);
    expect((await get(a.visa)).outcome).toBe('ok');
    expect((await get(b.visa)).outcome).toBe('ok');
    expect((await get(a.visa)).outcome).toBe('error 1701');
    expect((await get(b.visa)).outcome).toBe('error 1701');
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses %s', (value) => {
    expect(() => createCoveMock({ visaExpiresAfterCalls: value })).toThrow(/visaExpiresAfterCalls/);
  });
});
