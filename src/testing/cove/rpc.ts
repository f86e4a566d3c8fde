/**
 * JSON-RPC 2.0 envelopes and the Cove error codes the mock returns. Cove errors always come back
 * with HTTP 200, `error.code` -32603 and the Cove-specific number in `error.data`.
 *
 * @module
 */

/** Cove error numbers (`error.data`) the mock produces. */
export const CoveMockErrorCode = {
  /** Visa missing, unknown, expired, or sent inside `params`. */
  Visa: 1701,
  /** Wrong partner string, username or password on `Login`. */
  Login: 2100,
  /** Visa valid but the operation was refused (scope, restricted column, empty EnumeratePartners). */
  Security: 13501,
} as const;

/** Default message for each Cove error number, worded as the real server (or its fixtures) words it. */
export const COVE_MOCK_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  1701: 'Visa is inconsistent/corrupted.',
  2100: 'Unknown partner/username or bad password',
  13501: 'Operation failed because of security reasons',
};

/** JSON-RPC 2.0 codes for envelope-level failures (not Cove errors). */
export const JsonRpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/**
 * An error raised while handling a call; the server turns it into a JSON-RPC error body.
 * @internal
 */
export class CoveMockRpcError extends Error {
  constructor(
    readonly data: number,
    message: string = COVE_MOCK_ERROR_MESSAGES[data] ?? 'Operation failed',
    readonly code: number = JsonRpcCode.InternalError,
  ) {
    super(message);
  }
}

/** @internal */
export const visaError = (): CoveMockRpcError => new CoveMockRpcError(CoveMockErrorCode.Visa);
/** @internal */
export const securityError = (): CoveMockRpcError => new CoveMockRpcError(CoveMockErrorCode.Security);
/** @internal */
export const loginError = (): CoveMockRpcError => new CoveMockRpcError(CoveMockErrorCode.Login);
/**
 * Malformed parameters (e.g. an unparseable `Filter`). The real server's code for this is not
 * known; the mock uses JSON-RPC's -32602 in both `code` and `data`.
 * @internal
 */
export const invalidParams = (detail: string): CoveMockRpcError =>
  new CoveMockRpcError(JsonRpcCode.InvalidParams, `Invalid params: ${detail}`, JsonRpcCode.InvalidParams);

/** @internal */
export function successBody(
  id: unknown,
  result: unknown,
  siblings: Readonly<Record<string, unknown>> | undefined,
  visa: string,
): Record<string, unknown> {
  const inner: Record<string, unknown> = { ...siblings };
  if (result !== undefined) inner.result = result;
  return { id, jsonrpc: '2.0', result: inner, visa };
}

/** @internal */
export function errorBody(
  id: unknown,
  code: number,
  data: number | undefined,
  message: string,
): Record<string, unknown> {
  return {
    id,
    jsonrpc: '2.0',
    error: data === undefined ? { code, message } : { code, data, message },
  };
}
