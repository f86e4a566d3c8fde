import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import { DBackupNotFoundError } from '../../src/dbackup';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();

/**
 * A realistic, repeatable network: every request reaches the server 2–60 ms after the client sent
 * it (a fresh TLS connection per request, as the recordings show), varying from one to the next.
 */
const jitter = (_request: Request, index: number) => {
  let x = index + 1; // murmur3's finaliser: a fixed, well-mixed sequence
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return 2 + (((x ^ (x >>> 16)) >>> 0) % 59);
};

describe('pacing against DBackup’s fixed 60 s window, counted from the first request the server sees', () => {
  it('a read loop at the limit runs 3 full windows with zero 429s', async () => {
    const { client, mock, clock } = setup({ mock: { networkDelayMs: jitter } });
    const start = clock.now();
    for (let i = 0; i < 300; i++) await client.executions.get(IDS.executions.success);
    const statuses = mock.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(statuses).toHaveLength(300);
    // 300 reads at 100 per window: two waits of one window plus the safety margin, no penalties.
    const elapsed = clock.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(120_000);
    expect(elapsed).toBeLessThan(130_000);
  });

  it('without the margin the same loop gets 429s: the server’s window is not the client’s', async () => {
    const { client, mock } = setup({
      mock: { networkDelayMs: jitter },
      client: { rateLimit: { safetyMarginMs: 0 } },
    });
    for (let i = 0; i < 300; i++) await client.executions.get(IDS.executions.success);
    expect(mock.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('a write loop at the limit runs 3 full windows with zero 429s', async () => {
    const { client, mock } = setup({ mock: { networkDelayMs: jitter } });
    for (let i = 0; i < 60; i++) {
      // The limiter counts before routing: a cancel of an unknown run is a cheap write.
      await expect(client.executions.cancel(`missing-${i}`)).rejects.toBeInstanceOf(DBackupNotFoundError);
    }
    const statuses = mock.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(statuses).toHaveLength(60);
  });

  it('rejects a safety margin that is not a duration', () => {
    for (const safetyMarginMs of [-1, Number.NaN, 600_001]) {
      expect(() => setup({ client: { rateLimit: { safetyMarginMs } } })).toThrow(ConfigError);
    }
  });

  it('the mock’s window is fixed from the first request it sees, after the network delay', async () => {
    const { mock, clock } = setup({ mock: { networkDelayMs: (_r, i) => (i === 0 ? 500 : 0) } });
    const send = () =>
      fetch(`${mock.baseUrl}/api/health`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    const sentAt = clock.now();
    await send(); // seen 500 ms after it was sent: the window opens then
    for (let i = 1; i < 100; i++) await send();
    clock.advance(60_000 - (clock.now() - sentAt)); // the sender's own 60 s are over …
    expect((await send()).status).toBe(429); // … but not the server's
    clock.advance(500);
    expect((await send()).status).toBe(200);
  });
});
