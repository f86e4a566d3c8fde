/**
 * Routes DBackup added after 3.2.0, registered only when the mock plays 3.4: the runs API
 * (`GET /api/history/runs`, `GET /api/history/runs/:id`) and `GET /api/dashboard/stats`. Plus
 * `GET /api/notification-logs`, which 3.2.0 already has (500 on a missing permission) and 3.4
 * answers with a real 403.
 *
 * @internal
 * @module
 */
import { authStyles, requireKey } from '../auth';
import { ms } from '../fake';
import { json } from '../responses';
import type { MockRuntime, RouteDefinition, RouteInput } from '../router';
import { dashboardStats, type RunView, runDetail, runRow, runStats, starterOf } from '../runs';
import type { DBackupMockExecution } from '../types';

/** The largest `pageSize` the runs list accepts. */
const RUN_MAX_PAGE_SIZE = 100;

function viewOf(input: RouteInput, runtime: MockRuntime): RunView {
  return { store: runtime.store, engine: runtime.engine, now: input.now, retentionMs: runtime.retentionMs };
}

/** A positive integer query value, its default when absent, or `null` when invalid. */
function intParam(raw: string | null, fallback: number, max: number): number | null {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 && value <= max ? value : null;
}

function counts(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) out[value] = (out[value] ?? 0) + 1;
  return out;
}

/** Routes of 3.4 only. */
export const runRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/history/runs',
    handle(input, runtime) {
      const key = requireKey(input.auth, 'history:read', authStyles.forbidden403);
      if (key instanceof Response) return key;
      const params = input.url.searchParams;
      const page = intParam(params.get('page'), 1, Number.MAX_SAFE_INTEGER);
      const pageSize = intParam(params.get('pageSize'), 25, RUN_MAX_PAGE_SIZE);
      const types = params.getAll('type');
      const statuses = params.getAll('status');
      const jobs = params.getAll('job');
      const starters = params.getAll('by');
      const search = params.get('search') ?? undefined;
      if (
        page === null ||
        pageSize === null ||
        types.length > 20 ||
        statuses.length > 10 ||
        statuses.some((s) => s.length > 20) ||
        jobs.length > 200 ||
        starters.length > 200 ||
        (search !== undefined && search.length > 200)
      ) {
        return json({ success: false, error: 'Invalid query parameters' }, 400);
      }
      const view = viewOf(input, runtime);
      const all = [...runtime.store.executions]
        .sort((a, b) => ms(b.startedAt) - ms(a.startedAt))
        .map((record) => ({ record, row: runRow(record, view) }));
      const needle = search?.trim().toLowerCase();
      const matches = all.filter(
        ({ row }) =>
          (types.length === 0 || types.includes(row.type)) &&
          (statuses.length === 0 || statuses.includes(row.status)) &&
          (jobs.length === 0 || (row.jobId !== null && jobs.includes(row.jobId))) &&
          (starters.length === 0 || starters.includes(row.starter.key)) &&
          (!needle ||
            row.name.toLowerCase().includes(needle) ||
            row.sub.toLowerCase().includes(needle) ||
            row.id.toLowerCase().includes(needle)),
      );
      const rows = matches.slice((page - 1) * pageSize, page * pageSize).map(({ row }) => row);
      const starterOptions = new Map<string, { value: string; label: string; group: string }>();
      for (const { record } of all) {
        const starter = starterOf(record);
        const group =
          starter.kind === 'schedule'
            ? 'System'
            : starter.kind === 'manual'
              ? 'By hand'
              : starter.kind === 'api'
                ? 'API keys'
                : 'Other';
        starterOptions.set(starter.key, { value: starter.key, label: starter.label, group });
      }
      return json({
        success: true,
        data: {
          rows,
          total: matches.length,
          facets: {
            type: counts(matches.map(({ row }) => row.type)),
            status: counts(matches.map(({ row }) => row.status)),
            job: counts(matches.flatMap(({ row }) => (row.jobId === null ? [] : [row.jobId]))),
            starter: counts(matches.map(({ row }) => row.starter.key)),
          },
          jobs: runtime.store.jobs.map((job) => ({
            id: job.id,
            name: job.name,
            adapterId: runtime.store.adapters.find((a) => a.id === job.sourceId)?.adapterId ?? null,
          })),
          starters: [...starterOptions.values()],
          stats: runStats(view),
        },
      });
    },
  },
  {
    method: 'GET',
    path: '/api/history/runs/:id',
    handle(input, runtime) {
      const key = requireKey(input.auth, 'history:read', authStyles.forbidden403);
      if (key instanceof Response) return key;
      const record = runtime.store.executions.find((e) => e.id === input.params.id);
      if (!record) {
        return json(
          { success: false, error: 'This run could not be found. Data retention may have removed it.' },
          404,
        );
      }
      const view = viewOf(input, runtime);
      const rowOnly = input.url.searchParams.get('row') === '1';
      return json({ success: true, data: rowOnly ? runRow(record, view) : runDetail(record, view) });
    },
  },
  {
    method: 'GET',
    path: '/api/dashboard/stats',
    handle(input, runtime) {
      const key = requireKey(input.auth, 'dashboard:read', authStyles.forbidden403);
      if (key instanceof Response) return key;
      return json({ success: true, data: dashboardStats(viewOf(input, runtime)) });
    },
  },
];

/** `GET /api/notification-logs` (every version; 3.4 answers a missing permission with 403). */
export const notificationLogRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/notification-logs',
    handle({ auth, url }, runtime) {
      const style =
        runtime.version === '3.4'
          ? authStyles.forbidden403
          : authStyles.caughtFixed('Failed to fetch notification logs');
      const key = requireKey(auth, 'history:read', style);
      if (key instanceof Response) return key;
      const params = url.searchParams;
      const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
      const pageSize = Math.max(1, Number.parseInt(params.get('pageSize') ?? '50', 10) || 50);
      const filters: [string, keyof (typeof runtime.store.notificationLogs)[number]][] = [
        ['adapterId', 'adapterId'],
        ['eventType', 'eventType'],
        ['status', 'status'],
        ['executionId', 'executionId'],
      ];
      const matches = [...runtime.store.notificationLogs]
        .sort((a, b) => ms(b.sentAt) - ms(a.sentAt))
        .filter((row) =>
          filters.every(([param, field]) => {
            const wanted = runtime.version === '3.4' ? params.getAll(param) : [params.get(param) ?? ''];
            return wanted.length === 0 || wanted[0] === '' || wanted.includes(String(row[field]));
          }),
        );
      return json({
        data: matches.slice((page - 1) * pageSize, page * pageSize),
        total: matches.length,
        page,
        pageSize,
      });
    },
  },
];

/** Whether `record` matches the history filters of 3.3.1+ (`status`, `type`, `trigger`, `search`). */
export function matchesHistoryFilters(
  record: DBackupMockExecution,
  jobName: string | null,
  params: URLSearchParams,
) {
  const statuses = params.getAll('status');
  const types = params.getAll('type');
  const triggers = params.getAll('trigger');
  const search = params.get('search')?.trim().toLowerCase();
  return (
    (statuses.length === 0 || statuses.includes(record.status)) &&
    (types.length === 0 || types.includes(record.type)) &&
    (triggers.length === 0 || (record.triggerType !== null && triggers.includes(record.triggerType))) &&
    (!search || (jobName ?? '').toLowerCase().includes(search) || record.id.toLowerCase().includes(search))
  );
}
