/**
 * Reverse lookups from legacy short codes to the catalogue: device aliases (`AN` → I1), data source
 * letters (`T` → D09) and field characters (`7` → F06). Built once, on first use.
 *
 * @module
 */
import type {
  DataSourceCode,
  DeviceColumnCode,
  FieldCode,
  LegacyDeviceColumnCode,
  LegacyOnlyDataSourceLetter,
} from './codes';
import { DATA_SOURCES, LEGACY_ONLY_DATA_SOURCES } from './data-sources';
import { DEVICE_COLUMNS } from './device-columns';
import { STATISTIC_FIELDS } from './fields';

/** The reverse lookup tables for legacy codes. */
export interface LegacyLookups {
  /** Device alias → I-code (`TS` → `I6`). */
  readonly deviceByAlias: ReadonlyMap<string, DeviceColumnCode>;
  /** Legacy letter → data source; `S` → `D02` (the first source listed with that letter wins). */
  readonly dataSourceByLetter: ReadonlyMap<string, DataSourceCode>;
  /** Legacy field character → field (`7` → `F06`, `6` → `F07`). */
  readonly fieldByChar: ReadonlyMap<string, FieldCode>;
  /** The legacy letter that really composes each data source's codes (absent for D05, D07, D23). */
  readonly letterByDataSource: ReadonlyMap<DataSourceCode, string>;
}

let lookups: LegacyLookups | undefined;

function entriesOf<K extends string, V>(record: Readonly<Record<K, V>>): [K, V][] {
  return Object.entries(record) as [K, V][];
}

function build(): LegacyLookups {
  const deviceByAlias = new Map<string, DeviceColumnCode>();
  for (const [code, spec] of entriesOf(DEVICE_COLUMNS)) {
    if ('legacy' in spec) deviceByAlias.set(spec.legacy, code);
  }
  const dataSourceByLetter = new Map<string, DataSourceCode>();
  const letterByDataSource = new Map<DataSourceCode, string>();
  for (const [code, spec] of entriesOf(DATA_SOURCES)) {
    if (!('legacy' in spec) || dataSourceByLetter.has(spec.legacy)) continue;
    dataSourceByLetter.set(spec.legacy, code);
    letterByDataSource.set(code, spec.legacy);
  }
  const fieldByChar = new Map<string, FieldCode>();
  for (const [code, spec] of entriesOf(STATISTIC_FIELDS)) fieldByChar.set(spec.legacy, code);
  return { deviceByAlias, dataSourceByLetter, fieldByChar, letterByDataSource };
}

/** The legacy lookup tables, built on first call and reused afterwards. */
export function legacyLookups(): LegacyLookups {
  lookups ??= build();
  return lookups;
}

/** Whether `letter` is a legacy-only data source letter (`R`, `K`) with no D-code. */
export function isLegacyOnlyLetter(letter: string): letter is LegacyOnlyDataSourceLetter {
  return Object.hasOwn(LEGACY_ONLY_DATA_SOURCES, letter);
}

/** Whether `code` is a legacy device alias such as `AN` or `TS`. */
export function isLegacyDeviceAlias(code: string): code is LegacyDeviceColumnCode {
  return legacyLookups().deviceByAlias.has(code);
}
