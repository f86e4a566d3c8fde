/**
 * DBackup 3.4's page model of runs (`src/services/history/run-types.ts`), derived from the mock's
 * execution rows: `RunRow` for `GET /api/history/runs`, `RunDetail` for `/api/history/runs/:id`,
 * the 30-day `RunStats`, and `GET /api/dashboard/stats`. Log retention (3.4) is applied here and
 * to execution details: a run whose logs were purged keeps its `note`, loses its log lines.
 *
 * @internal
 * @module
 */
import { iso, ms } from './fake';
import type { RunEngine } from './lifecycle';
import type { DBackupMockExecution, DBackupMockLogEntry, DBackupMockState } from './types';

const DAY = 86_400_000;

/** What a route needs to render runs. */
export interface RunView {
  store: DBackupMockState;
  engine: RunEngine;
  now: number;
  /** Log retention in ms; `null` keeps logs forever. */
  retentionMs: number | null;
}

/** When retention cleared this run's log, or `null` when the log is still there. */
export function logsPurgedAt(record: DBackupMockExecution, view: RunView): string | null {
  if (view.retentionMs === null || record.endedAt === null) return null;
  const due = ms(record.endedAt) + view.retentionMs;
  // The retention task runs daily at midnight UTC: the log goes at the first midnight after it is due.
  const purgedAt = Math.ceil(due / DAY) * DAY;
  return purgedAt <= view.now ? iso(purgedAt) : null;
}

/** The `RunStarter` of a run. */
export function starterOf(record: DBackupMockExecution) {
  const label = record.triggerLabel ?? '';
  switch (record.triggerType) {
    case 'Scheduler':
      return { key: 'schedule', kind: 'schedule', label: 'Schedule' };
    case 'Manual':
      return { key: `manual:${label}`, kind: 'manual', label };
    case 'Api':
      return { key: `api:${label}`, kind: 'api', label };
    default:
      return { key: 'none', kind: 'none', label: 'Unknown' };
  }
}

interface Destination {
  configId?: string;
  name?: string;
  adapterId?: string;
  status?: string;
  error?: string;
}

function destinationsOf(record: DBackupMockExecution, engine: RunEngine): Destination[] {
  const final = engine.finalMetadataOf(record.id) ?? record.metadata ?? {};
  return Array.isArray(final.destinations) ? (final.destinations as Destination[]) : [];
}

function namesOf(record: DBackupMockExecution, engine: RunEngine): string[] {
  const final = engine.finalMetadataOf(record.id) ?? record.metadata ?? {};
  return Array.isArray(final.names) ? final.names.filter((n): n is string => typeof n === 'string') : [];
}

function durationOf(record: DBackupMockExecution): number | null {
  return record.endedAt === null ? null : ms(record.endedAt) - ms(record.startedAt);
}

/** "What went wrong, in a few words": kept when retention clears the log. */
function noteOf(record: DBackupMockExecution, destinations: Destination[]): string | null {
  switch (record.status) {
    case 'Failed':
      return record.logs.find((l) => l.level === 'error')?.message ?? 'The run failed.';
    case 'Partial': {
      const failed = destinations.filter((d) => d.status === 'failed').map((d) => d.name ?? d.configId);
      return failed.length > 0 ? `Not stored on ${failed.join(', ')}` : 'Some copies failed.';
    }
    case 'Cancelled':
      return record.logs.some((l) => /before it started/.test(l.message))
        ? 'Cancelled before it started'
        : 'Cancelled by user';
    default:
      return null;
  }
}

function usualMs(record: DBackupMockExecution, store: DBackupMockState): number | null {
  if (record.jobId === null) return null;
  const durations = store.executions
    .filter((e) => e.jobId === record.jobId && e.status === 'Success' && e.endedAt !== null)
    .map((e) => ms(e.endedAt) - ms(e.startedAt))
    .sort((a, b) => a - b);
  if (durations.length === 0) return null;
  return durations[Math.floor(durations.length / 2)] ?? null;
}

