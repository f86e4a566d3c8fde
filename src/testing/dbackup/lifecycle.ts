/**
 * The execution lifecycle, driven by the clock with no background timers: each queued run has a
 * precomputed {@link RunPlan}, and {@link RunEngine.settle} rewrites the stored execution rows to
 * what the plan says at the current time (Pending → Running with advancing stages → terminal).
 * Completion side effects (backup files, storage snapshots) happen once, in completion order.
 *
 * @internal
 * @module
 */
import { iso } from './fake';
import { flusherMetadata, type PlannedLog, type RunPlan, type StageWindow } from './plans';
import type { DBackupMockExecution, DBackupMockLogEntry, DBackupMockState } from './types';

/** Result of a cancel request, mapped by the route to DBackup's responses. */
export type CancelOutcome =
  | { kind: 'not-found' }
  | { kind: 'finished'; status: string }
  | { kind: 'pending' }
  | { kind: 'running' }
  | { kind: 'forced' };

/** Identity fields of a new execution row. */
export interface ExecutionIdentity {
  id: string;
  jobId: string | null;
  type: string;
  triggerType: string | null;
  triggerLabel: string | null;
}

function stageAt(plan: RunPlan, t: number): StageWindow {
  let current = plan.stages[0] ?? {
    stage: 'Initializing',
    start: plan.runningAt,
    end: plan.endAt,
    progress: 0,
  };
  for (const s of plan.stages) if (s.start <= t) current = s;
  return current;
}

function terminalAt(plan: RunPlan): number {
  return plan.cancel ? plan.cancel.effectiveAt : plan.endAt;
}

function entries(logs: PlannedLog[], until: number): DBackupMockLogEntry[] {
  return logs.filter((l) => l.at <= until).map((l) => ({ ...l.entry }));
}

/** Options of {@link RunEngine}. */
export interface RunEngineOptions {
  /** Keep each run's final metadata instead of the 3.2.0 flusher's overwrite (see `DBackupMockOptions`). */
  keepFinalMetadata?: boolean;
  /** Called once per run when it reaches its terminal status (after the row is rewritten). */
  onFinalize?: (record: DBackupMockExecution, plan: RunPlan) => void;
}

/** Owns the run plans of in-flight executions and applies them to the store. */
export class RunEngine {
  readonly #store: DBackupMockState;
  readonly #plans = new Map<string, RunPlan>();
  readonly #keepFinalMetadata: boolean;
  readonly #onFinalize: RunEngineOptions['onFinalize'];
  /** The final metadata each finished run's plan wrote, kept even when the row's is overwritten. */
  readonly #final = new Map<string, Record<string, unknown>>();

  constructor(store: DBackupMockState, options: RunEngineOptions = {}) {
    this.#store = store;
    this.#keepFinalMetadata = options.keepFinalMetadata === true;
    this.#onFinalize = options.onFinalize;
  }

  /**
   * The full final metadata (`destinations[]`, `names`, …) a finished run's plan wrote, before the
   * 3.2.0 flusher overwrote it on the row; `undefined` for runs that were not planned or were cancelled.
   */
  finalMetadataOf(id: string): Readonly<Record<string, unknown>> | undefined {
    return this.#final.get(id);
  }

  /** Adds an execution row for `plan` and brings the store up to `now`. */
  start(identity: ExecutionIdentity, plan: RunPlan, now: number): DBackupMockExecution {
    const record: DBackupMockExecution = {
      ...identity,
      status: 'Pending',
      startedAt: iso(plan.queuedAt),
      endedAt: null,
      size: null,
      path: plan.livePath ?? null,
      logs: [],
      metadata: { ...plan.queuedMetadata },
    };
    this.#store.executions.push(record);
    this.#plans.set(identity.id, plan);
    this.settle(now);
    return record;
  }

  /** Whether the execution still has a plan in flight (not yet terminal). */
  isActive(id: string): boolean {
    return this.#plans.has(id);
  }

  /** Drops every plan (the rows stay as they are). */
  clear(): void {
    this.#plans.clear();
    this.#final.clear();
  }

