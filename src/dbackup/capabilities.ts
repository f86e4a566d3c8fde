/**
 * Telling DBackup versions apart by what the server answers: a route a newer version added
 * answers Next.js's 404 page on an older server. Detected once per client (single-flight, cached
 * on success), and only when a newer capability is first asked for.
 *
 * @module
 */
import * as z from 'zod';
import { DBackupNotFoundError, DBackupPermissionError, DBackupUnsupportedError } from './errors';
import type { DBackupCallOptions, DBackupRequester, EndpointCall } from './request';

/** Capabilities DBackup added after 3.2.0. */
export type DBackupCapability = 'historyFilters' | 'dashboard' | 'runs';

/**
 * The oldest DBackup version the server can be, as told by its answers: `'3.2'` (3.2.0–3.3.0: no
 * dashboard route), `'3.3.1'` (dashboard and history filters, no runs API) or `'3.4'` (runs API).
 */
export type DBackupServerVersion = '3.2' | '3.3.1' | '3.4';

/** What {@link DBackupClient.detectVersion} found. */
export interface DBackupServerCapabilities {
  /** The oldest version that matches every answer. */
  version: DBackupServerVersion;
  /** `history.list` filters, paging and `total` (3.3.1). */
  historyFilters: boolean;
  /** `dashboard.stats()` (3.3.1). */
  dashboard: boolean;
  /** `history.runs` (3.4.0). */
  runs: boolean;
}

/** The first DBackup version with each capability. */
export const DBACKUP_CAPABILITY_VERSIONS: Readonly<Record<DBackupCapability, string>> = {
  historyFilters: '3.3.1',
  dashboard: '3.3.1',
  runs: '3.4.0',
};

const WHAT: Readonly<Record<DBackupCapability, string>> = {
  historyFilters: 'History filters and paging (`history.list({ page, status, … })`)',
  dashboard: 'Dashboard statistics (`dashboard.stats()`)',
  runs: 'The runs API (`history.runs`)',
};

const anyBody = z.unknown();

/** Detects and caches the server's capabilities for one client. */
export class DBackupCapabilityProbe {
  readonly #http: DBackupRequester;
  #pending: Promise<DBackupServerCapabilities> | undefined;

  /** @internal */
  constructor(http: DBackupRequester) {
    this.#http = http;
  }

  /**
   * The server's capabilities. The first call asks the server (`GET /api/history/runs?pageSize=1`,
   * then `GET /api/dashboard/stats` when the first answers 404); concurrent calls share it, and a
   * success is kept for the life of the client. A failure (network, 401, 5xx) is not kept.
   */
  detect(options: DBackupCallOptions = {}): Promise<DBackupServerCapabilities> {
    if (!this.#pending) {
      const pending = this.#probe(options);
      this.#pending = pending;
      pending.catch(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  /** Resolves when the server has `capability`; otherwise throws {@link DBackupUnsupportedError}. */
  async require(capability: DBackupCapability, options: DBackupCallOptions = {}): Promise<void> {
    const found = await this.detect(options);
    if (found[capability]) return;
    const minimum = DBACKUP_CAPABILITY_VERSIONS[capability];
    throw new DBackupUnsupportedError(
      `${WHAT[capability]} needs DBackup ${minimum} or newer; this server answers like DBackup ${found.version} ` +
        `(it has no ${capability === 'runs' ? '`/api/history/runs`' : '`/api/dashboard/stats`'} route). ` +
        'Upgrade DBackup, or use what the older version offers (e.g. `history.list()` without filters).',
      capability,
      minimum,
    );
  }

  async #probe(options: DBackupCallOptions): Promise<DBackupServerCapabilities> {
    // A 403 (missing permission) still proves the route exists.
    if (
      await this.#exists(
        {
          method: 'GET',
          path: '/api/history/runs',
          route: 'GET /api/history/runs',
          query: { pageSize: 1 },
          idempotent: true,
        },
        options,
      )
    ) {
      return { version: '3.4', historyFilters: true, dashboard: true, runs: true };
    }
    if (
      await this.#exists(
        { method: 'GET', path: '/api/dashboard/stats', route: 'GET /api/dashboard/stats', idempotent: true },
        options,
      )
    ) {
      return { version: '3.3.1', historyFilters: true, dashboard: true, runs: false };
    }
    return { version: '3.2', historyFilters: false, dashboard: false, runs: false };
  }

  async #exists(call: EndpointCall, options: DBackupCallOptions): Promise<boolean> {
    try {
      await this.#http.json(call, anyBody, options);
      return true;
    } catch (error) {
      if (error instanceof DBackupNotFoundError) return false;
      if (error instanceof DBackupPermissionError) return true;
      throw error;
    }
  }
}

/**
 * Names the permission in a 403 from a route added after 3.2.0: those answer
 * `{success:false,error:"Forbidden"}` without saying which permission is missing.
 *
 * @internal
 */
export async function namingPermission<T>(call: Promise<T>, permission: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof DBackupPermissionError && error.missingPermission === undefined) {
      throw new DBackupPermissionError(
        `DBackup ${error.endpoint} failed with ${error.status}: ${error.serverMessage ?? 'Forbidden'}. ` +
          `Grant the \`${permission}\` permission to this API key (or to its owner's group: DBackup 3.4 caps keys by the owner's group).`,
        {
          status: error.status,
          body: error.body,
          serverMessage: error.serverMessage,
          endpoint: error.endpoint,
          requestId: error.requestId,
          missingPermission: permission,
        },
      );
    }
    throw error;
  }
}
