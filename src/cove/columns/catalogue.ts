/**
 * Browsing the column catalogue: {@link columnInfo} describes one code in any spelling and
 * {@link listColumns} lists every catalogued column. Statistic columns (data source × field) are
 * composed on demand; the full list is built once, on first call.
 *
 * @module
 */
import { canonicalColumn } from './canonical';
import type { CanonicalColumnCode, DataSourceCode, DeviceColumnCode, FieldCode } from './codes';
import { DATA_SOURCES, type DataSourceSpec, LEGACY_ONLY_DATA_SOURCES } from './data-sources';
import { DEVICE_COLUMNS, type DeviceColumnSpec } from './device-columns';
import type { EnumTable } from './enums';
import { type FieldSpec, STATISTIC_FIELDS } from './fields';
import type { ColumnKind } from './kinds';
import { legacyLookups } from './legacy-codes';

/** The data source part of a statistic column. */
export interface ColumnDataSourceInfo {
  /** The padded D-code, or `null` for a legacy-only source (R, K). */
  code: DataSourceCode | null;
  /** Human-readable name. */
  name: string;
  /** The legacy prefix letter, if it composes this source's legacy codes. */
  legacy?: string;
}

/** The field part of a statistic column. */
export interface ColumnFieldInfo {
  /** The padded F-code. */
  code: FieldCode;
  /** Human-readable name. */
  name: string;
}

/** Everything the catalogue knows about one column. */
export interface ColumnInfo {
  /** The canonical code (`'D09F00'`, `'I1'`, `'AA843'`, `'R0'`). */
  code: CanonicalColumnCode;
  /** Human-readable name; statistic columns read `"<source> — <field>"`. */
  name: string;
  /** How the value decodes. */
  kind: ColumnKind;
  /** The legacy short code that resolves to this column, if any. */
  legacy?: string;
  /** For statistic columns: the data source. */
  dataSource?: ColumnDataSourceInfo;
  /** For statistic columns: the field. */
  field?: ColumnFieldInfo;
  /** For `enum` columns: the code → name table. */
  values?: EnumTable;
  /** Caveats from the docs (unconfirmed units, shared legacy letters, …). */
  notes?: string[];
}

function notesOf(...specs: readonly { readonly note?: string }[]): { notes?: string[] } {
  const notes = specs.flatMap((spec) => (spec.note === undefined ? [] : [spec.note]));
  return notes.length > 0 ? { notes } : {};
}

function deviceInfo(code: DeviceColumnCode): ColumnInfo {
  const spec: DeviceColumnSpec = DEVICE_COLUMNS[code];
  return {
    code,
    name: spec.name,
    kind: spec.kind,
    ...(spec.legacy === undefined ? {} : { legacy: spec.legacy }),
    ...(spec.values === undefined ? {} : { values: spec.values }),
    ...notesOf(spec),
  };
}

function statisticInfo(
  code: CanonicalColumnCode,
  dataSource: ColumnDataSourceInfo,
  source: Omit<DataSourceSpec, 'legacy'>,
  fieldCode: FieldCode,
): ColumnInfo {
  const field: FieldSpec = STATISTIC_FIELDS[fieldCode];
  return {
    code,
    name: `${dataSource.name} — ${field.name}`,
    kind: field.kind,
    ...(dataSource.legacy === undefined ? {} : { legacy: `${dataSource.legacy}${field.legacy}` }),
    dataSource,
    field: { code: fieldCode, name: field.name },
    ...notesOf(source, field),
  };
}

function dataSourceColumnInfo(code: CanonicalColumnCode): ColumnInfo {
  const dataSourceCode = code.slice(0, 3) as DataSourceCode;
  const source = DATA_SOURCES[dataSourceCode];
  const letter = legacyLookups().letterByDataSource.get(dataSourceCode);
  const dataSource: ColumnDataSourceInfo = {
    code: dataSourceCode,
    name: source.name,
    ...(letter === undefined ? {} : { legacy: letter }),
  };
  return statisticInfo(code, dataSource, source, code.slice(3) as FieldCode);
}

function legacyOnlyColumnInfo(code: CanonicalColumnCode): ColumnInfo {
  const letter = code[0] as keyof typeof LEGACY_ONLY_DATA_SOURCES;
  const source = LEGACY_ONLY_DATA_SOURCES[letter];
  const fieldCode = legacyLookups().fieldByChar.get(code.slice(1)) as FieldCode;
  return statisticInfo(code, { code: null, name: source.name, legacy: letter }, source, fieldCode);
}

/**
 * Describes a column in any accepted spelling, or returns `undefined` if the code is not in the
 * catalogue.
 *
 * @example
 * columnInfo('T0');
 * // { code: 'D09F00', name: 'Total — Last Session Status', kind: 'status', legacy: 'T0', … }
 */
export function columnInfo(code: string): ColumnInfo | undefined {
  const canonical = canonicalColumn(code);
  if (canonical === undefined) return undefined;
  let info = infoCache.get(canonical);
  if (info === undefined) {
    info = Object.freeze(buildColumnInfo(canonical));
    if (infoCache.size >= 4096) infoCache.clear();
    infoCache.set(canonical, info);
  }
  return info;
}

/** One frozen entry per canonical code (bounded: the catalogue plus the custom AA codes seen). */
const infoCache = new Map<string, ColumnInfo>();

function buildColumnInfo(canonical: CanonicalColumnCode): ColumnInfo {
  if (Object.hasOwn(DEVICE_COLUMNS, canonical)) return deviceInfo(canonical as DeviceColumnCode);
  if (canonical.startsWith('AA')) {
    return { code: canonical, name: `Custom column ${canonical.slice(2)}`, kind: 'string' };
  }
  if (canonical.startsWith('D')) return dataSourceColumnInfo(canonical);
  return legacyOnlyColumnInfo(canonical);
}

let allColumns: readonly ColumnInfo[] | undefined;

function buildAllColumns(): readonly ColumnInfo[] {
  const codes: string[] = Object.keys(DEVICE_COLUMNS);
  const fields = Object.keys(STATISTIC_FIELDS) as FieldCode[];
  for (const source of Object.keys(DATA_SOURCES)) codes.push(...fields.map((field) => `${source}${field}`));
  for (const letter of Object.keys(LEGACY_ONLY_DATA_SOURCES)) {
    codes.push(...fields.map((field) => `${letter}${STATISTIC_FIELDS[field].legacy}`));
  }
  return Object.freeze(codes.map((code) => Object.freeze(columnInfo(code) as ColumnInfo)));
}

/**
 * Every catalogued column, for browsing: the I-codes in numeric order, then each data source's
 * statistic columns (D01F00 … D23F21), then the legacy-only R and K columns. Custom `AA<n>`
 * columns are open-ended and not listed. Built once, on first call; the entries are frozen.
 */
export function listColumns(): readonly ColumnInfo[] {
  allColumns ??= buildAllColumns();
  return allColumns;
}
