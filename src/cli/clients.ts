/**
 * SDK clients for configured sources. Secrets are read here, when a command needs them.
 *
 * @module
 */
import { CoveClient } from '../cove/client';
import { DBackupClient } from '../dbackup/client';
import { type CoveSourceConfig, type DBackupSourceConfig, readSecret } from './config';
import type { CliIo } from './io';

/** A `CoveClient` for a configured Cove source. */
export function coveClient(io: CliIo, source: CoveSourceConfig): CoveClient {
  return new CoveClient({
    partner: source.partner,
    username: source.username,
    password: readSecret(io, source, 'password', source.password),
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
  });
}

/** A `DBackupClient` for a configured DBackup source. */
export function dbackupClient(io: CliIo, source: DBackupSourceConfig): DBackupClient {
  return new DBackupClient({ baseUrl: source.url, apiKey: readSecret(io, source, 'apiKey', source.apiKey) });
}

/** The partner to read for a Cove source: the configured one, or the login partner. */
export async function covePartnerId(
  client: CoveClient,
  source: CoveSourceConfig,
  signal: AbortSignal,
): Promise<number> {
  return source.partnerId ?? (await client.login({ signal })).partnerId;
}

/** A one-line description of an error, for stderr (SDK messages never contain secrets). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
