/**
 * `dbackup.executions`: read one execution, cancel it, or wait until it finishes.
 *
 * @module
 */
import { checkCallOptions } from '../core/arguments';
import { withDeadline } from '../core/deadline';
import { ConfigError, TimeoutError } from '../core/errors';
import { type DBackupCallOptions, type DBackupRequester, describe, segment } from './request';
import {
  type DBackupCancelExecutionResult,
  type DBackupExecution,
  dbackupCancelExecutionResultSchema,
  dbackupExecutionResponseSchema,
  isDBackupTerminalStatus,
} from './schemas';

/** Options for {@link ExecutionsResource.get}. */
export interface GetExecutionOptions extends DBackupCallOptions {
  /** Include the log entries (sent as the exact string `true`, the only value DBackup honours). */
  includeLogs?: boolean;
}

/** Options for {@link ExecutionsResource.waitFor}. */
export interface WaitForOptions {
  /** Time between polls in milliseconds. Default `2000`. */
  intervalMs?: number;
  /**
   * Give up after this many milliseconds with a `TimeoutError` (the run carries on in DBackup).
   * Default one hour. A cancelled run may stay `Running` for a minute or more before it stops.
   */
  timeoutMs?: number;
  /** Stops waiting (and any request in flight) with an `AbortError`. */
  signal?: AbortSignal;
  /**
   * Called with the first snapshot and then whenever the status, stage or progress changes. An
   * exception it throws ends the wait and is passed on.
   */
  onProgress?: (execution: DBackupExecution) => void;
  /** Ask for logs on every poll (heavier). Default `false`; the final snapshot is fetched with logs either way. */
  includeLogs?: boolean;
}

const HOUR = 60 * 60 * 1000;

/**
 * Checks the options of `waitFor` (and of `jobs.runAndWait`, before it queues the run): the
 * per-call options, a non-negative `intervalMs` and a function `onProgress`.
 *
 * @throws ConfigError before any request.
 */
export function checkWaitForOptions<T extends WaitForOptions>(options: T | undefined, where: string): T {
  const checked = checkCallOptions(options, where);
  const { intervalMs, onProgress } = checked;
  if (
    intervalMs !== undefined &&
    (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0)
  ) {
    throw new ConfigError(
      `${where}: \`intervalMs\` must be a non-negative number (got ${describe(intervalMs)}).`,
    );
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ConfigError(`${where}: \`onProgress\` must be a function (got ${describe(onProgress)}).`);
  }
  return checked;
}

/** The `executions` resource. */
export class ExecutionsResource {
  readonly #http: DBackupRequester;

  /** @internal */
  constructor(http: DBackupRequester) {
    this.#http = http;
  }

  /** `GET /api/executions/:id` (`history:read`): status, progress, times, size, error and optional logs. */
  async get(id: string, options: GetExecutionOptions = {}): Promise<DBackupExecution> {
    const path = `/api/executions/${segment(id, 'id')}`;
    options = checkCallOptions(options, 'executions.get');
    const body = await this.#http.json(
      {
        method: 'GET',
        path,
        route: 'GET /api/executions/:id',
        query: options.includeLogs ? { includeLogs: 'true' } : undefined,
        idempotent: true,
      },
      dbackupExecutionResponseSchema,
      options,
    );
    return body.data;
  }

  /**
   * `POST /api/executions/:id/cancel` (`jobs:execute`). A Pending run is cancelled at once; a
   * Running one gets a cancellation signal and stops at its next stage boundary. Not retried.
   */
  async cancel(id: string, options?: DBackupCallOptions): Promise<DBackupCancelExecutionResult> {
    const path = `/api/executions/${segment(id, 'id')}/cancel`;
    return this.#http.json(
      { method: 'POST', path, route: 'POST /api/executions/:id/cancel', idempotent: false },
      dbackupCancelExecutionResultSchema,
      options,
    );
  }

  /**
   * Polls an execution until it reaches a terminal status (`Success`, `Partial`, `Failed` or
   * `Cancelled`, or any status once `endedAt` is set) and returns that final snapshot, with logs.
   * It does not throw for a failed run: check `status`.
   *
   * @throws TimeoutError when `timeoutMs` passes first; AbortError when `signal` aborts.
   */
  async waitFor(id: string, options: WaitForOptions = {}): Promise<DBackupExecution> {
    options = checkWaitForOptions(options, 'executions.waitFor');
    segment(id, 'id');
    const intervalMs = options.intervalMs ?? 2000;
    const timeoutMs = options.timeoutMs ?? HOUR;
    const clock = this.#http.transport.clock;
    const deadline = clock.now() + timeoutMs;
    const { signal, onProgress, includeLogs } = options;
    let last: DBackupExecution | undefined;
    let fingerprint = '';
    const timedOut = () =>
      new TimeoutError(
        `Execution ${id} was still ${last?.statusText ?? 'not read'} (stage ${last?.stage ?? 'unknown'}) after ${timeoutMs} ms. ` +
          'It keeps running in DBackup; wait longer with a larger `timeoutMs`, or cancel it.',
        { method: 'GET', url: '/api/executions/:id' },
        timeoutMs,
      );
    // Each poll is bounded by the time left, so `timeoutMs` is a deadline even for a slow server.
    const poll = (withLogs: boolean | undefined) =>
      withDeadline(signal, deadline - clock.now(), async (bounded, expired) => {
        try {
          return await this.get(id, { signal: bounded, includeLogs: withLogs });
        } catch (error) {
          if (expired() && !signal?.aborted) throw timedOut();
          throw error;
        }
      });
    for (;;) {
      const execution = await poll(includeLogs);
      last = execution;
      const next = `${execution.statusText}|${execution.stage}|${execution.progress}`;
      if (next !== fingerprint) {
        fingerprint = next;
        onProgress?.(execution);
      }
      // DBackup sets endedAt on every terminal status, so a status this SDK does not know yet
      // still ends the wait once the run has ended.
      if (isDBackupTerminalStatus(execution.status) || (execution.endedAt ?? null) !== null) {
        return includeLogs ? execution : poll(true);
      }
      const remaining = deadline - clock.now();
      if (remaining <= 0) throw timedOut();
      await clock.sleep(Math.min(intervalMs, remaining), signal);
    }
  }
}
