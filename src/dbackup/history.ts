/**
 * `dbackup.history`: the execution history.
 *
 * @module
 */
import type { DBackupCallOptions, DBackupRequester } from './request';
import { type DBackupHistoryResponse, dbackupHistoryResponseSchema } from './schemas';

/** The `history` resource. */
export class HistoryResource {
  readonly #http: DBackupRequester;

  /** @internal */
  constructor(http: DBackupRequester) {
    this.#http = http;
  }

  /**
   * `GET /api/history` (`history:read`): the last 100 executions, newest first, with the server's
   * time zone. DBackup offers no paging or filters here, and entries carry no `size` (read one
   * execution with `executions.get` for that). `metadata` arrives as a JSON string and is parsed.
   */
  async list(options?: DBackupCallOptions): Promise<DBackupHistoryResponse> {
    return this.#http.json(
      { method: 'GET', path: '/api/history', route: 'GET /api/history', idempotent: true },
      dbackupHistoryResponseSchema,
      options,
    );
  }
}
