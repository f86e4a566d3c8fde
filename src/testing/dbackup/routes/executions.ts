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

/** Execution and history routes. */
export const executionRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/executions/:id',
    handle({ auth, params, url, now }, { store }) {
      const key = requireKey(auth, 'history:read', authStyles.strict);
      if (key instanceof Response) return key;
      const record = store.executions.find((e) => e.id === params.id);
      if (!record) return json({ success: false, error: 'Execution not found' }, 404);
      // Only the exact string "true" includes logs (`1` and `TRUE` do not).
      const includeLogs = url.searchParams.get('includeLogs') === 'true';
      return json({ success: true, data: executionDetail(record, store, now, includeLogs) });
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
    handle({ auth }, { store }) {
      const key = requireKey(auth, 'history:read', authStyles.uncaught);
      if (key instanceof Response) return key;
      const newestFirst = [...store.executions]
        .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
        .slice(0, 100);
      return json({ executions: newestFirst.map((e) => historyItem(e, store)), systemTimezone: 'UTC' });
    },
  },
];