/** One run as a `RunRow`. */
export function runRow(record: DBackupMockExecution, view: RunView) {
  const { store, engine } = view;
  const job = record.jobId === null ? undefined : store.jobs.find((j) => j.id === record.jobId);
  const source = job ? store.adapters.find((a) => a.id === job.sourceId) : undefined;
  const destinations = destinationsOf(record, engine);
  const names = namesOf(record, engine);
  const isBackup = record.type === 'Backup';
  const inFlight = record.status === 'Pending' || record.status === 'Running';
  const stage = record.metadata?.stage;
  const progress = record.metadata?.progress;
  const detail = record.metadata?.detail;
  return {
    id: record.id,
    type: record.type,
    status: record.status,
    name: job?.name ?? (isBackup ? 'Deleted job' : record.type),
    sub: names.length > 0 ? `${record.type} · ${names.join(', ')}` : record.type,
    adapterId: isBackup ? (source?.adapterId ?? null) : null,
    jobId: record.jobId,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    durationMs: durationOf(record),
    usualMs: usualMs(record, store),
    size: record.size,
    copies:
      isBackup && destinations.length > 0
        ? {
            stored: destinations.filter((d) => d.status === 'success').length,
            total: destinations.length,
            failed: destinations.filter((d) => d.status === 'failed').map((d) => d.name ?? ''),
          }
        : null,
    note: noteOf(record, destinations),
    live: inFlight
      ? {
          stage: typeof stage === 'string' ? stage : null,
          percent: typeof progress === 'number' ? progress : null,
          detail: typeof detail === 'string' && detail !== '' ? detail : null,
        }
      : null,
    starter: starterOf(record),
  };
}

function subjectOf(message: string): string | null {
  return /^\[([^\]]+)\]/.exec(message)?.[1] ?? null;
}

function stepsOf(logs: DBackupMockLogEntry[]) {
  const steps: { name: string; lines: DBackupMockLogEntry[] }[] = [];
  for (const line of logs) {
    const name = line.stage ?? 'General';
    const last = steps.at(-1);
    if (last?.name === name) last.lines.push(line);
    else steps.push({ name, lines: [line] });
  }
  return steps.map(({ name, lines }) => {
    const errors = lines.filter((l) => l.level === 'error').length;
    const warnings = lines.filter((l) => l.level === 'warning' || l.level === 'warn').length;
    const first = lines[0]?.timestamp ?? null;
    const last = lines.at(-1)?.timestamp ?? null;
    return {
      name,
      state: errors > 0 ? 'failed' : warnings > 0 ? 'warning' : 'done',
      startedAt: first,
      durationMs: first && last ? ms(last) - ms(first) : null,
      usualMs: null,
      errors,
      warnings,
      lines: lines.map((l) => ({
        at: l.timestamp,
        level: l.level,
        type: l.type,
        message: l.message,
        ...(l.details ? { details: l.details } : {}),
      })),
    };
  });
}

function neighbour(record: DBackupMockExecution) {
  return {
    id: record.id,
    startedAt: record.startedAt,
    status: record.status,
    durationMs: durationOf(record),
    size: record.size,
    starter: starterOf(record),
  };
}