  /** Rewrites in-flight rows to their state at `now`; finalizes runs whose end has passed, oldest first. */
  settle(now: number): void {
    const due = [...this.#plans.entries()]
      .filter(([, plan]) => terminalAt(plan) <= now)
      .sort(([, a], [, b]) => terminalAt(a) - terminalAt(b));
    for (const [id, plan] of due) {
      this.#plans.delete(id);
      const record = this.#find(id);
      if (record) this.#finalize(record, plan);
    }
    for (const [id, plan] of this.#plans) {
      const record = this.#find(id);
      if (record) this.#show(record, plan, now);
      else this.#plans.delete(id);
    }
  }

  /**
   * Cancels an execution at `now`. Pending runs are cancelled at once (log replaced by one entry);
   * Running runs get a cancel signal and stop at the next stage boundary, or at `effectiveAt` when given.
   */
  cancel(id: string, now: number, effectiveAt?: number): CancelOutcome {
    const record = this.#find(id);
    if (!record) return { kind: 'not-found' };
    const plan = this.#plans.get(id);
    if (plan) {
      if (now < plan.runningAt) {
        this.#plans.delete(id);
        this.#cancelPending(record, now);
        return { kind: 'pending' };
      }
      if (!plan.cancel) {
        const boundary = Math.max(stageAt(plan, now).end, now + 1);
        plan.cancel = { requestedAt: now, effectiveAt: effectiveAt ?? Math.min(boundary, plan.endAt) };
      }
      this.settle(now);
      return { kind: 'running' };
    }
    if (record.status === 'Pending') {
      this.#cancelPending(record, now);
      return { kind: 'pending' };
    }
    if (record.status === 'Running') {
      record.status = 'Cancelled';
      record.endedAt = iso(now);
      record.logs = [
        ...record.logs,
        {
          timestamp: iso(now),
          level: 'warn',
          type: 'general',
          message: 'Execution force-cancelled',
          stage: 'Cancelled',
        },
      ];
      return { kind: 'forced' };
    }
    return { kind: 'finished', status: record.status };
  }

  #find(id: string): DBackupMockExecution | undefined {
    return this.#store.executions.find((e) => e.id === id);
  }

  #cancelPending(record: DBackupMockExecution, now: number): void {
    record.status = 'Cancelled';
    record.endedAt = iso(now);
    record.size = null;
    record.path = null;
    record.metadata = { progress: 0, stage: 'Cancelled' };
    record.logs = [
      {
        timestamp: iso(now),
        level: 'warn',
        type: 'general',
        message: 'Execution was cancelled by user before it started',
        stage: 'Cancelled',
      },
    ];
  }

  #cancelLogs(plan: RunPlan, until: number): DBackupMockLogEntry[] {
    const cancel = plan.cancel;
    if (!cancel) return entries(plan.logs, until);
    const logs = entries(plan.logs, cancel.requestedAt);
    if (until >= cancel.requestedAt) {
      logs.push({
        timestamp: iso(cancel.requestedAt),
        level: 'warning',
        type: 'general',
        message: 'Execution was cancelled by user',
        stage: stageAt(plan, cancel.requestedAt).stage,
      });
    }
    return logs;
  }

  #show(record: DBackupMockExecution, plan: RunPlan, now: number): void {
    record.endedAt = null;
    record.size = null;
    record.path = plan.livePath ?? null;
    if (now < plan.runningAt) {
      record.status = 'Pending';
      record.startedAt = iso(plan.queuedAt);
      record.metadata = { ...plan.queuedMetadata };
      record.logs = entries(plan.logs, now);
      return;
    }
    const window = stageAt(plan, plan.cancel ? Math.min(now, plan.cancel.requestedAt) : now);
    record.status = 'Running';
    record.startedAt = iso(plan.runningAt);
    record.metadata = { progress: window.progress, stage: window.stage, detail: '', heartbeat: iso(now) };
    record.logs = this.#cancelLogs(plan, now);
  }

  #finalize(record: DBackupMockExecution, plan: RunPlan): void {
    record.startedAt = iso(plan.runningAt);
    const cancel = plan.cancel;
    if (cancel) {
      const window = stageAt(plan, cancel.requestedAt);
      const logs = this.#cancelLogs(plan, cancel.effectiveAt);
      logs.push({
        timestamp: iso(cancel.effectiveAt),
        level: 'info',
        type: 'general',
        message: 'Temporary file cleaned up',
        stage: window.stage,
      });
      record.status = 'Cancelled';
      record.endedAt = iso(cancel.effectiveAt);
      record.size = plan.sizes.filter((s) => s.at <= cancel.requestedAt).at(-1)?.size ?? null;
      record.path = plan.livePath ?? null;
      record.metadata = {
        progress: window.progress,
        stage: window.stage,
        detail: '',
        heartbeat: iso(cancel.effectiveAt),
      };
      record.logs = logs;
      this.#onFinalize?.(record, plan);
      return;
    }
    record.status = plan.final.status;
    record.endedAt = iso(plan.endAt);
    record.size = plan.final.size;
    record.path = plan.final.path;
    record.metadata = this.#keepFinalMetadata
      ? structuredClone(plan.final.metadata)
      : flusherMetadata(plan.final.metadata, plan.endAt);
    record.logs = entries(plan.logs, plan.endAt);
    this.#final.set(record.id, structuredClone(plan.final.metadata));
    plan.onComplete?.(this.#store);
    this.#onFinalize?.(record, plan);
  }
}
