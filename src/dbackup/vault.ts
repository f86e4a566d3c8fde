/**
 * `dbackup.vault`: the encryption vault.
 *
 * @module
 */
import { ConfigError } from '../core/errors';
import { type BinaryResponse, type DBackupCallOptions, type DBackupRequester, requireText } from './request';

/** The `vault` resource. */
export class VaultResource {
  readonly #http: DBackupRequester;

  /** @internal */
  constructor(http: DBackupRequester) {
    this.#http = http;
  }

  /**
   * Downloads the recovery kit (a ZIP with the master key and offline decryption scripts) for one
   * or more encryption profiles (`vault:write`; DBackup writes an audit entry). DBackup 3.x serves
   * it at `GET /api/vault/recovery-kit?ids=a,b`, not at the path its docs show. The ZIP holds a
   * master key: store it as a secret.
   */
  async recoveryKit(
    profileIds: string | readonly string[],
    options?: DBackupCallOptions,
  ): Promise<BinaryResponse> {
    const ids = typeof profileIds === 'string' ? [profileIds] : [...(profileIds ?? [])];
    if (ids.length === 0) throw new ConfigError('`recoveryKit` needs at least one encryption profile id.');
    for (const [i, id] of ids.entries()) requireText(id, `profileIds[${i}]`);
    return this.#http.binary(
      {
        method: 'GET',
        path: '/api/vault/recovery-kit',
        route: 'GET /api/vault/recovery-kit',
        query: { ids: ids.join(',') },
        idempotent: true,
      },
      options,
    );
  }
}
