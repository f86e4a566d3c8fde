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
 * Holds the exact secret values one client knows about (its key or password, and short-lived
 * credentials such as visas) and masks them in any text. Secrets shorter than 4 characters are
 * ignored, since masking them would mangle ordinary text.
 */
export class SecretStore {
  readonly #secrets = new Set<string>();
  readonly #rotating: string[] = [];
  readonly #rotatingLimit: number;

  /**
   * @param rotatingLimit - How many short-lived secrets ({@link SecretStore.addRotating}) are kept;
   *   older ones are forgotten, so a long-running client does not slow down every redaction.
   */
  constructor(rotatingLimit = 64) {
    this.#rotatingLimit = rotatingLimit;
  }

  /** Registers a secret value for the store's lifetime (an API key, a password). */
  add(secret: string | undefined | null): void {
    if (typeof secret === 'string' && secret.length >= 4) this.#secrets.add(secret);
  }

  /**
   * Registers a short-lived secret that is replaced often (a visa, a session token). Only the most
   * recent ones are kept; the client no longer holds the older ones, so they cannot leak from it.
   */
  addRotating(secret: string | undefined | null): void {
    if (typeof secret !== 'string' || secret.length < 4 || this.#rotating.includes(secret)) return;
    this.#rotating.push(secret);
    if (this.#rotating.length > this.#rotatingLimit) this.#rotating.shift();
  }

  /** Masks every known secret, every DBackup key, bearer token and URL token in `text`. */
  redactText(text: string): string {
    let out = text;
    for (const secret of [...this.#secrets, ...this.#rotating]) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return redactPatterns(out);
  }

  /** Deep-copies a JSON-like value with secret-named keys and known secret strings masked. */
  redactValue<T>(value: T): T {
    return redactDeep(value, (s) => this.redactText(s), 0) as T;
  }

  /** Never reveal what is stored. */
  toJSON(): string {
    return `SecretStore(${this.#secrets.size} secrets)`;
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
 */
export function redactHeaders(
  headers: Headers | Record<string, string>,
  alsoSecret?: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    out[name] = SECRET_HEADERS.has(lower) || alsoSecret?.has(lower) ? REDACTED : redactPatterns(value);
  }
  return out;
}

function redactDeep(value: unknown, redactString: (s: string) => string, depth: number): unknown {
  if (typeof value === 'string') return redactString(value);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redactString, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
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
