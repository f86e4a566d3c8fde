/**
 * `GET /api/health`: public, but still rate-limited (the middleware counts it).
 *
 * @internal
 * @module
 */
import { iso } from '../fake';
import { json } from '../responses';
import type { RouteDefinition } from '../router';

/** Health route. */
export const healthRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/health',
    handle({ now }, runtime) {
      return json({
        status: 'healthy',
        uptime: Math.floor((now - runtime.bootedAt()) / 1000),
        timestamp: iso(now),
        database: 'connected',
        memory: { rss: 580, heapUsed: 366, heapTotal: 388 },
        responseTime: 1,
      });
    },
  },
];
