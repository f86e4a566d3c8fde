/**
 * The decoded TypeScript type of every column: `ColumnValue<'D09F00'>` is a `SessionStatus`,
 * `ColumnValue<'I14'>` a byte count, and so on for every spelling of every code.
 *
 * @module
 */
import type {
  ColumnCode,
  CustomColumnCode,
  DataSourceCode,
  DeviceColumnCode,
  DeviceColumnOfLegacy,
  FieldCode,
  LegacyDataSourceLetter,
  LegacyDeviceColumnCode,
  LegacyOnlyDataSourceLetter,
} from './codes';
import type { DEVICE_COLUMNS } from './device-columns';
import type { EnumName, EnumTable, EnumValue } from './enums';
import type { STATISTIC_FIELDS } from './fields';
import type { SessionStatus } from './status';

/**
 * The 28-day colour bar (F08 / legacy `?B`): one {@link SessionStatus} per day, **in the order the
 * server sent it**, which public clients treat as oldest day first (they reverse it to show the
 * newest first). Reverse it yourself for a newest-first view. The length is whatever the server
 * sent, normally 28.
 */
export type ColourBar = SessionStatus[];

/**
 * An ISO 8601 UTC timestamp (`'2018-09-14T06:23:15.000Z'`), or `null` when the server sent `0` or
 * an empty value, meaning "never".
 */
export type IsoTimestamp = string | null;

/** The decoded type for each {@link ColumnKind}. */
export interface ColumnKindValues {
  /** Text, as sent. */
  string: string;
  /** An integer. */
  int: number;
  /** A non-negative byte count. */
  bytes: number;
  /** A finite, possibly fractional number. */
  number: number;
  /** An integer bit set. */
  bitmask: number;
  /** An ISO timestamp or `null` (never). */
  timestamp: IsoTimestamp;
  /** A session status. */
  status: SessionStatus;
  /** One session status per day. */
  colourBar: ColourBar;
  /** Active data sources, canonical padded codes. */
  dataSources: DataSourceCode[];
  /** A code from the column's enum table (see `ColumnValue` for the per-column names). */
  enum: EnumValue;
}

/** The decoded value type of a device column; enum columns get their own value names. */
export type DeviceColumnValue<K extends DeviceColumnCode> =
  (typeof DEVICE_COLUMNS)[K] extends Record<'values', infer T extends EnumTable>
    ? EnumValue<EnumName<T>>
    : ColumnKindValues[(typeof DEVICE_COLUMNS)[K]['kind']];

/** The decoded value type of a statistic field, whatever its data source. */
export type FieldValue<F extends FieldCode> = ColumnKindValues[(typeof STATISTIC_FIELDS)[F]['kind']];

/** The padded field code of a field number in either spelling: `'0'` → `'F00'`, `'10'` → `'F10'`. */
export type FieldOfNumber<N extends string> = Extract<`F${N}` | `F0${N}`, FieldCode>;

/** The field code of a legacy field character: `'7'` → `'F06'`, `'6'` → `'F07'`, `'L'` → `'F09'`. */
export type FieldOfLegacyChar<C extends string> = {
  [K in FieldCode]: (typeof STATISTIC_FIELDS)[K]['legacy'] extends C ? K : never;
}[FieldCode];

/**
 * The decoded value type of column `C`, in any spelling. Device aliases are resolved before
 * statistic codes, so `ColumnValue<'TS'>` is the I6 timestamp, not a Total column.
 */
export type ColumnValue<C extends ColumnCode> = C extends DeviceColumnCode
  ? DeviceColumnValue<C>
  : C extends LegacyDeviceColumnCode
    ? DeviceColumnValue<DeviceColumnOfLegacy<C>>
    : C extends CustomColumnCode
      ? string
      : C extends `D${string}F${infer F}`
        ? FieldValue<FieldOfNumber<F>>
        : C extends `${LegacyDataSourceLetter | LegacyOnlyDataSourceLetter}${infer Char}`
          ? FieldValue<FieldOfLegacyChar<Char>>
          : never;

/**
 * The decoded values of one statistics row, keyed by the codes the caller asked for. Every key is
 * optional because the server may omit any column.
 */
export type RowValues<C extends readonly ColumnCode[]> = { [K in C[number]]?: ColumnValue<K> };
