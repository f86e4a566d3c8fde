/**
 * Fault injection for retry tests: queued canned responses (or network errors) that pre-empt the
 * next matching requests, consumed in the order they were added.
 *
 * @internal
 * @module
 */
import { HttpResponse } from 'msw';
import type { DBackupMockFaultMatch, DBackupMockFaultResponse } from './types';

interface Fault {
  method: string | undefined;
  path: string | RegExp;
  response: DBackupMockFaultResponse | 'network-error';
  remaining: number;
}

/** FIFO queue of injected faults. */
export class FaultQueue {
  #faults: Fault[] = [];

  /** Queues `response` for the next `times` requests matching `match`. */
  add(
    match: DBackupMockFaultMatch,
    response: DBackupMockFaultResponse | 'network-error',
    times: number,
  ): void {
    if (!(times >= 1)) throw new RangeError(`failNext: times must be at least 1 (got ${times}).`);
    this.#faults.push({ method: match.method?.toUpperCase(), path: match.path, response, remaining: times });
  }

  /** Takes the first fault matching the request, building its response, or returns undefined. */
  take(method: string, pathname: string): Response | undefined {
    const index = this.#faults.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (typeof f.path === 'string' ? f.path === pathname : f.path.test(pathname)),
    );
    const fault = this.#faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(index, 1);
    return build(fault.response);
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#faults = [];
  }
}

function build(response: DBackupMockFaultResponse | 'network-error'): Response {
  if (response === 'network-error') return HttpResponse.error();
  const headers = new Headers(response.headers);
  if (response.body !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new HttpResponse(JSON.stringify(response.body), { status: response.status, headers });
  }
  if (response.text !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    return new HttpResponse(response.text, { status: response.status, headers });
  }
  return new HttpResponse(null, { status: response.status, headers });
}
