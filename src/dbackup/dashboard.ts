/**
 * `dbackup.dashboard`: the dashboard figures of DBackup 3.3.1+.
 *
 * @module
 */
import { checkCallOptions } from '../core/arguments';
import { type DBackupCapabilityProbe, namingPermission } from './capabilities';
import type { DBackupCallOptions, DBackupRequester } from './request';
import { type DBackupDashboardStats, dbackupDashboardStatsResponseSchema } from './schemas';

/** The `dashboard` resource. */
export class DashboardResource {
  readonly #http: DBackupRequester;
  readonly #probe: DBackupCapabilityProbe;

  /** @internal */
  constructor(http: DBackupRequester, probe: DBackupCapabilityProbe) {
    this.#http = http;
    this.#probe = probe;
  }

  /**
   * `GET /api/dashboard/stats` (`dashboard:read`, DBackup 3.3.1+): jobs, schedules, snapshots,
   * storage bytes, 30-day success rate, successes and failures in the last 24 hours.
   *
   * @throws DBackupUnsupportedError on an older server; DBackupPermissionError (403) without `dashboard:read`.
   */
  async stats(options: DBackupCallOptions = {}): Promise<DBackupDashboardStats> {
    options = checkCallOptions(options, 'dashboard.stats');
    await this.#probe.require('dashboard', options);
    const body = await namingPermission(
      this.#http.json(
        { method: 'GET', path: '/api/dashboard/stats', route: 'GET /api/dashboard/stats', idempotent: true },
        dbackupDashboardStatsResponseSchema,
        options,
      ),
      'dashboard:read',
    );
    return body.data;
  }
}
