/**
 * `DBackupClient`: the typed client for DBackup's REST API.
 *
 * @module
 */

import { checkCallOptions, describeArgument } from '../core/arguments';
import { systemClock } from '../core/clock';
import { ConfigError } from '../core/errors';
import { checkBaseUrl, HttpTransport, type TransportOptions } from '../core/http';
import { SecretStore } from '../core/redact';
import { AdaptersResource } from './adapters';
import { DBackupCapabilityProbe, type DBackupServerCapabilities } from './capabilities';
import { DashboardResource } from './dashboard';
import { ExecutionsResource } from './executions';
import { type HealthStatus, healthCall } from './health';
import { HistoryResource } from './history';
import { JobsResource } from './jobs';
import { NotificationLogsResource } from './notification-logs';
import { DBackupPacer, type DBackupRateLimit, DBackupRateLimitBackoff } from './rate-limit';
import { type DBackupCallOptions, DBackupRequester } from './request';
import { dbackupHealthSchema } from './schemas';
import { SettingsResource } from './settings';
import { StorageResource } from './storage';
import { VaultResource } from './vault';

/** Options for {@link DBackupClient}. */
export interface DBackupClientOptions extends TransportOptions {
  /**
   * The DBackup server's URL, e.g. `https://backup.example.com` (the `/api/...` paths are appended).
   * Plain `http://` is refused unless the host is loopback or `allowInsecureHttp` is set.
   */
  baseUrl: string;
  /** An API key created under Access Management → API Keys. It starts with `dbackup_`. */
  apiKey: string;
  /**
   * Client-side pacing under the server's limits (100 reads and 20 writes per minute by default,
   * with a 2 s safety margin on the window). Pass `false` to turn it off, e.g. when a proxy
   * already spreads the load: a 429 without `Retry-After` then still waits out the server's
   * 60 s window (at most `retry.maxRetryAfterMs`) before the retry.
   */
  rateLimit?: DBackupRateLimit | false;
}

/**
 * Typed client for the DBackup REST API (self-hosted database backups).
 *
 * Every endpoint is grouped by resource, every failure is a typed error (see `DBackupError`), and
 * requests are paced below the server's rate limits. Reads are retried with backoff; actions that
 * start work on the server (`jobs.run`, restores, creating resources) are retried only after a
 * 429, which DBackup sends before any route runs, and never after any other failure.
 *
 * @example
 * ```ts
 * const dbackup = new DBackupClient({ baseUrl: 'https://backup.example.com', apiKey: process.env.DBACKUP_KEY! });
 * const { executionId } = await dbackup.jobs.run(jobId);
 * const done = await dbackup.executions.waitFor(executionId, { onProgress: (e) => console.log(e.stage) });
 * console.log(done.status, done.duration, 'ms');
 * ```
 */
export class DBackupClient {
  /** Backup jobs: list, create, update, delete, run. */
  readonly jobs: JobsResource;
  /** Executions: get, cancel, wait for completion. */
  readonly executions: ExecutionsResource;
  /** The execution history (last 100 runs; filters and paging on 3.3.1+; `history.runs` on 3.4+). */
  readonly history: HistoryResource;
  /** Dashboard figures (DBackup 3.3.1+). */
  readonly dashboard: DashboardResource;
  /** Notifications the server sent, with the execution each was about. */
  readonly notificationLogs: NotificationLogsResource;
  /** Sources, destinations and notification channels. */
  readonly adapters: AdaptersResource;
  /** The storage explorer: files, downloads, restores, usage history. */
  readonly storage: StorageResource;
  /** The encryption vault. */
  readonly vault: VaultResource;
  /** System settings (system tasks). */
  readonly settings: SettingsResource;
  /** The server URL this client talks to. */
  readonly baseUrl: string;
  readonly #requester: DBackupRequester;
  readonly #probe: DBackupCapabilityProbe;

  constructor(options: DBackupClientOptions) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError(
        'DBackupClient needs an options object: `new DBackupClient({ baseUrl, apiKey })`.',
      );
    }
    const { apiKey } = options;
    if (typeof apiKey !== 'string' || !/^dbackup_[A-Za-z0-9]+$/.test(apiKey)) {
      throw new ConfigError(
        '`apiKey` must be a DBackup API key, which starts with `dbackup_` (create one under Access Management → API Keys).',
      );
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ConfigError(
        `\`timeoutMs\` must be a positive number of milliseconds (got ${String(timeoutMs)}).`,
      );
    }
    this.baseUrl = checkBaseUrl(options.baseUrl, options.allowInsecureHttp);
    const secrets = new SecretStore();
    secrets.add(apiKey);
    secrets.addHeaderValues(options.headers);
    const clock = options.clock ?? systemClock;
    const { rateLimit } = options;
    if (
      rateLimit !== undefined &&
      rateLimit !== false &&
      (rateLimit === null || typeof rateLimit !== 'object')
    ) {
      throw new ConfigError(
        `\`rateLimit\` must be false (no pacing) or an object such as { get: 100, mutation: 20 } (got ${describeArgument(rateLimit)}).`,
      );
    }
    const pacer =
      rateLimit === false
        ? new DBackupRateLimitBackoff(clock, options.retry?.maxRetryAfterMs ?? 60_000)
        : new DBackupPacer(rateLimit ?? {}, clock);
    const transport = new HttpTransport(this.baseUrl, { ...options, clock }, secrets, pacer);
    this.#requester = new DBackupRequester(transport, secrets, apiKey, options.retry);
    this.executions = new ExecutionsResource(this.#requester);
    this.jobs = new JobsResource(this.#requester, this.executions);
    this.#probe = new DBackupCapabilityProbe(this.#requester);
    this.history = new HistoryResource(this.#requester, this.#probe);
    this.dashboard = new DashboardResource(this.#requester, this.#probe);
    this.notificationLogs = new NotificationLogsResource(this.#requester);
    this.adapters = new AdaptersResource(this.#requester);
    this.storage = new StorageResource(this.#requester);
    this.vault = new VaultResource(this.#requester);
    this.settings = new SettingsResource(this.#requester);
  }

  /**
   * `GET /api/health` (public, no key sent). Resolves for both `healthy` (200) and `unhealthy`
   * (503) answers, so a monitor can read the status instead of catching an error.
   */
  health(options?: DBackupCallOptions): Promise<HealthStatus> {
    return this.#requester.json(healthCall(), dbackupHealthSchema, options);
  }

  /**
   * Which DBackup features the server has, told by its answers (a route a newer version added
   * answers 404 on an older one): `GET /api/history/runs?pageSize=1`, then, if that is missing,
   * `GET /api/dashboard/stats`. Asked once per client (concurrent calls share the answer); the
   * methods that need a newer feature call it themselves and throw `DBackupUnsupportedError`
   * when it is missing.
   */
  detectVersion(options?: DBackupCallOptions): Promise<DBackupServerCapabilities> {
    return this.#probe.detect(checkCallOptions(options, 'detectVersion'));
  }

  /** A description without secrets. */
  toString(): string {
    return `DBackupClient(${this.baseUrl})`;
  }

  /** `JSON.stringify(client)` shows the URL only, never the key. */
  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }

  /** `util.inspect(client)` / `console.log(client)` show the URL only, never the key. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
