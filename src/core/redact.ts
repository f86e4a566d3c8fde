/**
 * Secret redaction. API keys, passwords, visas and device tokens must never reach an error
 * message, a log line, a hook payload, `toString()` or `JSON.stringify(client)`.
 *
 * Two layers: a {@link SecretStore} knows the exact secret strings a client holds (so they are
 * masked wherever they appear, even in free text), and key-based masking catches fields whose
 * names say they are secret (`password`, `visa`, `token`, `authorization`, …).
 *
 * @module
 */

import { TOO_DEEP_MARKER } from './json-text';

/** The string every secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Header names whose values are always masked (lower-case). */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
]);

/** Object keys whose values are always masked, compared case-insensitively. */
const SECRET_KEY_PATTERN =
  /^(password|passwd|passphrase|visa|token|apikey|api_key|secret|accountpassword|accounttoken|authorization|privatekey|secretaccesskey)$/i;

/** Query parameters masked in URLs. */
const SECRET_QUERY_PARAMS = /([?&](?:token|visa|api_key|apikey|key|password|access_token)=)[^&#\s"'<>]*/gi;

/** Bearer tokens and DBackup keys that may appear in free text. */
const TOKEN_PATTERNS = [/\bdbackup_[A-Za-z0-9]+/g, /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi];

/**
 * Secrets at least this long are masked wherever they occur. Shorter ones are masked only where
 * they stand alone (not inside a longer run of letters and digits), since masking `ab` inside
 * every word would mangle ordinary text; they are never skipped.
 */
export const MIN_SECRET_LENGTH_ANYWHERE = 6;

/**
 * Every form a secret takes once a server echoes it: raw, JSON-escaped (also with non-ASCII as
 * `\uXXXX` and `/` as `\/`), JSON-escaped twice (a JSON body echoed inside a JSON string),
 * percent-encoded (either hex case) and form-encoded (`+` for spaces).
 */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const percent = encodeURIComponent(secret);
  const forms = new Set([
    secret,
    json,
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    json.replace(/\//g, '\\/'),
    JSON.stringify(json).slice(1, -1),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  return [...forms].filter((form) => form !== '');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Holds the exact secret values one client knows about (its key or password, and short-lived
 * credentials such as visas) and masks them in any text, in every form a body can carry them
 * (raw, JSON-escaped, percent- and form-encoded). A secret shorter than 6 characters is masked
 * where it stands alone, not inside longer words.
 */
export class SecretStore {
  /** Forms of the permanent secrets masked anywhere, longest first. */
  #forms: string[] = [];
  /** Forms of short secrets, masked where they stand alone. */
  #short: RegExp | undefined;
  readonly #shortForms = new Set<string>();
  readonly #rotating: { secret: string; forms: string[] }[] = [];
  readonly #rotatingLimit: number;
  #count = 0;

  /**
   * @param rotatingLimit - How many short-lived secrets ({@link SecretStore.addRotating}) are kept;
   *   older ones are forgotten, so a long-running client does not slow down every redaction.
   */
  constructor(rotatingLimit = 64) {
    this.#rotatingLimit = rotatingLimit;
  }

  /** Registers a secret value for the store's lifetime (an API key, a password, a token). */
  add(secret: string | undefined | null): void {
    if (typeof secret !== 'string' || secret === '') return;
    this.#count += 1;
    if (secret.length >= MIN_SECRET_LENGTH_ANYWHERE) {
      this.#forms = [...new Set([...this.#forms, ...secretForms(secret)])].sort(
        (a, b) => b.length - a.length,
      );
      return;
    }
    for (const form of secretForms(secret)) this.#shortForms.add(form);
    const alternatives = [...this.#shortForms].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.#short = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  }

  /**
   * Registers each string value of `headers`, a client's custom headers: they may carry an
   * access-proxy secret, so a server that echoes them finds them masked like the credential.
   * Anything that is not a plain object of strings is ignored (the options check reports it).
   */
  addHeaderValues(headers: unknown): void {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return;
    for (const value of Object.values(headers)) this.add(value as string);
  }

  /**
   * Registers a short-lived secret that is replaced often (a visa, a session token). Only the most
   * recent ones are kept; the client no longer holds the older ones, so they cannot leak from it.
   * A short one is kept for the store's lifetime instead (see {@link SecretStore.add}).
   */
  addRotating(secret: string | undefined | null): void {
    if (typeof secret !== 'string' || secret === '') return;
    if (secret.length < MIN_SECRET_LENGTH_ANYWHERE) {
      this.add(secret);
      return;
    }
    if (this.#rotating.some((entry) => entry.secret === secret)) return;
    this.#rotating.push({ secret, forms: secretForms(secret) });
    if (this.#rotating.length > this.#rotatingLimit) this.#rotating.shift();
  }

  /** Masks every known secret (in each of its forms), DBackup key, bearer token and URL token in `text`. */
  redactText(text: string): string {
    let out = text;
    for (const form of this.#forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    for (const { forms } of this.#rotating) {
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
    if (this.#short) out = out.replace(this.#short, REDACTED);
    return redactPatterns(out);
  }

  /** Deep-copies a JSON-like value with secret-named keys and known secret strings masked. */
  redactValue<T>(value: T): T {
    return redactDeep(value, (s) => this.redactText(s), 0) as T;
  }

  /** Never reveal what is stored. */
  toJSON(): string {
    return `SecretStore(${this.#count} secrets)`;
  }
}

/** Masks DBackup keys, bearer/basic credentials and secret URL query parameters in free text. */
export function redactPatterns(text: string): string {
  let out = text.replace(SECRET_QUERY_PARAMS, `$1${REDACTED}`);
  for (const pattern of TOKEN_PATTERNS) {
    out = out.replace(pattern, (_match, scheme?: string) =>
      typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/** Masks secret query parameters (`token`, `visa`, `key`, …) in a URL string. */
export function redactUrl(url: string): string {
  return redactPatterns(url);
}

/**
 * Returns a plain object of headers with credential headers masked, and the headers named in
 * `alsoSecret` (lower-case; e.g. a client's custom headers, which may carry an access-proxy secret).
 * In the other values, the secrets `secrets` knows are masked too (a server may echo them in a
 * response header); without it, only DBackup keys, bearer tokens and URL tokens are.
 */
export function redactHeaders(
  headers: Headers | Record<string, string>,
  alsoSecret?: ReadonlySet<string>,
  secrets?: SecretStore,
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    out[name] =
      SECRET_HEADERS.has(lower) || alsoSecret?.has(lower)
        ? REDACTED
        : secrets
          ? secrets.redactText(value)
          : redactPatterns(value);
  }
  return out;
}

/** Nesting kept by {@link redactDeep}; anything deeper is replaced by {@link TOO_DEEP_MARKER}. */
const MAX_REDACT_DEPTH = 32;

function redactDeep(value: unknown, redactString: (s: string) => string, depth: number): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  // Deeper parts are dropped rather than copied unredacted: a secret can hide at any depth, and a
  // hostile body nested thousands deep would overflow the stack of whoever walks it next.
  if (depth >= MAX_REDACT_DEPTH) return TOO_DEEP_MARKER;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redactString, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // A server-sent `__proto__` key would set the copy's prototype: drop it.
    if (key === '__proto__') continue;
    out[key] =
      SECRET_KEY_PATTERN.test(key) && item !== null && item !== undefined && item !== ''
        ? REDACTED
        : redactDeep(item, redactString, depth + 1);
  }
  return out;
}

/** Masks secret-named keys in a JSON-like value without knowing any exact secret. */
export function redactSecretsByKey<T>(value: T): T {
  return redactDeep(value, redactPatterns, 0) as T;
}

/** A short, redacted excerpt of a body for error messages: at most `max` characters. */
export function excerpt(body: unknown, secrets?: SecretStore, max = 300): string {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body === undefined) text = '';
  else {
    try {
      text = JSON.stringify(secrets ? secrets.redactValue(body) : redactSecretsByKey(body)) ?? '';
    } catch {
      text = String(body);
    }
  }
  text = secrets ? secrets.redactText(text) : redactPatterns(text);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
