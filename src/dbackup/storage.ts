/**
 * `dbackup.storage`: the storage explorer (files, downloads, restores, usage history).
 *
 * @module
 */
import { checkCallOptions } from '../core/arguments';
import { ConfigError } from '../core/errors';
import {
  type BinaryResponse,
  type DBackupCallOptions,
  type DBackupRequester,
  describe,
  requireText,
  segment,
} from './request';
import {
  type DBackupAnalyzeResult,
  type DBackupDeleteFileResult,
  type DBackupDownloadUrlResult,
  type DBackupRestoreResult,
  type DBackupStorageFile,
  type DBackupStorageHistoryResponse,
  dbackupAnalyzeResultSchema,
  dbackupDeleteFileResultSchema,
  dbackupDownloadUrlResultSchema,
  dbackupRestoreResultSchema,
  dbackupStorageFileListSchema,
  dbackupStorageHistoryResponseSchema,
} from './schemas';

/** Options for {@link StorageResource.listFiles}. */
export interface ListFilesOptions extends DBackupCallOptions {
  /** Filter by file type. */
  typeFilter?: string;
  /** Re-scan the destination instead of using DBackup's cache. */
  refresh?: boolean;
}

/** Options for downloads. */
export interface DownloadOptions extends DBackupCallOptions {
  /** Decrypt on the server before sending (DBackup's default is `true`). */
  decrypt?: boolean;
}

/** Body of `POST /api/storage/:id/restore`. */
export interface RestoreInput {
  /** Backup file path in the destination. */
  file: string;
  /** The database source to restore into. */
  targetSourceId: string;
  /** Target database name (single-database backups). */
  targetDatabaseName?: string;
  /** Renames for multi-database backups: `{ old_name: 'new_name' }`. */
  databaseMapping?: Record<string, string>;
  /** Elevated credentials for `CREATE DATABASE` (sent to the server, never logged). */
  privilegedAuth?: { user: string; password: string };
}

/** Options for {@link StorageResource.history}. */
export interface StorageHistoryOptions extends DBackupCallOptions {
  /** Days of history, 1–365 (server default 30). */
  days?: number;
}

/** The `storage` resource. */
export class StorageResource {
  readonly #http: DBackupRequester;

  /** @internal */
  constructor(http: DBackupRequester) {
    this.#http = http;
  }

