/**
 * Finding a device's storage node and token, once per device. `GetAccountInfoById` gives the
 * name, the token and the home node (`homeNodeInfo.CommonInfo.Host`, port dropped); when it gives
 * no host, `EnumerateAccountRemoteAccessEndpoints` does (`WebRcgUrl` or `Url`, scheme + host).
 * Whether the device is a Microsoft 365 tenant comes from the caller or, once, from the statistics
 * column `I59`. Tokens go into the client's secret store before anything else sees them.
 *
 * @module
 */
import type { CoveCallOptions, CoveConnection } from '../connection';
import { CoveSecurityError } from '../errors';
import type { CoveSecretStore } from '../secrets';
import { CoveStorageNodeError } from './errors';
import { num } from './records';

/** Where and how to read one device's sessions. @internal */
export interface DeviceEndpoint {
  readonly deviceId: number;
  readonly name: string;
  readonly partnerId: number | undefined;
  /** Device token (a secret, registered in the secret store). */
  readonly token: string;
  /** `https://<node host>`, or `undefined` when no node was found (M365 devices need none). */
  readonly origin: string | undefined;
  /** Whether the device is a Microsoft 365 tenant; `undefined` until known. */
  m365: boolean | undefined;
}

/** How many devices' endpoints are cached; the oldest are forgotten beyond it. */
const CACHE_LIMIT = 10_000;

/** Turns `host:port`, `host` or a URL into `https://host`; `undefined` for nothing usable. */
export function nodeOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const raw = value.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
    if (!url.hostname) return undefined;
    return `https://${url.hostname}`;
  } catch {
    return undefined;
  }
}

/** Discovers and caches device endpoints. @internal */
export class DeviceLocator {
  readonly #connection: CoveConnection;
  readonly #secrets: CoveSecretStore;
  readonly #cache = new Map<number, Promise<DeviceEndpoint>>();

  constructor(connection: CoveConnection, secrets: CoveSecretStore) {
    this.#connection = connection;
    this.#secrets = secrets;
  }

  /** The device's endpoint, from the cache or discovered (concurrent callers share one lookup). */
  locate(deviceId: number, options: CoveCallOptions): Promise<DeviceEndpoint> {
    const cached = this.#cache.get(deviceId);
    if (cached) return cached;
    const pending = this.#discover(deviceId, options);
    this.#cache.set(deviceId, pending);
    if (this.#cache.size > CACHE_LIMIT) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    pending.catch(() => {
      if (this.#cache.get(deviceId) === pending) this.#cache.delete(deviceId);
    });
    return pending;
  }

  /** Forgets a device, e.g. after its node refused the token. */
  forget(deviceId: number): void {
    this.#cache.delete(deviceId);
  }

  /** Whether the device is M365: the hint, the cached answer, or one `I59` statistics lookup. */
  async isM365(
    endpoint: DeviceEndpoint,
    hint: boolean | undefined,
    options: CoveCallOptions,
  ): Promise<boolean> {
    if (hint !== undefined) {
      endpoint.m365 = hint;
      return hint;
    }
    if (endpoint.m365 !== undefined) return endpoint.m365;
    if (endpoint.partnerId === undefined) {
      endpoint.m365 = false;
      return false;
    }
    try {
      const result = await this.#connection.call(
        'EnumerateAccountStatistics',
        {
          query: {
            PartnerId: endpoint.partnerId,
            Filter: `AU == ${endpoint.deviceId}`,
            Columns: ['I59'],
            SelectionMode: 'Merged',
            StartRecordNumber: 0,
            RecordsCount: 1,
          },
        },
        options,
      );
      endpoint.m365 = readAccountType(result) === 2;
    } catch (error) {
      // An API user that may not read I59 (13501): treat the device as a storage-node device.
      if (!(error instanceof CoveSecurityError)) throw error;
      endpoint.m365 = false;
    }
    return endpoint.m365;
  }

  async #discover(deviceId: number, options: CoveCallOptions): Promise<DeviceEndpoint> {
    const info = await this.#connection.callTyped('GetAccountInfoById', { accountId: deviceId }, options);
    const account = info.result;
    this.#secrets.add(account.Token);
    let origin = nodeOrigin(info.homeNodeInfo?.CommonInfo?.Host);
    let token = account.Token ?? undefined;
    if (origin === undefined || token === undefined) {
      const fallback = await this.#remoteAccessEndpoint(deviceId, options);
      origin ??= fallback.origin;
      token ??= fallback.token;
    }
    if (token === undefined || token === '') {
      throw new CoveStorageNodeError(
        {
          method: 'GetAccountInfoById',
          deviceId,
          deviceName: account.Name,
          host: origin,
          failure: 'no-node',
        },
        'Cove returned no device token, which the reporting services require',
      );
    }
    return {
      deviceId,
      name: account.Name,
      partnerId: account.PartnerId ?? undefined,
      token,
      origin,
      m365: undefined,
    };
  }

  async #remoteAccessEndpoint(
    deviceId: number,
    options: CoveCallOptions,
  ): Promise<{ origin: string | undefined; token: string | undefined }> {
    const result = await this.#connection.call(
      'EnumerateAccountRemoteAccessEndpoints',
      { accountId: deviceId },
      options,
    );
    const list = Array.isArray(result.result) ? (result.result as unknown[]) : [];
    for (const item of list) {
      if (typeof item !== 'object' || item === null) continue;
      const entry = item as Record<string, unknown>;
      const token = typeof entry.Token === 'string' && entry.Token !== '' ? entry.Token : undefined;
      this.#secrets.add(token);
      const origin = nodeOrigin(entry.WebRcgUrl) ?? nodeOrigin(entry.Url);
      if (origin !== undefined || token !== undefined) return { origin, token };
    }
    return { origin: undefined, token: undefined };
  }
}

function readAccountType(result: Record<string, unknown>): number | undefined {
  const rows = Array.isArray(result.result) ? (result.result as unknown[]) : [];
  const settings = (rows[0] as { Settings?: unknown } | undefined)?.Settings;
  if (!Array.isArray(settings)) return undefined;
  for (const entry of settings) {
    if (typeof entry === 'object' && entry !== null && 'I59' in entry) {
      const value = (entry as { I59: unknown }).I59;
      return num(Array.isArray(value) ? value[0] : value);
    }
  }
  return undefined;
}
