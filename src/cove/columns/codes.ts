/**
 * Template-literal types for every column code spelling Cove accepts, so a typo such as `'D09F99'`
 * or `'I7'` is a compile error. All types derive from the catalogue tables.
 *
 * @module
 */
import type { DATA_SOURCES, LEGACY_ONLY_DATA_SOURCES } from './data-sources';
import type { DEVICE_COLUMNS } from './device-columns';
import type { STATISTIC_FIELDS } from './fields';

// Some unions below are wrapped in a template literal (`${…}`). That does not change the type; it
// makes TypeDoc print the resolved list of codes instead of the mapped type that computes them.

/**
 * A canonical device/account property column code, e.g. `'I1'` (device name).
 *
 * @useDeclaredType
 */
export type DeviceColumnCode = keyof typeof DEVICE_COLUMNS;

/**
 * A legacy alias of a device column, e.g. `'AN'` (= I1) or `'TS'` (= I6, not a Total column).
 *
 * @useDeclaredType
 */
export type LegacyDeviceColumnCode = `${{
  [K in DeviceColumnCode]: (typeof DEVICE_COLUMNS)[K] extends Record<'legacy', infer L extends string>
    ? L
    : never;
}[DeviceColumnCode]}`;

/** The canonical device column code that a legacy alias stands for, e.g. `'AN'` → `'I1'`. */
export type DeviceColumnOfLegacy<L extends LegacyDeviceColumnCode> = {
  [K in DeviceColumnCode]: (typeof DEVICE_COLUMNS)[K] extends Record<'legacy', L> ? K : never;
}[DeviceColumnCode];

/**
 * A canonical (padded) data source code, e.g. `'D09'` (Total).
 *
 * @useDeclaredType
 */
export type DataSourceCode = keyof typeof DATA_SOURCES;

/**
 * A canonical (padded) statistic field code, e.g. `'F00'` (last session status).
 *
 * @useDeclaredType
 */
export type FieldCode = keyof typeof STATISTIC_FIELDS;

/**
 * The padded number of a data source: `'01'` … `'23'`.
 *
 * @useDeclaredType
 */
export type DataSourceNumber = DataSourceCode extends `D${infer N}` ? N : never;

/**
 * The padded number of a field: `'00'` … `'21'`.
 *
 * @useDeclaredType
 */
export type FieldNumber = FieldCode extends `F${infer N}` ? N : never;

/**
 * A data source number as it may be written: padded `'09'` or unpadded `'9'`.
 *
 * @useDeclaredType
 */
export type DataSourceNumberSpelling = `${{
  [N in DataSourceNumber]: N | (N extends `0${infer Rest}` ? Rest : N);
}[DataSourceNumber]}`;

/**
 * A field number as it may be written: padded `'00'` or unpadded `'0'`.
 *
 * @useDeclaredType
 */
export type FieldNumberSpelling = `${{
  [N in FieldNumber]: N | (N extends `0${infer Rest}` ? Rest : N);
}[FieldNumber]}`;

/** A canonical statistic column: padded data source × padded field, e.g. `'D09F00'`. */
export type StatisticColumnCode = `D${DataSourceNumber}F${FieldNumber}`;

/**
 * A statistic column in any padding: `'D09F00'`, `'D9F00'`, `'D9F0'` and `'D09F0'` are the same
 * column.
 */
export type StatisticColumnSpelling = `D${DataSourceNumberSpelling}F${FieldNumberSpelling}`;

/**
 * The legacy prefix letter of a data source that has a D-code (`'T'` = D09 Total, …).
 *
 * @useDeclaredType
 */
export type LegacyDataSourceLetter = `${{
  [K in DataSourceCode]: (typeof DATA_SOURCES)[K] extends Record<'legacy', infer L extends string>
    ? L
    : never;
}[DataSourceCode]}`;

/**
 * A legacy-only data source letter with no D-code: `'R'` (Removable Media), `'K'` (Linux System State).
 *
 * @useDeclaredType
 */
export type LegacyOnlyDataSourceLetter = keyof typeof LEGACY_ONLY_DATA_SOURCES;

/**
 * A legacy field character (`'0'`, `'7'` = errors, `'6'` = protected size, `'L'`, `'G'`, `'B'`, …).
 *
 * @useDeclaredType
 */
export type LegacyFieldChar = (typeof STATISTIC_FIELDS)[FieldCode]['legacy'];

/** A legacy statistic code with no D-code equivalent, e.g. `'R0'` (Removable Media last status). */
export type LegacyOnlyStatisticCode = `${LegacyOnlyDataSourceLetter}${LegacyFieldChar}`;

/**
 * A legacy statistic code: `<source letter><field char>`, e.g. `'T0'` = D09F00, `'TL'` = D09F09,
 * `'T7'` = D09F06 (errors). `S?` codes resolve to D02.
 */
export type LegacyStatisticCode = `${LegacyDataSourceLetter}${LegacyFieldChar}` | LegacyOnlyStatisticCode;

/** A partner-defined custom column, e.g. `'AA843'`. Always decoded as a string. */
export type CustomColumnCode = `AA${number}`;

/** Every legacy short code: device aliases (`'AN'`, `'TS'`) and statistic codes (`'T0'`). */
export type LegacyColumnCode = LegacyDeviceColumnCode | LegacyStatisticCode;

/** Any column code Cove accepts, in any spelling: new, unpadded, legacy or custom. */
export type ColumnCode = DeviceColumnCode | StatisticColumnSpelling | LegacyColumnCode | CustomColumnCode;

/**
 * The one canonical spelling of a column, as returned by `canonicalColumn`: an I-code, a padded
 * `D##F##` code, a custom `AA<n>` code, or a legacy-only statistic code (`R?`, `K?`).
 */
export type CanonicalColumnCode =
  | DeviceColumnCode
  | StatisticColumnCode
  | LegacyOnlyStatisticCode
  | CustomColumnCode;
