/**
 * Cove's session status enum: the value of every `F00` (last session status), `F16` (last
 * successful session status) and `F17` (last completed session status) column, and of each day in
 * the `F08` colour bar.
 *
 * @module
 */
import { firstValue, rawValueText } from './raw-value';

/**
 * Official session status codes and their names (cove-api-facts §6, N-able column-code docs).
 * Codes 0, 4 and 13 are not documented and are deliberately absent: they decode to `'unknown'`.
 */
export const SESSION_STATUS_NAMES = {
  /** The session is running. */
  1: 'InProcess',
  /** The session failed. */
  2: 'Failed',
  /** The session was aborted. */
  3: 'Aborted',
  /** The session completed without errors. */
  5: 'Completed',
  /** The session was interrupted. */
  6: 'Interrupted',
  /** The session has not started. */
  7: 'NotStarted',
  /** The session completed, but some items failed. */
  8: 'CompletedWithErrors',
  /** The session is running and has hit errors (filter constant `Session.InProcessWithFaults`). */
  9: 'InProgressWithFaults',
  /** The session stopped because the storage quota was exceeded. */
  10: 'OverQuota',
  /** Nothing was selected for backup. */
  11: 'NoSelection',
  /** The session was restarted. */
  12: 'Restarted',
} as const satisfies Readonly<Record<number, string>>;

/**
 * A documented session status code (1–3, 5–12).
 *
 * @useDeclaredType
 */
export type SessionStatusCode = keyof typeof SESSION_STATUS_NAMES;

/** The name of a session status; `'unknown'` for any code the docs do not list (0, 4, 13, garbage). */
export type SessionStatusName = (typeof SESSION_STATUS_NAMES)[SessionStatusCode] | 'unknown';

/** A decoded session status. The raw server text is always kept, whatever the code. */
export interface SessionStatus {
  /** The numeric code, or `null` when the raw value is not an integer. */
  code: number | null;
  /** The official name, or `'unknown'` for an unlisted code or garbage. */
  name: SessionStatusName;
  /** The value exactly as the server sent it (an array arrives JSON-stringified). */
  raw: string;
}

/** Text aliases the filter language and the reporting services use for the same statuses. */
const NAME_ALIASES: Readonly<Record<string, SessionStatusCode>> = { inprocesswithfaults: 9 };

/**
 * Looks up a status code's name without building a {@link SessionStatus}.
 *
 * @returns the official name, or `'unknown'` when the code is not documented.
 */
export function sessionStatusName(code: number): SessionStatusName {
  return Object.hasOwn(SESSION_STATUS_NAMES, code)
    ? SESSION_STATUS_NAMES[code as SessionStatusCode]
    : 'unknown';
}

function codeFromText(text: string): number | null {
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  for (const [code, name] of Object.entries(SESSION_STATUS_NAMES)) {
    if (name.toLowerCase() === lower) return Number(code);
  }
  return NAME_ALIASES[lower] ?? null;
}

/**
 * Decodes a session status. Never throws: anything it cannot read becomes `'unknown'` with the raw
 * value kept.
 *
 * Accepts a number (`5`), a numeric string (`"5"`, `" 5 "`), a status name as the reporting
 * services send it (`"Completed"`, case-insensitive), or an array of those (element `[0]` is used).
 *
 * @example
 * decodeSessionStatus('5');  // { code: 5, name: 'Completed', raw: '5' }
 * decodeSessionStatus('13'); // { code: 13, name: 'unknown', raw: '13' }
 * decodeSessionStatus('x');  // { code: null, name: 'unknown', raw: 'x' }
 */
export function decodeSessionStatus(raw: unknown): SessionStatus {
  const value = firstValue(raw);
  const scalar = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const { code, name } = statusOfText(scalar);
  return { code, name, raw: typeof raw === 'string' ? raw : rawValueText(raw) };
}

/**
 * Code and name per status text, memoised: a page repeats a handful of texts (`"5"`, `"2"`, and
 * one per colour-bar day). Bounded against a server that sends endless distinct garbage.
 */
const statusByText = new Map<string, { code: number | null; name: SessionStatusName }>();

function statusOfText(scalar: string): { code: number | null; name: SessionStatusName } {
  let known = statusByText.get(scalar);
  if (known === undefined) {
    const code = codeFromText(scalar.trim());
    known = { code, name: code === null ? 'unknown' : sessionStatusName(code) };
    if (statusByText.size >= 1024) statusByText.clear();
    statusByText.set(scalar, known);
  }
  return known;
}
