/**
 * One Cove JSON-RPC call end to end: take a visa from the session, send the envelope through the
 * core transport, keep the visa the response carries, and map errors. On 1701 the session logs in
 * again **once** (shared by every call that hit it) and the call is replayed once; a second 1701
 * is a {@link CoveVisaError}.
 *
 * Transport-level retries (network errors, 408/429/5xx) apply to read methods only (`Get*`,
 * `Enumerate*`, `Query*`). So does one more kind of retry, made here: a read answered with a body
 * that is not a JSON-RPC response (cut short, not JSON) is sent again, with the same budget and
 * backoff as the transport's retries. That is safe because a read changes nothing on the server,
 * however often it arrives; a write or a Login answered that way may have taken effect, so it is
 * never resent. Login is never retried, not even after a network error, so that the SDK can never
 * add to a lockout; the next call simply logs in again.
 *
 * @module
 */

import * as z from 'zod';
import { checkCallOptions, describeArgument } from '../core/arguments';
import { backoffMs, maxRetriesOf } from '../core/backoff';
import type { Clock } from '../core/clock';
import { ConfigError, ResponseValidationError } from '../core/errors';
import type { HttpRequest, HttpResponse, HttpTransport, RetryOptions } from '../core/http';
import { parseResponse } from '../core/validate';
import {
  authErrorMessage,
  COVE_ERROR_CODES,
  CoveAuthError,
  CoveMalformedResponseError,
  CoveVisaError,
} from './errors';
import {
  type CoveMethodName,
  type CoveMethodResult,
  isReadMethod,
  METHOD_RESULT_READERS,
  METHOD_RESULT_SCHEMAS,
} from './methods';
import {
  buildRequest,
  coveCode,
  errorDetails,
  hasRpcError,
  parseEnvelope,
  type RpcResponse,
  toCoveError,
  toHttpError,
} from './rpc';
import { type UserInfo, UserInfoSchema } from './schemas/user-info';
import type { CoveSecretStore } from './secrets';
import { type LoginOutcome, VisaSession, type VisaTicket } from './session';

/** A request's answer body, and how to tell observers that it is being sent again. */
interface Posted {
  body: unknown;
  reportResend: (reason: string) => void;
}

function posted(transport: HttpTransport, req: HttpRequest, response: HttpResponse): Posted {
  return { body: response.body, reportResend: (reason) => transport.reportRetry(req, response, reason) };
}

/** Per-call options every method accepts. */
export interface CoveCallOptions {
  /** Aborts the call (and any wait for a shared Login) with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout for this call, in milliseconds. */
  timeoutMs?: number | undefined;
  /** Largest response body read for this call, in bytes (overrides the client's `maxResponseBytes`). */
  maxResponseBytes?: number | undefined;
}

/** What {@link CoveClient.login} returns. */
export interface LoginResult {
  /** The partner the user logged in to: the root of everything this client can see. */
  partnerId: number;
  /** The user record. */
  user: UserInfo;
  /** The user's flags, e.g. `AllowApiAuthentication`. */
  flags: string[];
}

/** Credentials and wiring for {@link CoveConnection}. */
export interface ConnectionOptions {
  transport: HttpTransport;
  /** Request path appended to the transport's base URL (the endpoint's path). */
  path: string;
  secrets: CoveSecretStore;
  clock: Clock;
  partner: string;
  username: string;
  password: string;
  refreshAfterMs: number;
  /** The client's retry policy: also the budget and backoff for resending a malformed read. */
  retry?: RetryOptions | undefined;
}

/** Where {@link CoveConnection.callService} sends a call, and how it authenticates. */
export interface ServiceTarget {
  /** Transport bound to the service's origin. */
  transport: HttpTransport;
  /** Request path, e.g. `/repserv_json`. */
  path: string;
  /** `'params'`: credentials are in `params`, no visa; `'bearer'`: the visa as a Bearer header. */
  auth: 'params' | 'bearer';
}

const LoginResultSchema = z.looseObject({ result: UserInfoSchema });

