/**
 * A call whose `totalTimeoutMs` runs out while it waits in the rate limiter (issue 10, defect 7)
 * gives its place back: it never takes a slot later, never fires `onRequest`, never sends.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock';
import { AbortError, TimeoutError } from '../../src/core/errors';
import type { RequestEvent } from '../../src/core/http';
import { DBackupClient } from '../../src/dbackup';
import { createDBackupMock } from '../../src/testing/dbackup';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A clock whose time moves only on `advance()` (VirtualClock jumps ahead when all are asleep). */
class ManualClock implements Clock {
  #now = Date.UTC(2026, 0, 1);
  #sleepers: { until: number; wake: () => void }[] = [];
  now = () => this.#now;
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper = { until: this.#now + ms, wake: resolve };
      signal?.addEventListener('abort', () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(new AbortError('aborted'));
      });
      if (signal?.aborted) reject(new AbortError('aborted'));
      else this.#sleepers.push(sleeper);
    });
  }
  advance(ms: number) {
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.until <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.until > this.#now);
    for (const s of due) s.wake();
  }
}

const settle = async () => {
  for (let i = 0; i < 30; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('totalTimeoutMs while queued in the rate limiter', () => {
  for (const bucket of ['get', 'mutation'] as const) {
    it(`${bucket}: the timed-out waiter gives its slot back and fires no phantom onRequest`, async () => {
      const clock = new ManualClock();
      const mock = createDBackupMock();
      server.use(...mock.handlers);
      const requests: RequestEvent[] = [];
      const client = new DBackupClient({
        baseUrl: mock.baseUrl,
        apiKey: mock.keys.full,
        clock,
        totalTimeoutMs: 400,
        rateLimit: { get: 1, mutation: 1, windowMs: 60_000 },
        hooks: { onRequest: (e) => requests.push(e) },
      });
      const call =
        bucket === 'get'
          ? () => client.jobs.list()
          : () =>
              client.executions.cancel('00000000-0000-4000-8000-000000000000').catch((error: unknown) => {
                if (error instanceof TimeoutError) throw error;
                return 'answered (404)';
              });
      await call(); // takes the only slot of the window
      const queued = await Promise.allSettled([call(), call(), call()]);
      for (const outcome of queued) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(TimeoutError);
      }
      expect(requests).toHaveLength(1);
      // The window passes: the timed-out waiters must not wake up, claim slots or fire hooks.
      clock.advance(60_000);
      await settle();
      clock.advance(60_000);
      await settle();
      expect(requests).toHaveLength(1);
      // …so the next call gets a slot at once.
      await call();
      expect(requests).toHaveLength(2);
    });
  }
});
