/**
 * The per-data-source statistic fields (F-codes) with their legacy characters (cove-api-facts
 * §5.3). Combined with a data source they form a column: D09 + F00 = `D09F00`, legacy `T0`.
 *
 * @module
 */
import type { ColumnKind } from './kinds';

/** The catalogue record of one statistic field. */
export interface FieldSpec {
  /** Human-readable name, as N-able documents it. */
  readonly name: string;
  /** The legacy field character (appended to a data source's legacy letter). */
  readonly legacy: string;
  /** How the value is decoded. */
  readonly kind: ColumnKind;
  /** A caveat worth reading before relying on the field. */
  readonly note?: string;
}

/**
 * Every documented statistic field, keyed by its padded code. Watch the swapped legacy characters:
 * F06 (errors) is legacy `7` and F07 (protected size) is legacy `6`.
 *
 * @internal
 */
export const STATISTIC_FIELDS = {
  F00: { legacy: '0', name: 'Last Session Status', kind: 'status' },
  F01: { legacy: '1', name: 'Last Session Selected Count', kind: 'int' },
  F02: { legacy: '2', name: 'Last Session Processed Count', kind: 'int' },
  F03: { legacy: '3', name: 'Last Session Selected Size', kind: 'bytes' },
  F04: { legacy: '4', name: 'Last Session Processed Size', kind: 'bytes' },
  F05: { legacy: '5', name: 'Last Session Sent Size', kind: 'bytes' },
  F06: { legacy: '7', name: 'Last Session Errors Count', kind: 'int', note: 'Legacy char is 7, not 6.' },
  F07: { legacy: '6', name: 'Protected Size', kind: 'bytes', note: 'Legacy char is 6, not 7.' },
  F08: {
    legacy: 'B',
    name: 'Colour Bar (last 28 days)',
    kind: 'colourBar',
    note: 'Kept in server order, oldest day first [U].',
  },
  F09: { legacy: 'L', name: 'Last Successful Session Timestamp', kind: 'timestamp' },
  F10: { legacy: '8', name: 'Pre Recent Session Selected Count', kind: 'int' },
  F11: { legacy: '9', name: 'Pre Recent Session Selected Size', kind: 'bytes' },
  F12: { legacy: 'A', name: 'Session Duration', kind: 'int', note: 'Seconds, unconfirmed [U].' },
  F13: { legacy: 'I', name: 'Last Session License Items Count', kind: 'int' },
  F14: { legacy: 'R', name: 'Retention', kind: 'int' },
  F15: { legacy: 'G', name: 'Last Session Timestamp', kind: 'timestamp' },
  F16: { legacy: 'Q', name: 'Last Successful Session Status', kind: 'status' },
  F17: { legacy: 'J', name: 'Last Completed Session Status', kind: 'status' },
  F18: { legacy: 'O', name: 'Last Completed Session Timestamp', kind: 'timestamp' },
  F19: { legacy: 'K', name: 'Last Session Verification Data', kind: 'string' },
  F20: { legacy: 'M', name: 'Last Session User Mailboxes Count', kind: 'int' },
  F21: { legacy: '@', name: 'Last Session Shared Mailboxes Count', kind: 'int' },
} as const satisfies Readonly<Record<`F${number}`, FieldSpec>>;