/** The JSON-RPC engine behind `CoveClient`. */
export class CoveConnection {
  readonly #options: ConnectionOptions;
  readonly #session: VisaSession<LoginResult>;
  #nextId = 0;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#session = new VisaSession<LoginResult>({
      login: () => this.#sendLogin(),
      clock: options.clock,
      refreshAfterMs: options.refreshAfterMs,
      onVisa: (visa) => options.secrets.addVisa(visa),
    });
  }

  /** Logs in now (joining a Login already in flight). */
  login(options: CoveCallOptions = {}): Promise<LoginResult> {
    return this.#session.login(checkCallOptions(options, 'Cove login').signal);
  }

  /** The latest Login result, if any. */
  get lastLogin(): LoginResult | undefined {
    return this.#session.lastLogin;
  }

  /** Sends a typed method and validates its result. */
  async callTyped<M extends CoveMethodName>(
    method: M,
    params: object,
    options: CoveCallOptions = {},
  ): Promise<CoveMethodResult<M>> {
    const result = await this.call(method, params, options);
    const plain = METHOD_RESULT_READERS[method]?.(result);
    if (plain !== undefined) return plain;
    return parseResponse(METHOD_RESULT_SCHEMAS[method], result, `Cove ${method}`, this.#options.secrets);
  }

  /**
   * Sends any method and returns its outer `result` object (return value in `result.result`,
   * OUT parameters beside it).
   */
  async call(
    method: string,
    params: object = {},
    options: CoveCallOptions = {},
  ): Promise<Record<string, unknown>> {
    if (typeof method !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(method)) {
      throw new ConfigError(
        `Cove method names are identifiers such as "GetPartnerInfo"; got ${describeArgument(method)}.`,
      );
    }
    if (method === 'Login') {
      throw new ConfigError(
        'Call `login()` instead of `call("Login")`: the client manages the visa session.',
      );
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new ConfigError(`Cove ${method}: params must be an object.`);
    }
    options = checkCallOptions(options, `Cove ${method}`);
    const { signal } = options;
    let ticket = await this.#session.acquire(signal);
    let response = await this.#send(method, params as Record<string, unknown>, ticket, options);
    if (!response.ok && coveCode(response.error) === COVE_ERROR_CODES.visa) {
      await this.#session.refresh(ticket.generation, signal);
      ticket = await this.#session.acquire(signal);
      response = await this.#send(method, params as Record<string, unknown>, ticket, options);
      if (!response.ok && coveCode(response.error) === COVE_ERROR_CODES.visa) {
        const details = errorDetails(response.error, method, this.#options.secrets);
        throw new CoveVisaError(
          `Cove refused the visa for ${method} (1701: ${details.serverMessage ?? 'Visa is inconsistent/corrupted.'}) ` +
            'even after a fresh Login and one replay. Check for a proxy that rewrites bodies or a server-side ' +
            'problem, then retry later.',
          details,
        );
      }
    }
    if (!response.ok) {
      if (coveCode(response.error) === COVE_ERROR_CODES.auth) {
        const details = errorDetails(response.error, method, this.#options.secrets);
        throw new CoveAuthError(
          authErrorMessage(this.#options.partner, this.#options.username, details.serverMessage),
          details,
        );
      }
      throw toCoveError(response.error, method, this.#options.secrets);
    }
    return response.result;
  }

  /**
   * Sends a JSON-RPC call to another Cove service: a storage node's `repserv_json` (`auth:
   * 'params'`, the device name and token are in `params` and no visa is sent) or `reporting_api`
   * (`auth: 'bearer'`, the visa goes in `Authorization: Bearer`, never in the body; a 1701 logs in
   * again once and replays). The transport's timeout, retry (read methods only) and abort rules
   * apply. Returns the outer `result` object.
   */
  async callService(
    target: ServiceTarget,
    method: string,
    params: Record<string, unknown>,
    options: CoveCallOptions = {},
  ): Promise<Record<string, unknown>> {
    const { secrets } = this.#options;
    if (target.auth === 'params') {
      const response = await this.#exchange(method, options, () =>
        this.#postTo(target, method, params, {}, options),
      );
      if (!response.ok) throw toCoveError(response.error, method, secrets);
      return response.result;
    }
    const attempt = async (ticket: VisaTicket): Promise<RpcResponse> => {
      const headers: Record<string, string> =
        ticket.visa === undefined ? {} : { authorization: `Bearer ${ticket.visa}` };
      const response = await this.#exchange(method, options, () =>
        this.#postTo(target, method, params, headers, options),
      );
      this.#session.observe(ticket, response.visa);
      return response;
    };
    let ticket = await this.#session.acquire(options.signal);
    let response = await attempt(ticket);
    if (!response.ok && coveCode(response.error) === COVE_ERROR_CODES.visa) {
      await this.#session.refresh(ticket.generation, options.signal);
      ticket = await this.#session.acquire(options.signal);
      response = await attempt(ticket);
    }
    if (!response.ok) throw toCoveError(response.error, method, secrets);
    return response.result;
  }

  async #postTo(
    target: ServiceTarget,
    method: string,
    params: Record<string, unknown>,
    headers: Record<string, string>,
    options: CoveCallOptions,
  ): Promise<Posted> {
    this.#nextId += 1;
    const req: HttpRequest = {
      method: 'POST',
      operation: method,
      path: target.path,
      json: buildRequest(method, params, undefined, String(this.#nextId)),
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      idempotent: isReadMethod(method),
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
    };
    const response = await target.transport.request(req);
    if ((response.status < 200 || response.status >= 300) && !hasRpcError(response.body)) {
      throw toHttpError(response.status, response.body, method, this.#options.secrets);
    }
    return posted(target.transport, req, response);
  }

  async #send(
    method: string,
    params: Record<string, unknown>,
    ticket: VisaTicket,
    options: CoveCallOptions,
  ): Promise<RpcResponse> {
    const response = await this.#exchange(method, options, () =>
      this.#post(method, params, ticket.visa, isReadMethod(method), options),
    );
    this.#session.observe(ticket, response.visa);
    return response;
  }

  /**
   * Sends a call with `post` and reads its envelope. A read method whose answer is not a JSON-RPC
   * response at all ({@link CoveMalformedResponseError}: cut short, not JSON) is sent again, up to
   * `retry.maxRetries` times with the transport's backoff: repeating a read is harmless, and the
   * visa it carried stays valid (Cove chains visas), even if the lost answer held a newer one.
   */
  async #exchange(
    method: string,
    options: CoveCallOptions,
    post: () => Promise<Posted>,
  ): Promise<RpcResponse> {
    const { secrets, retry, clock } = this.#options;
    const resends = isReadMethod(method) ? maxRetriesOf(retry) : 0;
    for (let n = 1; ; n++) {
      const { body, reportResend } = await post();
      try {
        return parseEnvelope(body, method, secrets);
      } catch (error) {
        if (!(error instanceof CoveMalformedResponseError) || n > resends) throw error;
        // Observers see the resend like a retry of the transport's own.
        reportResend('an answer that is not a JSON-RPC response (cut short or not JSON)');
        await clock.sleep(backoffMs(retry, n), options.signal);
      }
    }
  }

  async #post(
    method: string,
    params: Record<string, unknown>,
    visa: string | undefined,
    idempotent: boolean,
    options: CoveCallOptions,
  ): Promise<Posted> {
    const { transport, path, secrets } = this.#options;
    this.#nextId += 1;
    const req: HttpRequest = {
      method: 'POST',
      operation: method,
      path,
      json: buildRequest(method, params, visa, String(this.#nextId)),
      headers: { 'content-type': 'application/json; charset=utf-8' },
      idempotent,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
    };
    const response = await transport.request(req);
    if ((response.status < 200 || response.status >= 300) && !hasRpcError(response.body)) {
      throw toHttpError(response.status, response.body, method, secrets);
    }
    return posted(transport, req, response);
  }

  async #sendLogin(): Promise<LoginOutcome<LoginResult>> {
    const { partner, username, password, secrets } = this.#options;
    const { body } = await this.#post('Login', { partner, username, password }, undefined, false, {});
    const response = parseEnvelope(body, 'Login', secrets);
    if (!response.ok) {
      const details = errorDetails(response.error, 'Login', secrets);
      if (details.code === COVE_ERROR_CODES.auth) {
        throw new CoveAuthError(authErrorMessage(partner, username, details.serverMessage), details);
      }
      throw toCoveError(response.error, 'Login', secrets);
    }
    if (typeof response.visa !== 'string' || response.visa === '') {
      throw new ResponseValidationError(
        'Cove Login succeeded but returned no `visa`, so no further call can be authenticated.',
        { path: 'visa', issues: ['visa: expected a non-empty string'], excerpt: '' },
      );
    }
    secrets.addVisa(response.visa);
    const user = parseResponse(LoginResultSchema, response.result, 'Cove Login', secrets).result;
    return { visa: response.visa, result: { partnerId: user.PartnerId, user, flags: user.Flags } };
  }
}