/** One run as a `RunDetail`. */
export function runDetail(record: DBackupMockExecution, view: RunView) {
  const { store, engine } = view;
  const row = runRow(record, view);
  const job = record.jobId === null ? undefined : store.jobs.find((j) => j.id === record.jobId);
  const purgedAt = logsPurgedAt(record, view);
  const logs = purgedAt === null ? record.logs : [];
  const problems = logs
    .filter((l) => l.level === 'error' || l.level === 'warning' || l.level === 'warn')
    .map((l, index) => ({
      id: `p${index + 1}`,
      tone: l.level === 'error' ? 'error' : 'warning',
      title: l.message.replace(/^\[[^\]]+\]\s*/, ''),
      raw: l.details ?? l.message,
      step: l.stage ?? 'General',
      subject: subjectOf(l.message),
      at: l.timestamp,
      tries: [],
      help: null,
      actions: [],
    }));
  const size = record.size;
  const uploads = destinationsOf(record, engine).map((d) => ({
    configId: d.configId ?? '',
    name: d.name ?? '',
    adapterId: d.adapterId ?? '',
    state: d.status === 'success' ? 'done' : d.status === 'failed' ? 'failed' : 'skipped',
    bytes: d.status === 'success' ? size : null,
    total: size,
    error: d.error ?? null,
    startedAt: null,
    endedAt: null,
  }));
  const sameJob =
    record.jobId === null
      ? []
      : store.executions
          .filter((e) => e.jobId === record.jobId)
          .sort((a, b) => ms(b.startedAt) - ms(a.startedAt));
  const index = sameJob.findIndex((e) => e.id === record.id);
  const older = index >= 0 ? sameJob[index + 1] : undefined;
  const newer = index > 0 ? sameJob[index - 1] : undefined;
  return {
    ...row,
    job: job ? { id: job.id, name: job.name } : null,
    path: record.path,
    backupType: record.type === 'Backup' ? 'full' : null,
    logsPurgedAt: purgedAt,
    databases: namesOf(record, engine),
    steps: stepsOf(logs),
    summary: [],
    problems,
    uploads,
    checks: null,
    notifications: store.notificationLogs
      .filter((n) => n.executionId === record.id)
      .map((n) => ({
        id: n.id,
        channelId: n.channelId,
        channelName: n.channelName,
        adapterId: n.adapterId,
        status: n.status,
        error: n.error,
        title: n.title,
        sentAt: n.sentAt,
      })),
    recent: sameJob.slice(0, 10).map(neighbour),
    previous: older ? neighbour(older) : null,
    next: newer ? neighbour(newer) : null,
    queue: [],
  };
}

/** `RunStats` over the last 30 days. */
export function runStats(view: RunView) {
  const since = view.now - 30 * DAY;
  const recent = view.store.executions
    .filter((e) => ms(e.startedAt) >= since)
    .sort((a, b) => ms(b.startedAt) - ms(a.startedAt));
  const nameOf = (e: DBackupMockExecution) => runRow(e, view).name;
  const last = (status: string) => {
    const hit = recent.find((e) => e.status === status);
    return hit ? { name: nameOf(hit), at: hit.endedAt ?? hit.startedAt } : null;
  };
  return {
    total: recent.length,
    succeeded: recent.filter((e) => e.status === 'Success').length,
    failed: recent.filter((e) => e.status === 'Failed').length,
    lastFailed: last('Failed'),
    partial: recent.filter((e) => e.status === 'Partial').length,
    lastPartial: last('Partial'),
    running: recent.filter((e) => e.status === 'Running').map((e) => e.id),
    queued: recent.filter((e) => e.status === 'Pending').map((e) => e.id),
  };
}

/** `GET /api/dashboard/stats` → `data`. */
export function dashboardStats(view: RunView) {
  const { store, now } = view;
  const finished = store.executions.filter(
    (e) => e.endedAt !== null && ms(e.endedAt) >= now - 30 * DAY && e.type === 'Backup',
  );
  const ok = finished.filter((e) => e.status === 'Success').length;
  const day = store.executions.filter((e) => e.endedAt !== null && ms(e.endedAt) >= now - DAY);
  const latestSnapshot = [...store.storageHistory].sort((a, b) => ms(b.date) - ms(a.date))[0];
  return {
    totalJobs: store.jobs.length,
    activeSchedules: store.jobs.filter((j) => j.enabled).length,
    totalSnapshots: store.files.length,
    totalStorageBytes: store.files.reduce((sum, f) => sum + f.size, 0),
    successRate30d: finished.length === 0 ? 0 : Math.round((ok / finished.length) * 1000) / 10,
    success24h: day.filter((e) => e.status === 'Success').length,
    failed24h: day.filter((e) => e.status === 'Failed').length,
    storageUpdatedAt: latestSnapshot?.date ?? null,
  };
}
