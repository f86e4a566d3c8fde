/**
 * The device/account property columns (I-codes) with their legacy aliases, names and value kinds
 * (cove-api-facts §5.1, N-able column-code docs). Codes I7, I25, I51–I53, I61 and I79 do not
 * exist; I84 and I85 are undocumented but seen in N-able's own scripts.
 *
 * @module
 */
import {
  ACCOUNT_TYPES,
  type EnumTable,
  LSV_STATES,
  OS_TYPES,
  PASSPHRASE_STATES,
  PHYSICALITIES,
  RECOVERY_TESTING_MODES,
  SEEDING_MODES,
  STORAGE_STATUSES,
} from './enums';
import type { ColumnKind } from './kinds';

/** The catalogue record of one device column. */
export interface DeviceColumnSpec {
  /** Human-readable name, as N-able documents it. */
  readonly name: string;
  /** How the value is decoded. */
  readonly kind: ColumnKind;
  /** The legacy short code (e.g. `AN` for I1), if the column has one. */
  readonly legacy?: string;
  /** The code → name table of an `enum` column. */
  readonly values?: EnumTable;
  /** A caveat worth reading before relying on the column. */
  readonly note?: string;
}

/**
 * Every documented I-code, plus the undocumented I84/I85, keyed by canonical code. Browse it with
 * `listColumns()` / `columnInfo()` or in `docs/cove-columns.md`; the literal table is what the
 * column types derive from.
 *
 * @internal
 */
