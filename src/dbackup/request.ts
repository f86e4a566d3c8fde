/**
 * The DBackup request pipeline shared by every resource: credential header, pacing, transport,
 * status → typed error mapping, and response validation. Resources describe an endpoint and call
 * {@link DBackupRequester.json} or {@link DBackupRequester.binary}; they hold no logic of their own.
 *
 * @module
 */
import type * as z from 'zod';
import { checkCallOptions } from '../core/arguments';
import { backoffMs, maxRetriesOf } from '../core/backoff';
import { ConfigError } from '../core/errors';
import type { HttpMethod, HttpRequest, HttpResponse, HttpTransport, RetryOptions } from '../core/http';
import type { SecretStore } from '../core/redact';
import { parseResponse } from '../core/validate';
import {
  DBackupAuthError,
  DBackupError,
  type DBackupErrorDetails,
  DBackupNotFoundError,
  DBackupPermissionError,
  DBackupRateLimitError,
  DBackupRequestError,
  DBackupServerError,
} from './errors';
import { errorMessageOf, missingPermissionOf } from './schemas/errors';

/** Per-call options accepted by every DBackup method. */
export interface DBackupCallOptions {
  /** Aborts the call (and any retry wait). */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call, in milliseconds. */
  timeoutMs?: number;
  /** Largest response body read for this call, in bytes (overrides the client's `maxResponseBytes`). */
  maxResponseBytes?: number;
}

/** One endpoint call as a resource describes it. */
export interface EndpointCall {
  method: HttpMethod;
  /** Path template already filled in, e.g. `/api/jobs/abc/run`. */
  path: string;
  /** Route label for messages, e.g. `POST /api/jobs/:id/run`. */
  route: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  /** Whether a retry is safe. `false` for anything that may start work on the server. */
  idempotent: boolean;
  /** Send the API key (default `true`; the health and public-download routes need none). */
  auth?: boolean;
  /** Treat these non-2xx statuses as results instead of errors (e.g. 503 from health). */
  acceptStatuses?: readonly number[];
  /** Secret values this call sends besides the key (e.g. a download token): masked in every error. */
  secrets?: readonly string[];
}

/** A downloaded binary response. */
export interface BinaryResponse {
  /** The body as a stream; read it once. */
  body: ReadableStream<Uint8Array>;
  /** File name from `Content-Disposition`, when the server sent one. */
  filename: string | undefined;
  /** `Content-Type` header. */
  contentType: string | undefined;
  /** `Content-Length` in bytes, when known. */
  contentLength: number | undefined;
}

/** Checks that an argument is a non-empty string, before any request is sent. */
export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`\`${name}\` must be a non-empty string (got ${describe(value)}).`);
  }
  return value;
}

/**
 * Encodes an id as exactly one URL path segment. `encodeURIComponent` escapes `/`, `?`, `#` and
 * `%`, but leaves `.` and `..` as they are, and URL parsing then removes them (`/api/jobs/../run`
 * becomes `/api/run`), as it does for their escaped forms. No id can be sent as one of them, so
 * they are refused, like empty ids, before any request is sent.
 */
export function segment(value: unknown, name: string): string {
  const id = requireText(value, name);
  if (id === '.' || id === '..') {
    throw new ConfigError(
      `\`${name}\` cannot be "${id}": URLs drop dot segments, so the request would reach another resource. Pass the real id.`,
    );
  }
  return encodeURIComponent(id);
}

/** A short description of a bad argument for ConfigError messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `"${value.slice(0, 40)}"`;
  return typeof value;
}

/** A 2xx that says it is JSON but whose body did not parse (the transport keeps it as text). */
function isMalformedJson(response: HttpResponse): boolean {
  return (
    response.status >= 200 &&
    response.status < 300 &&
    typeof response.body === 'string' &&
    (response.headers.get('content-type') ?? '').includes('json')
  );
}

/** Sends DBackup requests through the shared transport and maps every failure to a typed error. */
export class DBackupRequester {
  readonly transport: HttpTransport;
  readonly #secrets: SecretStore;
  readonly #apiKey: string;
  readonly #retry: RetryOptions | undefined;

  constructor(transport: HttpTransport, secrets: SecretStore, apiKey: string, retry?: RetryOptions) {
    this.transport = transport;
    this.#secrets = secrets;
    this.#apiKey = apiKey;
    this.#retry = retry;
  }

