/**
 * `GET /api/health`, DBackup's public health endpoint.
 *
 * @module
 */
import type { EndpointCall } from './request';
import type { DBackupHealth } from './schemas';

/** The health answer: `status` is `healthy`, `unhealthy` or `unknown`. */
export type HealthStatus = DBackupHealth;

/** The public health call: no API key, 503 is a result (`unhealthy`), not an error. */
export function healthCall(): EndpointCall {
  return {
    method: 'GET',
    path: '/api/health',
    route: 'GET /api/health',
    idempotent: true,
    auth: false,
    acceptStatuses: [503],
  };
}
