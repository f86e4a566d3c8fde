/**
 * The JSON-RPC 2.0 envelope Cove speaks: building a request (`visa` is a **top-level** field,
 * never inside `params`), reading a response (`result.result` plus OUT-param siblings, a new
 * `visa` at the top level) and mapping `error.data` to the typed errors.
 *
 * @module
 */
import * as z from 'zod';
import { ResponseValidationError } from '../core/errors';
import type { SecretStore } from '../core/redact';
import { parseResponse } from '../core/validate';
import {
  COVE_ERROR_CODES,
  type CoveError,
  type CoveErrorDetails,
  CoveHttpError,
  CoveMalformedResponseError,
  CoveRpcError,
  CoveSecurityError,
} from './errors';

/** A JSON-RPC request as Cove expects it. */
export interface RpcRequestEnvelope {
  jsonrpc: '2.0';
  id: string;
  method: string;
  params: Record<string, unknown>;
  visa?: string;
}

/** The `error` member of a failed response. */
export interface RpcErrorObject {
  /** Generic JSON-RPC code, usually `-32603`. */
  code?: number | undefined;
  /** The Cove error code (normally an integer). */
  data?: unknown;
  /** Server message. */
  message?: string | undefined;
}

/** A response envelope, read leniently. */
export type RpcResponse =
  | { ok: true; result: Record<string, unknown>; visa: string | undefined }
  | { ok: false; error: RpcErrorObject; visa: string | undefined };

/** Builds a request envelope. Login passes no visa. */
export function buildRequest(
  method: string,
  params: Record<string, unknown>,
  visa: string | undefined,
  id: string,
): RpcRequestEnvelope {
  const envelope: RpcRequestEnvelope = { jsonrpc: '2.0', id, method, params };
  if (visa !== undefined) envelope.visa = visa;
  return envelope;
}

const errorSchema = z.looseObject({
  code: z.number().optional().catch(undefined),
  data: z.unknown().optional(),
  message: z.string().optional().catch(undefined),
});

const envelopeSchema = z
  .looseObject({
    visa: z.string().optional(),
    // Cove always nests the return value: `result: { result: <value>, …OUT params }`. A void method
    // may omit the inner `result` key, but the outer one is always an object.
    result: z.looseObject({}).optional(),
    error: errorSchema.nullish(),
  })
  .refine((body) => body.result !== undefined || (body.error !== undefined && body.error !== null), {
    message: 'expected a JSON-RPC response with `result` or `error`',
  });

/**
 * Reads a response body. HTTP status is checked by the caller; this only reads the envelope.
 *
 * @throws CoveMalformedResponseError when the body is not a Cove JSON-RPC response (not JSON, cut
 * short, or without `result` and `error`).
 */
export function parseEnvelope(body: unknown, method: string, secrets: SecretStore): RpcResponse {
  let parsed: z.output<typeof envelopeSchema>;
  try {
    parsed = parseResponse(envelopeSchema, body, `Cove ${method}`, secrets);
  } catch (error) {
    if (!(error instanceof ResponseValidationError)) throw error;
    const what =
      typeof body === 'string' ? 'not JSON, or JSON cut short' : 'JSON, but not a JSON-RPC response';
    throw new CoveMalformedResponseError(
      `Cove ${method} answered with a body that is ${what} (${error.issues.slice(0, 2).join('; ')}). ` +
        'A proxy or a broken connection may have cut it short; read methods were sent again before giving up. ' +
        'Try again later, and check the endpoint if it persists.',
      { path: error.path, issues: error.issues, excerpt: error.excerpt },
      { cause: error.cause },
    );
  }
  if (parsed.error !== undefined && parsed.error !== null) {
    return { ok: false, error: parsed.error, visa: parsed.visa };
  }
  return { ok: true, result: parsed.result as Record<string, unknown>, visa: parsed.visa };
}

/** Whether `body` holds a JSON-RPC error (used for non-2xx bodies). */
export function hasRpcError(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object';
}

/** The numeric Cove code of an error object, or `null`. */
export function coveCode(error: RpcErrorObject): number | null {
  const { data } = error;
  if (typeof data === 'number' && Number.isInteger(data)) return data;
  if (typeof data === 'string' && /^-?\d+$/.test(data.trim())) return Number(data);
  return null;
}

/** Builds the details every Cove error carries, with the server message redacted. */
export function errorDetails(error: RpcErrorObject, method: string, secrets: SecretStore): CoveErrorDetails {
  return {
    method,
    code: coveCode(error),
    data: secrets.redactValue(error.data),
    rpcCode: error.code,
    serverMessage: error.message === undefined ? undefined : secrets.redactText(error.message),
  };
}

/**
 * Maps an `error` object to {@link CoveSecurityError} (13501) or {@link CoveRpcError} (anything
 * else). 1701 and 2100 are handled by the session before this is reached, but map to
 * {@link CoveRpcError} here too when they arrive where no re-login applies.
 */
export function toCoveError(error: RpcErrorObject, method: string, secrets: SecretStore): CoveError {
  const details = errorDetails(error, method, secrets);
  const said = details.serverMessage ? `: ${details.serverMessage}` : '';
  if (details.code === COVE_ERROR_CODES.security) {
    return new CoveSecurityError(
      `Cove refused ${method} for security reasons (13501${said}). The API user's role may not allow ` +
        'this method, the partner may be outside its scope, or a requested column is not on its allow-list.',
      details,
    );
  }
  const code =
    details.code === null ? `data ${JSON.stringify(details.data) ?? 'missing'}` : String(details.code);
  return new CoveRpcError(`Cove ${method} failed with error ${code}${said}.`, details);
}

/** Maps a non-2xx response without a JSON-RPC error to {@link CoveHttpError}. */
export function toHttpError(
  status: number,
  body: unknown,
  method: string,
  secrets: SecretStore,
): CoveHttpError {
  const text = typeof body === 'string' ? secrets.redactText(body).slice(0, 200) : '';
  return new CoveHttpError(
    `Cove ${method} failed with HTTP ${status}${text ? `: ${text}` : ''}. ` +
      'Check the endpoint; read methods were retried before giving up.',
    { method, code: null, status },
  );
}
