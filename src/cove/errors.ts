/**
 * The Cove error family. Cove answers errors with HTTP 200 and a JSON-RPC `error: {code, data,
 * message}`; the Cove-specific number is in `data`, so the SDK branches on it:
 *
 * | `error.data` | Class | What to do |
 * |---|---|---|
 * | 2100 | {@link CoveAuthError} | Fix the partner string, username or password. Never retried. |
 * | 1701 | {@link CoveVisaError} | Only thrown when the automatic re-login and replay failed too. |
 * | 13501 | {@link CoveSecurityError} | Ask the Cove admin for the permission/columns, or drop them. |
 * | other | {@link CoveRpcError} | Read `code` and `serverMessage`. |
 *
 * An answer that is not a JSON-RPC response at all (cut short, not JSON) is a
 * {@link CoveMalformedResponseError}.
 *
 * Every message is redacted: no password or visa ever appears in one.
 *
 * @module
 */
import { ResponseValidationError, SdkError, type SdkErrorOptions } from '../core/errors';

/** Cove error codes (`error.data`) the SDK knows. */
export const COVE_ERROR_CODES = {
  /** Visa is inconsistent/corrupted: expired, missing or malformed. */
  visa: 1701,
  /** Unknown partner/username or bad password (also a wrongly spelled or empty partner). */
  auth: 2100,
  /** Operation failed because of security reasons (method or column not allowed). */
  security: 13501,
} as const;

/** What every Cove error carries. */
export interface CoveErrorDetails {
  /** The JSON-RPC method that failed, e.g. `EnumerateAccountStatistics`. */
  method: string;
  /** The Cove error code (the numeric `error.data`), or `null` when there was none. */
  code: number | null;
  /** `error.data` exactly as the server sent it. */
  data?: unknown;
  /** The generic JSON-RPC `error.code` (usually `-32603`). */
  rpcCode?: number | undefined;
  /** The server's message, redacted. */
  serverMessage?: string | undefined;
}

/** Base class of every error a Cove call returns. Branch on {@link CoveError.code}. */
export class CoveError extends SdkError {
  override name = 'CoveError';
  /** The Cove error code (`error.data`), e.g. `2100`, or `null` when the server sent none. */
  readonly code: number | null;
  /** `error.data` exactly as sent (normally the same number as `code`). */
  readonly data: unknown;
  /** The JSON-RPC `error.code`, normally `-32603` whatever the Cove error. */
  readonly rpcCode: number | undefined;
  /** The JSON-RPC method that failed. */
  readonly method: string;
  /** The server's own message (redacted), e.g. `Visa is inconsistent/corrupted.` */
  readonly serverMessage: string | undefined;

  constructor(message: string, details: CoveErrorDetails, options: SdkErrorOptions = {}) {
    super(message, options);
    this.code = details.code;
    this.data = details.data ?? details.code;
    this.rpcCode = details.rpcCode;
    this.method = details.method;
    this.serverMessage = details.serverMessage;
  }
}

/**
 * Login failed with 2100: unknown partner, username or bad password. Cove returns the same error
 * for a wrongly spelled partner, so check the **exact** partner string from the console's
 * customer dropdown, e.g. `Acme (admin@acme.com)`. Never retried: repeated bad logins lock the
 * account, so the client refuses to send another Login after this error.
 */
export class CoveAuthError extends CoveError {
  override name = 'CoveAuthError';
}

/**
 * The visa was refused with 1701 even after one fresh Login and a replay of the call. Usually a
 * clock, proxy or server problem; the call may be retried later.
 */
export class CoveVisaError extends CoveError {
  override name = 'CoveVisaError';
}

/** Details of a 13501 refusal of `EnumerateAccountStatistics`. */
export interface CoveSecurityDetails {
  /** Requested columns the API user may not read, as requested (empty when the cause was not a column). */
  restrictedColumns?: readonly string[] | undefined;
  /** The columns the call requested. */
  requestedColumns?: readonly string[] | undefined;
}

/**
 * Cove refused the operation "because of security reasons" (13501): the API user's role does not
 * allow the method, the partner is outside the user's scope, or (for `EnumerateAccountStatistics`)
 * one of the requested columns is not on the user's allow-list. In the last case
 * {@link CoveSecurityError.restrictedColumns} lists them.
 */
export class CoveSecurityError extends CoveError {
  override name = 'CoveSecurityError';
  /** Requested columns found to be restricted; empty when the cause is something else; `undefined` when not probed. */
  readonly restrictedColumns: readonly string[] | undefined;
  /** The columns the refused call requested, when it was a statistics call. */
  readonly requestedColumns: readonly string[] | undefined;

  constructor(
    message: string,
    details: CoveErrorDetails & CoveSecurityDetails,
    options: SdkErrorOptions = {},
  ) {
    super(message, details, options);
    this.restrictedColumns = details.restrictedColumns;
    this.requestedColumns = details.requestedColumns;
  }
}

/** Any other Cove error (an unknown `error.data`, or an error without one). */
export class CoveRpcError extends CoveError {
  override name = 'CoveRpcError';
}

/**
 * The endpoint answered with a non-2xx HTTP status and no JSON-RPC error in the body (after the
 * transport's retries, for read methods). `code` is `null`; see {@link CoveHttpError.status}.
 */
export class CoveHttpError extends CoveRpcError {
  override name = 'CoveHttpError';
  /** The HTTP status code. */
  readonly status: number;

  constructor(
    message: string,
    details: CoveErrorDetails & { status: number },
    options: SdkErrorOptions = {},
  ) {
    super(message, details, options);
    this.status = details.status;
  }
}

/** The message of a {@link CoveAuthError}. */
export function authErrorMessage(
  partner: string,
  username: string,
  serverMessage: string | undefined,
): string {
  return (
    `Cove Login failed (2100: ${serverMessage ?? 'Unknown partner/username or bad password'}) for partner ` +
    `"${partner}" and username "${username}". Check the exact partner string as the Cove console's ` +
    'customer dropdown shows it, usually with the e-mail in parentheses, e.g. "Acme (admin@acme.com)", ' +
    "and that the password is the API user's token. The SDK does not retry a failed Login, because " +
    'repeated bad logins lock the account; create a new CoveClient with corrected credentials.'
  );
}

/**
 * Cove answered with a body that is not a JSON-RPC response at all: cut short, not JSON, or JSON
 * with neither `result` nor `error` (a proxy's page, a connection broken mid-body). A read method
 * (`Get*`, `Enumerate*`, `Query*`) is sent again before this is thrown, as for a 5xx, since
 * repeating a read changes nothing; Login and writes are not, because the server may have acted on
 * them. A {@link ResponseValidationError}, so code that catches those catches this too.
 */
export class CoveMalformedResponseError extends ResponseValidationError {
  override name = 'CoveMalformedResponseError';
}
