/**
 * `GET /api/executions/:id`, `POST /api/executions/:id/cancel` and `GET /api/history`.
 *
 * @internal
 * @module
 */
import { authStyles, requireKey } from '../auth';
import { executionDetail, historyItem } from '../render';
import { json } from '../responses';
import type { RouteDefinition } from '../router';
import { logsPurgedAt } from '../runs';
import { matchesHistoryFilters } from './runs';

/** Query parameters `GET /api/history` reads from 3.3.1 on. */
const HISTORY_PARAMS = ['page', 'pageSize', 'scope', 'type', 'status', 'trigger', 'search', 'facets'];

/** Execution and history routes. */
export const executionRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/executions/:id',
    handle({ auth, params, url, now }, { store, engine, version, retentionMs }) {
      const key = requireKey(auth, 'history:read', authStyles.strict);
      if (key instanceof Response) return key;
      const record = store.executions.find((e) => e.id === params.id);
      if (!record) return json({ success: false, error: 'Execution not found' }, 404);
      // Only the exact string "true" includes logs (`1` and `TRUE` do not).
      const includeLogs = url.searchParams.get('includeLogs') === 'true';
      const data = executionDetail(record, store, now, includeLogs);
      if (version === '3.2') return json({ success: true, data });
      // 3.4: retention clears old logs and says when.
      const purgedAt = logsPurgedAt(record, { store, engine, now, retentionMs });
      return json({
        success: true,
        data: { ...data, ...(purgedAt !== null && includeLogs ? { logs: [] } : {}), logsPurgedAt: purgedAt },
      });
    },
  },
  {
    method: 'POST',
    path: '/api/executions/:id/cancel',
    handle({ auth, params, now }, { engine }) {
      const key = requireKey(auth, 'jobs:execute', authStyles.uncaught);
      if (key instanceof Response) return key;
      const outcome = engine.cancel(params.id ?? '', now);
      switch (outcome.kind) {
        case 'not-found':
          return json({ success: false, error: 'Execution not found' }, 404);
        case 'finished':
          return json(
            { success: false, error: `Cannot cancel execution with status: ${outcome.status}` },
            400,
          );
        case 'pending':
          return json({ success: true, message: 'Pending execution cancelled' });
        case 'running':
          return json({ success: true, message: 'Cancellation signal sent' });
        case 'forced':
          return json({ success: true, message: 'Execution force-cancelled' });
      }
    },
  },
  {
    method: 'GET',
    path: '/api/history',
    handle({ auth, url }, { store, version }) {
      const key = requireKey(auth, 'history:read', authStyles.uncaught);
      if (key instanceof Response) return key;
      const newestFirst = [...store.executions].sort(
        (a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt),
      );
      const params = url.searchParams;
      // 3.2 ignores every parameter; from 3.3.1 on, parameters filter and page, and add `total`.
      if (version === '3.2' || !HISTORY_PARAMS.some((name) => params.has(name))) {
        return json({
          executions: newestFirst.slice(0, 100).map((e) => historyItem(e, store)),
          systemTimezone: 'UTC',
        });
      }
      const page = Number(params.get('page') ?? '1');
      const pageSize = Number(params.get('pageSize') ?? '100');
      if (
        !Number.isInteger(page) ||
        page < 1 ||
        !Number.isInteger(pageSize) ||
        pageSize < 1 ||
        pageSize > 100
      ) {
        return json({ error: 'Invalid query parameters' }, 400);
      }
      const jobName = (jobId: string | null) => store.jobs.find((j) => j.id === jobId)?.name ?? null;
      const matches = newestFirst.filter((e) => matchesHistoryFilters(e, jobName(e.jobId), params));
      return json({
        executions: matches.slice((page - 1) * pageSize, page * pageSize).map((e) => historyItem(e, store)),
        total: matches.length,
        page,
        pageSize,
        systemTimezone: 'UTC',
      });
    },
  },
];
