/**
 * Typed errors for DBackup HTTP failures, one class per status family. All extend
 * {@link DBackupError}, which carries the status and the parsed body.
 *
 * | Status | Class |
 * |---|---|
 * | 400, 409 | {@link DBackupRequestError} |
 * | 401 | {@link DBackupAuthError} |
 * | 403, or 500 naming a missing permission | {@link DBackupPermissionError} |
 * | 404 | {@link DBackupNotFoundError} |
 * | 429 | {@link DBackupRateLimitError} |
 * | 5xx | {@link DBackupServerError} |
 * | other | {@link DBackupError} |
 *
 * @module
 */
import { SdkError, type SdkErrorOptions } from '../core/errors';

/** Details every DBackup error carries. */
export interface DBackupErrorDetails {
  /** HTTP status code. */
  status: number;
  /** The parsed response body (`{error}`, `{success:false,error}`, text, or `undefined` when empty), redacted. */
  body: unknown;
  /** The server's own error text, when the body has one. */
  serverMessage: string | undefined;
  /** `METHOD /path` of the failed request (no query secrets). */
  endpoint: string;
  /** The SDK's per-request id (also given to hooks). */
  requestId: string;
}

/** Base class of every error answered by a DBackup server. */
export class DBackupError extends SdkError {
  override name = 'DBackupError';
  /** HTTP status code. */
  readonly status: number;
  /** The parsed, redacted response body. */
  readonly body: unknown;
  /** The server's own error text, when the body has one. */
  readonly serverMessage: string | undefined;
  /** `METHOD /path` of the failed request. */
  readonly endpoint: string;
  /** The SDK's per-request id. */
  readonly requestId: string;

  constructor(message: string, details: DBackupErrorDetails, options: SdkErrorOptions = {}) {
    super(message, options);
    this.status = details.status;
    this.body = details.body;
    this.serverMessage = details.serverMessage;
    this.endpoint = details.endpoint;
    this.requestId = details.requestId;
  }
}

/** 401: the API key is missing, unknown, disabled or expired. */
export class DBackupAuthError extends DBackupError {
  override name = 'DBackupAuthError';
}

/**
 * The key is valid but lacks a permission: a 403, or a 500 whose body says
 * `Permission denied: … required` (how DBackup 3.x answers on most routes). `status` keeps the
 * status the server sent. Never retried.
 */
export class DBackupPermissionError extends DBackupError {
  override name = 'DBackupPermissionError';
  /** The permission the server named, e.g. `jobs:execute`, when the body says which. */
  readonly missingPermission: string | undefined;

  constructor(message: string, details: DBackupErrorDetails & { missingPermission?: string | undefined }) {
    super(message, details);
    this.missingPermission = details.missingPermission;
  }
}

/** 404: the job, execution, adapter or storage does not exist. */
export class DBackupNotFoundError extends DBackupError {
  override name = 'DBackupNotFoundError';
}

/** 400 or 409: the server rejected the request (bad body, conflict, wrong state). */
export class DBackupRequestError extends DBackupError {
  override name = 'DBackupRequestError';
}

/** 429: the server's rate limit was hit even after the client's own pacing and retries. */
export class DBackupRateLimitError extends DBackupError {
  override name = 'DBackupRateLimitError';
}

/** 5xx: the server failed. DBackup also answers some auth and permission failures with 500. */
export class DBackupServerError extends DBackupError {
  override name = 'DBackupServerError';
}

/**
 * A capability was asked for on a DBackup server too old to have it (found out from the server's
 * own answers: a 404 on the route a newer version added). Nothing was changed on the server.
 * Upgrade DBackup, or use the 3.2 way (e.g. `history.list()` without filters).
 */
export class DBackupUnsupportedError extends SdkError {
  override name = 'DBackupUnsupportedError';
  /** What was asked for, e.g. `runs` or `historyFilters`. */
  readonly capability: string;
  /** The first DBackup version that has it, e.g. `3.4.0`. */
  readonly minimumVersion: string;

  constructor(message: string, capability: string, minimumVersion: string) {
    super(message);
    this.capability = capability;
    this.minimumVersion = minimumVersion;
  }
}