export const DEVICE_COLUMNS = {
  I0: { legacy: 'AU', name: 'Device ID', kind: 'string' },
  I1: { legacy: 'AN', name: 'Device name', kind: 'string' },
  I2: { legacy: 'AL', name: 'Device name alias', kind: 'string' },
  I3: { legacy: 'QW', name: 'Password', kind: 'string', note: 'A secret: never log or store it.' },
  I4: { legacy: 'CD', name: 'Creation date', kind: 'timestamp' },
  I5: { legacy: 'ED', name: 'Expiration date', kind: 'timestamp' },
  I6: { legacy: 'TS', name: 'Time stamp (last activity)', kind: 'timestamp' },
  I8: { legacy: 'AR', name: 'Customer', kind: 'string' },
  I9: { legacy: 'PD', name: 'Product ID', kind: 'int' },
  I10: { legacy: 'PN', name: 'Product (Retention Policy)', kind: 'string' },
  I11: { legacy: 'LN', name: 'Storage location', kind: 'string' },
  I12: { legacy: 'AG', name: 'Device group name', kind: 'string' },
  I13: { legacy: 'OU', name: 'Own user name', kind: 'string' },
  I14: { legacy: 'US', name: 'Used storage', kind: 'bytes' },
  I15: { legacy: 'EM', name: 'Email', kind: 'string' },
  I16: { legacy: 'OS', name: 'OS version', kind: 'string' },
  I17: { legacy: 'VN', name: 'Client version', kind: 'string' },
  I18: { legacy: 'MN', name: 'Computer name', kind: 'string' },
  I19: { legacy: 'IP', name: 'Internal IPs', kind: 'string' },
  I20: { legacy: 'EI', name: 'External IPs', kind: 'string' },
  I21: { legacy: 'MA', name: 'MAC address', kind: 'string' },
  I22: { legacy: 'DF', name: 'Dashboard frequency', kind: 'bitmask' },
  I23: { legacy: 'DL', name: 'Dashboard language', kind: 'string' },
  I24: { legacy: 'TZ', name: 'Time offset', kind: 'number', note: 'May be fractional.' },
  I26: { legacy: 'SE', name: 'Cabinet storage efficiency', kind: 'int' },
  I27: { legacy: 'CC', name: 'Total cabinets count', kind: 'int' },
  I28: { legacy: 'E0', name: 'Efficient cabinet count 0–25', kind: 'int' },
  I29: { legacy: 'E1', name: 'Efficient cabinet count 26–50', kind: 'int' },
  I30: { legacy: 'E2', name: 'Efficient cabinet count 50–75', kind: 'int' },
  I31: { legacy: 'UV', name: 'Used virtual storage', kind: 'bytes' },
  I32: { legacy: 'OT', name: 'OS type', kind: 'enum', values: OS_TYPES },
  I33: { legacy: 'IS', name: 'Seeding mode', kind: 'enum', values: SEEDING_MODES },
  I34: { legacy: 'AC', name: 'Anti Crypto enabled', kind: 'int' },
  I35: { legacy: 'VE', name: 'LocalSpeedVault (LSV)', kind: 'enum', values: LSV_STATES },
  I36: { legacy: 'YS', name: 'Storage status', kind: 'enum', values: STORAGE_STATUSES },
  I37: { legacy: 'YV', name: 'LSV status', kind: 'enum', values: STORAGE_STATUSES },
  I38: { legacy: 'AS', name: 'Archived size', kind: 'string', note: 'Documented as a string.' },
  I39: { legacy: 'RU', name: 'Retention units', kind: 'string' },
  I40: { legacy: 'DS', name: 'Activity description', kind: 'string' },
  I41: { legacy: 'HN', name: 'Number of Hyper-V VMs', kind: 'string', note: 'Documented as a string.' },
  I42: { legacy: 'EN', name: 'Number of ESX VMs', kind: 'string', note: 'Documented as a string.' },
  I43: { legacy: 'ES', name: 'Encryption status', kind: 'string' },
  I44: { legacy: 'MF', name: 'Computer manufacturer', kind: 'string' },
  I45: { legacy: 'MO', name: 'Computer model', kind: 'string' },
  I46: { legacy: 'II', name: 'Installation ID', kind: 'string' },
  I47: { legacy: 'IM', name: 'Installation mode', kind: 'int' },
  I48: { legacy: 'REM', name: 'Restore email', kind: 'string' },
  I49: { legacy: 'RDF', name: 'Restore dashboard frequency', kind: 'bitmask' },
  I50: { legacy: 'RDL', name: 'Restore dashboards language', kind: 'string' },
  I54: { legacy: 'OI', name: 'Profile ID', kind: 'int' },
  I55: { legacy: 'OV', name: 'Profile version', kind: 'string' },
  I56: { legacy: 'OP', name: 'Profile name', kind: 'string' },
  I57: { legacy: 'KU', name: 'Stock keeping unit (SKU)', kind: 'string' },
  I58: { legacy: 'PU', name: 'SKU of the previous month', kind: 'string' },
  I59: { legacy: 'AT', name: 'Account type', kind: 'enum', values: ACCOUNT_TYPES },
  I60: { legacy: 'PT', name: 'Proxy type', kind: 'int' },
  I62: { legacy: 'RP', name: 'Most recent restore plug-in', kind: 'string' },
  I63: { legacy: 'NC', name: 'Company name', kind: 'string' },
  I64: { legacy: 'AD', name: 'Address', kind: 'string' },
  I65: { legacy: 'ZP', name: 'Zip code', kind: 'string' },
  I66: { legacy: 'CY', name: 'Country', kind: 'string' },
  I67: { legacy: 'CT', name: 'City', kind: 'string' },
  I68: { legacy: 'PH', name: 'Phone number', kind: 'string' },
  I69: { legacy: 'FX', name: 'Fax number', kind: 'string' },
  I70: { legacy: 'CP', name: 'Contract name', kind: 'string' },
  I71: { legacy: 'GN', name: 'Group name', kind: 'string' },
  I72: { legacy: 'DE', name: 'Demo', kind: 'int' },
  I73: { legacy: 'EU', name: 'Edu', kind: 'int' },
  I74: { legacy: 'AI', name: 'Unattended installation account ID', kind: 'string' },
  I75: { legacy: 'IF', name: 'First installation flag', kind: 'int' },
  I76: { legacy: 'MV', name: 'Maximum allowed version', kind: 'string' },
  I77: { legacy: 'PF', name: 'Customer reference', kind: 'string' },
  I78: { legacy: 'AP', name: 'Active data sources', kind: 'dataSources' },
  I80: {
    name: 'Recovery testing',
    kind: 'enum',
    values: RECOVERY_TESTING_MODES,
    note: 'Value table unconfirmed [U].',
  },
  I81: { name: 'Physicality', kind: 'enum', values: PHYSICALITIES, note: 'Numbering unconfirmed [U].' },
  I82: { name: 'Passphrase', kind: 'enum', values: PASSPHRASE_STATES, note: 'Numbering unconfirmed [U].' },
  I84: { name: 'CPU cores', kind: 'int', note: 'Undocumented; seen in N-able scripts.' },
  I85: { name: 'RAM', kind: 'bytes', note: 'Undocumented; seen in N-able scripts.' },
} as const satisfies Readonly<Record<`I${number}`, DeviceColumnSpec>>;
