/**
 * The value kinds a Cove column can have. Each kind has one decoder and one decoded TypeScript
 * type (see `ColumnKindValues` in `values.ts`).
 *
 * @module
 */

/**
 * How a column's value is encoded on the wire (always a string) and decoded by the SDK:
 *
 * | Kind | Wire | Decoded |
 * |---|---|---|
 * | `string` | text | `string` |
 * | `int` | integer | `number` |
 * | `bytes` | non-negative integer byte count | `number` |
 * | `number` | possibly fractional number (I24 time offset) | `number` |
 * | `bitmask` | integer bit set | `number` |
 * | `timestamp` | Unix seconds, `0`/empty = never | ISO 8601 UTC `string`, or `null` for never |
 * | `status` | session status code | `SessionStatus` |
 * | `colourBar` | one status digit per day, 28 days | `SessionStatus[]` |
 * | `dataSources` | active data sources (I78) | `DataSourceCode[]` |
 * | `enum` | integer code from a per-column table | `EnumValue` |
 */
export type ColumnKind =
  | 'string'
  | 'int'
  | 'bytes'
  | 'number'
  | 'bitmask'
  | 'timestamp'
  | 'status'
  | 'colourBar'
  | 'dataSources'
  | 'enum';

/** Every {@link ColumnKind}, in the order the docs list them. */
export const COLUMN_KINDS: readonly ColumnKind[] = [
  'string',
  'int',
  'bytes',
  'number',
  'bitmask',
  'timestamp',
  'status',
  'colourBar',
  'dataSources',
  'enum',
];