  /** `GET /api/storage/:id/files` (`storage:read`): backup files with their metadata. */
  async listFiles(storageId: string, options: ListFilesOptions = {}): Promise<DBackupStorageFile[]> {
    options = checkCallOptions(options, 'storage.listFiles');
    const path = `/api/storage/${segment(storageId, 'storageId')}/files`;
    return this.#http.json(
      {
        method: 'GET',
        path,
        route: 'GET /api/storage/:id/files',
        query: { typeFilter: options.typeFilter, refresh: options.refresh ? 'true' : undefined },
        idempotent: true,
      },
      dbackupStorageFileListSchema,
      options,
    );
  }

  /** `DELETE /api/storage/:id/files` (`storage:delete`): deletes one backup file. Not retried. */
  async deleteFile(
    storageId: string,
    file: string,
    options?: DBackupCallOptions,
  ): Promise<DBackupDeleteFileResult> {
    const path = `/api/storage/${segment(storageId, 'storageId')}/files`;
    requireText(file, 'file');
    return this.#http.json(
      {
        method: 'DELETE',
        path,
        route: 'DELETE /api/storage/:id/files',
        json: { path: file },
        idempotent: false,
      },
      dbackupDeleteFileResultSchema,
      options,
    );
  }

  /**
   * `GET /api/storage/:id/download?file=…` (`storage:download`): the backup file as a stream.
   * Read `body` once (e.g. `Readable.fromWeb(res.body).pipe(createWriteStream(name))`).
   */
  async download(storageId: string, file: string, options: DownloadOptions = {}): Promise<BinaryResponse> {
    options = checkCallOptions(options, 'storage.download');
    const path = `/api/storage/${segment(storageId, 'storageId')}/download`;
    requireText(file, 'file');
    return this.#http.binary(
      {
        method: 'GET',
        path,
        route: 'GET /api/storage/:id/download',
        query: { file, decrypt: options.decrypt === undefined ? undefined : String(options.decrypt) },
        idempotent: true,
      },
      options,
    );
  }

  /**
   * `POST /api/storage/:id/download-url` (`storage:download`): a temporary, single-use link that
   * works without a key. Treat the returned URL as a secret until it is used. Not retried: each
   * attempt would mint another token.
   *
   * `url` is always absolute: DBackup builds it from the request's `Origin` header, which
   * server-side clients do not send, so a relative link is resolved against `baseUrl`.
   */
  async createDownloadUrl(
    storageId: string,
    file: string,
    options: DownloadOptions = {},
  ): Promise<DBackupDownloadUrlResult> {
    options = checkCallOptions(options, 'storage.createDownloadUrl');
    const path = `/api/storage/${segment(storageId, 'storageId')}/download-url`;
    requireText(file, 'file');
    const link = await this.#http.json(
      {
        method: 'POST',
        path,
        route: 'POST /api/storage/:id/download-url',
        json: { file, decrypt: options.decrypt },
        idempotent: false,
      },
      dbackupDownloadUrlResultSchema,
      options,
    );
    // DBackup prefixes the link with the request's `Origin` header, which only browsers send:
    // for this client it is relative, so resolve it against `baseUrl`.
    return { ...link, url: absoluteLink(this.#http.transport.baseUrl, link.url) };
  }

  /**
   * `GET /api/storage/public-download?token=…` (no key): downloads with a token from
   * {@link StorageResource.createDownloadUrl}. Pass the URL, the relative link DBackup sent
   * (`/api/storage/public-download?token=…`) or the bare token; the request always goes to this
   * client's server. The token is consumed on use, so this is never retried.
   *
   * @throws ConfigError when `tokenOrUrl` holds no token; DBackupAuthError when the link was
   *   already used or has expired (the token never appears in the message).
   */
  async publicDownload(tokenOrUrl: string, options?: DBackupCallOptions): Promise<BinaryResponse> {
    const token = tokenOf(tokenOrUrl);
    return this.#http.binary(
      {
        method: 'GET',
        path: '/api/storage/public-download',
        route: 'GET /api/storage/public-download',
        query: { token },
        idempotent: false,
        auth: false,
        secrets: [token],
      },
      options,
    );
  }

  /** `POST /api/storage/:id/restore` (`storage:restore`): starts a restore; poll its `executionId`. Not retried. */
  async restore(
    storageId: string,
    input: RestoreInput,
    options?: DBackupCallOptions,
  ): Promise<DBackupRestoreResult> {
    const path = `/api/storage/${segment(storageId, 'storageId')}/restore`;
    requireText(input?.file, 'file');
    requireText(input.targetSourceId, 'targetSourceId');
    return this.#http.json(
      { method: 'POST', path, route: 'POST /api/storage/:id/restore', json: input, idempotent: false },
      dbackupRestoreResultSchema,
      options,
    );
  }

  /** `POST /api/storage/:id/analyze` (`storage:restore`): the database names inside a backup file. Not retried (it reads the whole file). */
  async analyze(
    storageId: string,
    file: string,
    options: DBackupCallOptions & { type?: string } = {},
  ): Promise<DBackupAnalyzeResult> {
    options = checkCallOptions(options, 'storage.analyze');
    const path = `/api/storage/${segment(storageId, 'storageId')}/analyze`;
    requireText(file, 'file');
    return this.#http.json(
      {
        method: 'POST',
        path,
        route: 'POST /api/storage/:id/analyze',
        json: { file, type: options.type },
        idempotent: false,
      },
      dbackupAnalyzeResultSchema,
      options,
    );
  }

  /** `GET /api/storage/:id/history` (`storage:read`): usage points (bytes and file count) over time. */
  async history(
    storageId: string,
    options: StorageHistoryOptions = {},
  ): Promise<DBackupStorageHistoryResponse> {
    options = checkCallOptions(options, 'storage.history');
    const path = `/api/storage/${segment(storageId, 'storageId')}/history`;
    const { days } = options;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 365)) {
      throw new ConfigError(`\`days\` must be an integer from 1 to 365 (got ${describe(days)}).`);
    }
    return this.#http.json(
      { method: 'GET', path, route: 'GET /api/storage/:id/history', query: { days }, idempotent: true },
      dbackupStorageHistoryResponseSchema,
      options,
    );
  }
}

/** Resolves a download link against the client's base URL (keeping its path prefix, if any). */
function absoluteLink(baseUrl: string, link: string): string {
  if (/^https?:\/\//i.test(link)) return link;
  return `${baseUrl}${link.startsWith('/') ? '' : '/'}${link}`;
}

/** The token of a download link: an absolute URL, a relative link (`/api/…?token=…`) or the bare token. */
function tokenOf(tokenOrUrl: unknown): string {
  if (typeof tokenOrUrl !== 'string' || tokenOrUrl.trim() === '') {
    throw new ConfigError('`publicDownload` needs the token or the URL returned by `createDownloadUrl`.');
  }
  const link = tokenOrUrl.trim();
  const isLink = /^https?:\/\//i.test(link) || link.startsWith('/') || link.includes('?');
  if (!isLink) {
    // A bare token is URL-safe text (DBackup mints hex); anything else is a mangled link.
    if (!/^[A-Za-z0-9._~-]+$/.test(link)) {
      throw new ConfigError(
        '`publicDownload` got neither a download link nor a token; pass the `url` returned by `createDownloadUrl`.',
      );
    }
    return link;
  }
  let token: string | null;
  try {
    token = new URL(link, 'https://relative.invalid').searchParams.get('token');
  } catch {
    throw new ConfigError(
      'The download URL is not a valid URL; pass the `url` returned by `createDownloadUrl`.',
    );
  }
  if (!token)
    throw new ConfigError(
      'The download link has no `token` parameter; pass the `url` returned by `createDownloadUrl`.',
    );
  return token;
}
