/**
 * `waitFor` cleans up after every poll (issue 10, defect 8): no timer, listener or dependent
 * signal per poll stays behind on a long-lived caller signal until the deadline.
 */
import { getEventListeners } from 'node:events';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();
afterEach(() => vi.restoreAllMocks());

const EXECUTION = '11111111-2222-4333-8444-555555555555';

/** Node keeps the signals composed from this one by `AbortSignal.any` in an internal set. */
function dependants(signal: AbortSignal): number {
  const key = Object.getOwnPropertySymbols(signal).find((s) => s.description === 'kDependantSignals');
  const set = key ? (signal as unknown as Record<symbol, Set<unknown> | undefined>)[key] : undefined;
  return set?.size ?? 0;
}

function execution(status: 'Running' | 'Success') {
  return {
    success: true,
    data: {
      id: EXECUTION,
      jobId: null,
      jobName: null,
      type: 'Backup',
      status,
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: status === 'Success' ? '2026-01-01T01:00:00.000Z' : null,
      duration: null,
    },
  };
}

describe('waitFor leaves nothing behind per poll', () => {
  it('300 polls with a shared signal: no retained listener, dependent signal or pending timer', async () => {
    const { client, mock, server } = setup({ client: { rateLimit: false } });
    let polls = 0;
    server.use(
      http.get(`${mock.baseUrl}/api/executions/:id`, () => {
        polls += 1;
        return HttpResponse.json(execution(polls >= 300 ? 'Success' : 'Running'));
      }),
    );
    const shared = new AbortController();
    const pending = new Set<unknown>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: () => void,
      ms?: number,
      ...rest: unknown[]
    ) => {
      const id = realSet(
        () => {
          pending.delete(id);
          fn();
        },
        ms,
        ...rest,
      );
      pending.add(id);
      return id;
    }) as typeof setTimeout);
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((id: Parameters<typeof clearTimeout>[0]) => {
      pending.delete(id);
      realClear(id);
    }) as typeof clearTimeout);
    const timeoutSignals = vi.spyOn(AbortSignal, 'timeout');

    const done = await client.executions.waitFor(EXECUTION, {
      intervalMs: 10,
      timeoutMs: 3_600_000,
      signal: shared.signal,
    });
    expect(done.status).toBe('Success');
    expect(polls).toBeGreaterThanOrEqual(300);
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    expect(dependants(shared.signal)).toBeLessThanOrEqual(1);
    // Timers still pending after the wait would fire up to an hour later, one per poll.
    const hourTimers = timeoutSignals.mock.calls.filter(([ms]) => ms > 60_000).length;
    expect(hourTimers).toBe(0);
    expect(pending.size).toBeLessThanOrEqual(2);
  });

  it('the deadline still ends a poll the server never answers, with TimeoutError', async () => {
    const { client, mock, server } = setup({ client: { rateLimit: false, retry: { maxRetries: 0 } } });
    server.use(http.get(`${mock.baseUrl}/api/executions/:id`, () => new Promise<Response>(() => undefined)));
    const shared = new AbortController();
    const error = await client.executions
      .waitFor(EXECUTION, { timeoutMs: 50, signal: shared.signal })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });
});
