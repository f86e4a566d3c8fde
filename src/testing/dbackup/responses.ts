/**
 * Response builders that reproduce DBackup's wire details: the security headers Next.js adds to
 * every routed response, JSON bodies, the empty body of an uncaught 500, plain-text bodies.
 *
 * @internal
 * @module
 */
import { HttpResponse } from 'msw';

/** Headers DBackup's middleware adds to every routed response (absent on 429). */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self';",
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** A JSON response (`content-type: application/json`). */
export function json(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): HttpResponse<string> {
  return new HttpResponse(JSON.stringify(body), {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json', ...headers },
  });
}

/** A response with no body and no content-type, like the real server's uncaught errors. */
export function empty(status: number, headers: Record<string, string> = {}): HttpResponse<null> {
  return new HttpResponse(null, { status, headers: { ...SECURITY_HEADERS, ...headers } });
}

/** A `text/plain;charset=UTF-8` response. */
export function text(
  body: string,
  status: number,
  headers: Record<string, string> = {},
): HttpResponse<string> {
  return new HttpResponse(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain;charset=UTF-8', ...headers },
  });
}

/** A binary response. */
export function binary(
  bytes: Uint8Array<ArrayBuffer>,
  headers: Record<string, string>,
  status = 200,
): HttpResponse<ArrayBuffer> {
  return new HttpResponse(bytes.buffer, {
    status,
    headers: { ...SECURITY_HEADERS, 'content-length': String(bytes.byteLength), ...headers },
  });
}

/** The middleware's 429: plain text, no `Retry-After`, no security headers. */
export function tooManyRequests(): HttpResponse<string> {
  return new HttpResponse('Too Many Requests', {
    status: 429,
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
  });
}

/** Next.js's 404 page for an unknown `/api/...` path. */
export function notFoundPage(): HttpResponse<string> {
  return new HttpResponse(
    '<!DOCTYPE html><html><head><title>404: This page could not be found.</title></head><body><h1>404</h1><h2>This page could not be found.</h2></body></html>',
    { status: 404, headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' } },
  );
}

/**
 * Reads a request body as JSON. Returns `undefined` when the body is empty or not valid JSON;
 * `{ error }` carries the parse error message for routes that surface it.
 */
export async function readJson(request: Request): Promise<{ value: unknown; error?: string }> {
  const raw = await request.text().catch(() => '');
  if (raw.trim() === '') return { value: undefined, error: 'Unexpected end of JSON input' };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch (error) {
    return { value: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Narrows an unknown value to a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
