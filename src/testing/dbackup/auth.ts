/**
 * API keys, permissions and DBackup's per-route authentication error shapes.
 *
 * The real server authenticates in `getAuthContext`: a missing, non-Bearer, non-`dbackup_` or
 * unknown key yields "no context" (each route then answers its own 401 body), while a disabled or
 * expired key *throws*. Only the routes that catch that throw answer 401 with the message; the
 * others let it escape and Next.js sends an empty 500. Missing permissions behave just as
 * unevenly. {@link AuthErrorStyle} captures one route's combination.
 *
 * @module
 */
import { fakeHex, iso } from './fake';
import { empty, json, text } from './responses';
import type { DBackupMockApiKey } from './types';

/** Every permission DBackup 3.2.0 defines (`src/lib/auth/permissions.ts`). */
export const DBACKUP_PERMISSIONS: readonly string[] = [
  'users:read',
  'users:write',
  'groups:read',
  'groups:write',
  'sources:view',
  'sources:read',
  'sources:write',
  'destinations:read',
  'destinations:write',
  'jobs:read',
  'jobs:write',
  'jobs:execute',
  'storage:read',
  'storage:download',
  'storage:restore',
  'storage:delete',
  'history:read',
  'audit:read',
  'notifications:read',
  'notifications:write',
  'vault:read',
  'vault:write',
  'credentials:read',
  'credentials:write',
  'credentials:delete',
  'credentials:reveal',
  'profile:update_name',
  'profile:update_email',
  'profile:update_password',
  'profile:manage_2fa',
  'profile:manage_passkeys',
  'profile:manage_sso',
  'settings:read',
  'settings:write',
  'api-keys:read',
  'api-keys:write',
  'templates:read',
  'templates:write',
];

/** The read-only subset: every `*:read` permission plus `sources:view`. */
const READ_PERMISSIONS = DBACKUP_PERMISSIONS.filter((p) => p.endsWith(':read') || p === 'sources:view');

/** Handles of the seeded API keys. */
export type DBackupMockKeyHandle = 'full' | 'historyOnly' | 'readOnly' | 'disabled' | 'expired';

/** Seeded key values: `dbackup_` + 60 hex characters, stable across mock instances. */
export const DBACKUP_MOCK_KEYS: Readonly<Record<DBackupMockKeyHandle, string>> = {
  full: `dbackup_${fakeHex('dbackup-mock-key-full', 60)}`,
  historyOnly: `dbackup_${fakeHex('dbackup-mock-key-history', 60)}`,
  readOnly: `dbackup_${fakeHex('dbackup-mock-key-read-only', 60)}`,
  disabled: `dbackup_${fakeHex('dbackup-mock-key-disabled', 60)}`,
  expired: `dbackup_${fakeHex('dbackup-mock-key-expired', 60)}`,
};

/** Name of the user who owns the seeded keys (recorded as `triggerLabel` of system tasks they start). */
export const KEY_OWNER_NAME = 'SDK Admin';

/** Seeded API-key rows, relative to `now`. */
export function seedApiKeys(now: number): DBackupMockApiKey[] {
  return [
    {
      name: 'sdk-full',
      key: DBACKUP_MOCK_KEYS.full,
      permissions: [...DBACKUP_PERMISSIONS],
      enabled: true,
      expiresAt: null,
    },
    {
      name: 'sdk-history-read',
      key: DBACKUP_MOCK_KEYS.historyOnly,
      permissions: ['history:read'],
      enabled: true,
      expiresAt: null,
    },
    {
      name: 'sdk-read-only',
      key: DBACKUP_MOCK_KEYS.readOnly,
      permissions: [...READ_PERMISSIONS],
      enabled: true,
      expiresAt: null,
    },
    {
      name: 'sdk-disabled',
      key: DBACKUP_MOCK_KEYS.disabled,
      permissions: [...DBACKUP_PERMISSIONS],
      enabled: false,
      expiresAt: null,
    },
    {
      name: 'sdk-expired',
      key: DBACKUP_MOCK_KEYS.expired,
      permissions: [...DBACKUP_PERMISSIONS],
      enabled: true,
      expiresAt: iso(now - 86_400_000),
    },
  ];
}

/** Outcome of reading the `Authorization` header. */
export type AuthResult =
  | { kind: 'anonymous' }
  | { kind: 'invalid' }
  | { kind: 'disabled'; key: DBackupMockApiKey }
  | { kind: 'expired'; key: DBackupMockApiKey }
  | { kind: 'valid'; key: DBackupMockApiKey };

