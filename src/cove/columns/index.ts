/**
 * The Cove column catalogue and decoders: every documented column code (I-codes, data source ×
 * field statistics, legacy short codes, custom `AA<n>` columns) with its name and value kind,
 * template-literal types that turn a typo into a compile error, and never-throwing decoders for
 * the string values `EnumerateAccountStatistics` returns.
 *
 * @example
 * const columns = ['I1', 'D9F00', 'TL'] as const;
 * const row = decodeSettings(result.Settings, columns);
 * row.values.D9F00?.name; // 'Completed'
 * row.values.TL;          // '2018-09-14T06:23:15.000Z' | null | undefined
 *
 * @module
 */
export { decodeActiveDataSources } from './active-data-sources';
export { canonicalColumn, isColumnCode } from './canonical';
export {
  type ColumnDataSourceInfo,
  type ColumnFieldInfo,
  type ColumnInfo,
  columnInfo,
  listColumns,
} from './catalogue';
export type {
  CanonicalColumnCode,
  ColumnCode,
  CustomColumnCode,
  DataSourceCode,
  DataSourceNumber,
  DataSourceNumberSpelling,
  DeviceColumnCode,
  DeviceColumnOfLegacy,
  FieldCode,
  FieldNumber,
  FieldNumberSpelling,
  LegacyColumnCode,
  LegacyDataSourceLetter,
  LegacyDeviceColumnCode,
  LegacyFieldChar,
  LegacyOnlyDataSourceLetter,
  LegacyOnlyStatisticCode,
  LegacyStatisticCode,
  StatisticColumnCode,
  StatisticColumnSpelling,
} from './codes';
export { COLOUR_BAR_DAYS, decodeColourBar } from './colour-bar';
export { DATA_SOURCES, type DataSourceSpec, LEGACY_ONLY_DATA_SOURCES } from './data-sources';
export type { DecodeFailure, DecodeResult, DecodeSuccess } from './decode-result';
export { decodeColumn, decodeKind, UNCATALOGUED_NOTE } from './decoders';
export { DEVICE_COLUMNS, type DeviceColumnSpec } from './device-columns';
export {
  ACCOUNT_TYPES,
  decodeEnum,
  type EnumName,
  type EnumTable,
  type EnumValue,
  LSV_STATES,
  OS_TYPES,
  PASSPHRASE_STATES,
  PHYSICALITIES,
  RECOVERY_TESTING_MODES,
  SEEDING_MODES,
  STORAGE_STATUSES,
} from './enums';
export { type FieldSpec, STATISTIC_FIELDS } from './fields';
export { COLUMN_KINDS, type ColumnKind } from './kinds';
export { decodeByteCount, decodeInteger, decodeNumber, decodeText, decodeTimestamp } from './scalar-decoders';
export {
  type ColumnNote,
  type DecodedSettings,
  decodeSettings,
  type InvalidColumnValue,
  type SettingsValues,
} from './settings';
export {
  decodeSessionStatus,
  SESSION_STATUS_NAMES,
  type SessionStatus,
  type SessionStatusCode,
  type SessionStatusName,
  sessionStatusName,
} from './status';
export type {
  ColourBar,
  ColumnKindValues,
  ColumnValue,
  DeviceColumnValue,
  FieldOfLegacyChar,
  FieldOfNumber,
  FieldValue,
  IsoTimestamp,
  RowValues,
} from './values';
