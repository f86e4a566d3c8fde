/**
 * Value tables for the enum-valued device columns (I32, I33, I35, I36, I37, I59, I80, I81, I82)
 * and the decoder that reads them.
 *
 * @module
 */
import { firstValue, rawValueText } from './raw-value';

/** A code → name table for one enum column. */
export type EnumTable = Readonly<Record<number, string>>;

/** I32 / OT: operating system type. */
export const OS_TYPES = {
  /** Not reported. */
  0: 'Undefined',
  /** A workstation OS. */
  1: 'Workstation',
  /** A server OS. */
  2: 'Server',
} as const;

/** I33 / IS: seeding mode. */
export const SEEDING_MODES = {
  /** Not reported. */
  0: 'Undefined',
  /** Normal operation, no seeding. */
  1: 'Normal',
  /** Seeding to local media. */
  2: 'Seeding',
  /** Before seeding. */
  3: 'PreSeeding',
  /** After seeding. */
  4: 'PostSeeding',
} as const;

/** I35 / VE: whether LocalSpeedVault is enabled. */
export const LSV_STATES = {
  /** LocalSpeedVault is off. */
  0: 'Disabled',
  /** LocalSpeedVault is on. */
  1: 'Enabled',
} as const;

/** I36 / YS (storage) and I37 / YV (LocalSpeedVault) synchronisation status. Note the negative codes. */
export const STORAGE_STATUSES = {
  /** The storage is offline. */
  [-2]: 'Offline',
  /** Synchronisation failed. */
  [-1]: 'Failed',
  /** Not reported. */
  0: 'Undefined',
  /** Synchronisation is running. */
  50: 'Running',
  /** Fully synchronised. */
  100: 'Synchronized',
} as const;

/**
 * I59 / AT: account type. Code 0 is the documented name `'Unknown'`; an unlisted code decodes to
 * the lower-case `'unknown'` like every other enum.
 */
export const ACCOUNT_TYPES = {
  /** Documented as "Unknown". */
  0: 'Unknown',
  /** A Backup Manager device (servers and workstations). */
  1: 'BackupManager',
  /** A Microsoft 365 tenant. */
  2: 'M365',
} as const;

/**
 * I80: recovery testing. N-able's page only says "Disabled/Enabled"; this table follows a public
 * transcription (0 None, 1 RecoveryTesting, 2 StandbyImage), which billing tools corroborate. [U]
 */
export const RECOVERY_TESTING_MODES = {
  /** Neither recovery testing nor standby image. */
  0: 'None',
  /** Recovery testing is on. */
  1: 'RecoveryTesting',
  /** Standby image is on. */
  2: 'StandbyImage',
} as const;

/** I81: physical or virtual machine. The docs give names only; the numbering is assumed. [U] */
export const PHYSICALITIES = {
  /** Not reported. */
  0: 'Undefined',
  /** A physical machine. */
  1: 'Physical',
  /** A virtual machine. */
  2: 'Virtual',
} as const;

/** I82: whether the device uses a passphrase. The docs give "Yes / No" only; the numbering is assumed. [U] */
export const PASSPHRASE_STATES = {
  /** No passphrase. */
  0: 'No',
  /** A passphrase is set. */
  1: 'Yes',
} as const;

/**
 * A decoded enum value. `Name` is the union of the column's documented names; an unlisted code
 * or garbage decodes to `'unknown'` with the raw value kept.
 */
export interface EnumValue<Name extends string = string> {
  /** The numeric code, or `null` when the server sent neither a number nor a listed name. */
  code: number | null;
  /** The documented name, or `'unknown'`. */
  name: Name | 'unknown';
  /** The value exactly as the server sent it (an array arrives JSON-stringified). */
  raw: string;
}

/** The documented names of one enum table. */
export type EnumName<T extends EnumTable> = T[keyof T] & string;

function codeOfName(table: EnumTable, text: string): number | null {
  const lower = text.toLowerCase();
  for (const [code, name] of Object.entries(table)) {
    if (name.toLowerCase() === lower) return Number(code);
  }
  return null;
}

/**
 * Decodes an enum column against its table. Never throws. Accepts a number, a numeric string
 * (`"-2"`, `" 1 "`), a documented name (case-insensitive, e.g. `"Physical"`), or an array of
 * those (element `[0]` is used).
 *
 * @example
 * decodeEnum(STORAGE_STATUSES, '-2'); // { code: -2, name: 'Offline', raw: '-2' }
 * decodeEnum(OS_TYPES, '7');          // { code: 7, name: 'unknown', raw: '7' }
 */
export function decodeEnum<T extends EnumTable>(table: T, raw: unknown): EnumValue<EnumName<T>> {
  const value = firstValue(raw);
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  const code = /^[+-]?\d+$/.test(text) ? Number(text) : codeOfName(table, text);
  const name = code !== null && Object.hasOwn(table, code) ? (table[code] as EnumName<T>) : 'unknown';
  return { code, name, raw: rawValueText(raw) };
}