/** Resolves the request's Bearer key against `keys` at time `now`. */
export function authenticate(request: Request, keys: readonly DBackupMockApiKey[], now: number): AuthResult {
  const header = request.headers.get('authorization');
  if (header === null) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)\s*$/.exec(header);
  const token = match?.[1];
  if (!token?.startsWith('dbackup_')) return { kind: 'invalid' };
  const key = keys.find((k) => k.key === token);
  if (!key) return { kind: 'invalid' };
  if (!key.enabled) return { kind: 'disabled', key };
  if (key.expiresAt !== null && Date.parse(key.expiresAt) < now) return { kind: 'expired', key };
  return { kind: 'valid', key };
}

/** How one route renders authentication and permission failures. */
export interface AuthErrorStyle {
  /** No context (missing, malformed or unknown key). */
  unauthorized(): Response;
  /** Disabled or expired key (`message` is "API key is disabled" / "API key has expired"). */
  keyRejected(message: string): Response;
  /** Valid key without `permission`. */
  denied(permission: string): Response;
}

const unauthorizedJson = () => json({ error: 'Unauthorized' }, 401);
const uncaught = () => empty(500);

/** Factories for the error combinations observed on DBackup 3.2.0. */
export const authStyles = {
  /** `{error}` 401; thrown key errors and permission errors escape as empty 500s (history, cancel, settings, job PUT/DELETE). */
  uncaught: {
    unauthorized: unauthorizedJson,
    keyRejected: uncaught,
    denied: uncaught,
  } satisfies AuthErrorStyle,
  /** Permission errors caught and reported as `500 {error: <message>}` (adapters, storage files). */
  caughtMessage: {
    unauthorized: unauthorizedJson,
    keyRejected: uncaught,
    denied: (permission: string) => json({ error: `Permission denied: ${permission} required` }, 500),
  } satisfies AuthErrorStyle,
  /** Permission errors caught and replaced by a fixed message (`GET /api/jobs` → "Failed to fetch jobs"). */
  caughtFixed(message: string): AuthErrorStyle {
    return {
      unauthorized: unauthorizedJson,
      keyRejected: uncaught,
      denied: () => json({ error: message }, 500),
    };
  },
  /** `{success:false}` bodies with proper 401/403 (GET execution, POST run). */
  strict: {
    unauthorized: unauthorizedJson,
    keyRejected: (message: string) => json({ success: false, error: message }, 401),
    denied: (permission: string) =>
      json({ success: false, error: `Permission denied: ${permission} required` }, 403),
  } satisfies AuthErrorStyle,
  /** `{success:false}` 401 and 500 bodies (`/api/storage/:id/history`). */
  successFalse500: {
    unauthorized: () => json({ success: false, error: 'Unauthorized' }, 401),
    keyRejected: uncaught,
    denied: (permission: string) =>
      json({ success: false, error: `Permission denied: ${permission} required` }, 500),
  } satisfies AuthErrorStyle,
  /** `{success:false}` 401 and a caught 403 without the permission name (`download-url`). */
  successFalse403: {
    unauthorized: () => json({ success: false, error: 'Unauthorized' }, 401),
    keyRejected: uncaught,
    denied: () => json({ success: false, error: 'Permission denied' }, 403),
  } satisfies AuthErrorStyle,
  /** Routes added in 3.4 (runs API, dashboard): `{success:false}` 401 and a real 403 `"Forbidden"`. */
  forbidden403: {
    unauthorized: () => json({ success: false, error: 'Unauthorized' }, 401),
    keyRejected: uncaught,
    denied: () => json({ success: false, error: 'Forbidden' }, 403),
  } satisfies AuthErrorStyle,
  /** Plain-text 401 and an uncaught permission check (Vault recovery kit). */
  plainText: {
    unauthorized: () => text('Unauthorized', 401),
    keyRejected: uncaught,
    denied: uncaught,
  } satisfies AuthErrorStyle,
};

/** The error `style` prescribes for a missing, unknown, disabled or expired key; null for a valid key. */
export function authFailure(auth: AuthResult, style: AuthErrorStyle): Response | null {
  switch (auth.kind) {
    case 'anonymous':
    case 'invalid':
      return style.unauthorized();
    case 'disabled':
      return style.keyRejected('API key is disabled');
    case 'expired':
      return style.keyRejected('API key has expired');
    case 'valid':
      return null;
  }
}

/**
 * Applies `style` to `auth`: returns the key when it is valid and holds `permission`, otherwise
 * the error response the real route would send.
 */
export function requireKey(
  auth: AuthResult,
  permission: string,
  style: AuthErrorStyle,
): DBackupMockApiKey | Response {
  if (auth.kind !== 'valid') return authFailure(auth, style) ?? style.unauthorized();
  return auth.key.permissions.includes(permission) ? auth.key : style.denied(permission);
}