  /** The transport request for a call. */
  #request(call: EndpointCall, options: DBackupCallOptions, responseType: 'body' | 'stream'): HttpRequest {
    return {
      method: call.method,
      path: call.path,
      query: call.query,
      json: call.json,
      idempotent: call.idempotent,
      headers: call.auth === false ? {} : { authorization: `Bearer ${this.#apiKey}` },
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      responseType,
      // DBackup's rate limiter answers 429 before any route runs: nothing happened, so even a
      // write (`jobs.run`) is sent again once the wait is over.
      unprocessedStatuses: [429],
      // Retrying cannot grant a permission, and an accepted status (health's 503) is an answer.
      isPermanent: (status, body) =>
        call.acceptStatuses?.includes(status) === true ||
        missingPermissionOf(errorMessageOf(body)) !== undefined,
    };
  }

  async #send(
    call: EndpointCall,
    options: DBackupCallOptions,
    responseType: 'body' | 'stream',
  ): Promise<HttpResponse> {
    options = checkCallOptions(options, `DBackup ${call.route}`);
    for (const secret of call.secrets ?? []) this.#secrets.addRotating(secret);
    const response = await this.transport.request(this.#request(call, options, responseType));
    const ok =
      (response.status >= 200 && response.status < 300) || call.acceptStatuses?.includes(response.status);
    if (!ok) throw this.#toError(call, response);
    return response;
  }

  /** Sends a call and validates its JSON body against `schema`. */
  async json<S extends z.ZodType>(
    call: EndpointCall,
    schema: S,
    options: DBackupCallOptions = {},
  ): Promise<z.output<S>> {
    // A 2xx whose JSON body is cut short or garbled (a proxy or a connection that gave out
    // mid-body) is not an answer: a read is sent again, with the client's retry budget and backoff.
    // A write is never resent, since the server may have acted on it.
    const resends = call.idempotent ? maxRetriesOf(this.#retry) : 0;
    for (let n = 1; ; n++) {
      const response = await this.#send(call, options, 'body');
      if (n > resends || !isMalformedJson(response)) {
        return parseResponse(schema, response.body, `DBackup ${call.route}`, this.#secrets);
      }
      this.transport.reportRetry(
        this.#request(call, options, 'body'),
        response,
        'a 2xx JSON body that was cut short or garbled',
      );
      await this.transport.clock.sleep(backoffMs(this.#retry, n), options.signal);
    }
  }

  /** Sends a call whose success body is binary and hands back the unread stream. */
  async binary(call: EndpointCall, options: DBackupCallOptions = {}): Promise<BinaryResponse> {
    const { stream, headers, status, requestId } = await this.#send(call, options, 'stream');
    if (!stream) {
      throw new DBackupServerError(
        `DBackup ${call.route} answered ${status} with no body where a file was expected.`,
        {
          status,
          body: undefined,
          serverMessage: undefined,
          endpoint: call.route,
          requestId,
        },
      );
    }
    const length = Number(headers.get('content-length'));
    return {
      body: stream,
      filename: filenameOf(headers.get('content-disposition')),
      contentType: headers.get('content-type') ?? undefined,
      contentLength: Number.isFinite(length) && headers.has('content-length') ? length : undefined,
    };
  }

  #toError(call: EndpointCall, response: HttpResponse): DBackupError {
    const body = this.#secrets.redactValue(response.body);
    const serverMessage = errorMessageOf(body);
    const { status } = response;
    const details: DBackupErrorDetails = {
      status,
      body,
      serverMessage,
      endpoint: call.route,
      requestId: response.requestId,
    };
    const said = serverMessage ? `: ${serverMessage.replace(/\.+$/, '')}` : '';
    const where = `DBackup ${call.route} failed with ${status}${said}.`;
    if (status === 401 && call.auth === false) {
      return new DBackupAuthError(
        `${where} The download link was already used or has expired (links work once, for 5 minutes). ` +
          'Create a new one with `storage.createDownloadUrl`.',
        details,
      );
    }
    if (status === 401) {
      return new DBackupAuthError(
        `${where} The API key was refused (missing, unknown, disabled or expired). ` +
          'Create or re-enable a key under Access Management → API Keys and pass it as `apiKey`.',
        details,
      );
    }
    const missingPermission = serverMessage ? missingPermissionOf(serverMessage) : undefined;
    // DBackup 3.x answers a missing permission with 403 on `run` only; other routes send a 500
    // whose body names the permission. Both are the same failure for the caller.
    if (status === 403 || missingPermission !== undefined) {
      return new DBackupPermissionError(
        `${where} Grant ${missingPermission ? `the \`${missingPermission}\` permission` : 'the needed permission'} to this API key in DBackup.`,
        { ...details, missingPermission },
      );
    }
    if (status === 404) return new DBackupNotFoundError(`${where} Check the id.`, details);
    if (status === 400 || status === 409) {
      return new DBackupRequestError(`${where} The server rejected the request as sent.`, details);
    }
    if (status === 429) {
      return new DBackupRateLimitError(
        `${where} The server's rate limit was exceeded (it allows 100 reads and 20 writes per minute per client address, ` +
          'shared by every client behind the same address). Slow down, or lower `rateLimit` to match the server.',
        details,
      );
    }
    if (status >= 500) {
      const hint = serverMessage
        ? ''
        : ' DBackup 3.x answers a disabled or expired API key, or a missing permission, with an empty 500 on some routes: check the key first.';
      return new DBackupServerError(`${where}${hint}`, details);
    }
    return new DBackupError(`${where}`, details);
  }
}

/** Extracts the file name from a `Content-Disposition` header. */
function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*("?)([^";]+)\1/i.exec(disposition);
  return plain?.[2]?.trim();
}
