import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors';
import { SlidingWindowLimiter } from '../../src/core/limiter';
import { VirtualClock } from '../../src/testing/clock';

describe('SlidingWindowLimiter', () => {
  it('never starts more than `limit` requests within any window', async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ limit: 5, windowMs: 1_000, clock });
    const starts: number[] = [];
    for (let i = 0; i < 23; i++) {
      await limiter.acquire();
      starts.push(clock.now());
      clock.advance(37); // some work between requests
    }
    for (let i = 0; i + 5 < starts.length; i++) {
      expect((starts[i + 5] as number) - (starts[i] as number)).toBeGreaterThanOrEqual(1_000);
    }
    // 23 requests at 5/s need at least 4 full windows.
    expect((starts.at(-1) as number) - (starts[0] as number)).toBeGreaterThanOrEqual(4_000);
  });

  it('does not wait while under the limit', async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 1_000, clock });
    expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(0);
    expect(limiter.inWindow()).toBe(3);
    expect(await limiter.acquire()).toBe(1_000);
  });

  it('serves concurrent waiters in arrival order', async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 100, clock });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1) + 200);
  });

  it('penalize() holds every request for a full window', async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ limit: 100, windowMs: 60_000, clock });
    await limiter.acquire();
    limiter.penalize();
    expect(await limiter.acquire()).toBe(60_000);
  });

  it('a caller queued behind others is rejected as soon as it aborts, not when its turn comes', async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000, clock });
    await limiter.acquire();
    const first = limiter.acquire(); // waits a full window
    const controller = new AbortController();
    const second = limiter.acquire(controller.signal);
    const settled = second.then(
      () => 'resolved',
      (e: unknown) => (e as Error).name,
    );
    controller.abort();
    expect(await settled).toBe('AbortError');
    expect(clock.now()).toBeLessThan(Date.UTC(2026, 0, 1) + 60_000); // rejected before the window passed
    await first;
    expect(limiter.inWindow()).toBe(1);
  });

  it('an aborted waiter rejects with AbortError and frees its turn', async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    expect(await limiter.acquire()).toBeGreaterThan(0);
    expect(limiter.inWindow()).toBe(1);
  });
});
