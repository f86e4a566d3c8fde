/**
 * Resolving any spelling of a column code (padded, unpadded, legacy, custom) to its one canonical
 * form.
 *
 * @module
 */
import type { CanonicalColumnCode, ColumnCode, DataSourceCode, FieldCode } from './codes';
import { DATA_SOURCES } from './data-sources';
import { DEVICE_COLUMNS } from './device-columns';
import { STATISTIC_FIELDS } from './fields';
import { isLegacyOnlyLetter, legacyLookups } from './legacy-codes';

const STATISTIC_PATTERN = /^D(\d{1,2})F(\d{1,2})$/;
const CUSTOM_PATTERN = /^AA(\d+)$/;

/** Pads a one- or two-digit number to two digits (`'9'` → `'09'`). */
function pad2(digits: string): string {
  return digits.padStart(2, '0');
}

function canonicalStatistic(dataSourceDigits: string, fieldDigits: string): CanonicalColumnCode | undefined {
  const dataSource = `D${pad2(dataSourceDigits)}`;
  const field = `F${pad2(fieldDigits)}`;
  if (!Object.hasOwn(DATA_SOURCES, dataSource) || !Object.hasOwn(STATISTIC_FIELDS, field)) return undefined;
  return `${dataSource as DataSourceCode}${field as FieldCode}`;
}

function canonicalLegacyStatistic(code: string): CanonicalColumnCode | undefined {
  if (code.length !== 2) return undefined;
  const [letter, char] = [code[0] ?? '', code[1] ?? ''];
  const { dataSourceByLetter, fieldByChar } = legacyLookups();
  const field = fieldByChar.get(char);
  if (field === undefined) return undefined;
  if (isLegacyOnlyLetter(letter)) return code as CanonicalColumnCode;
  const dataSource = dataSourceByLetter.get(letter);
  return dataSource === undefined ? undefined : (`${dataSource}${field}` as CanonicalColumnCode);
}

/**
 * Resolves any spelling of a column code to its canonical form, or `undefined` if the code is not
 * in the catalogue. Codes are case-sensitive.
 *
 * - Padding: `'D9F0'`, `'D09F0'`, `'D9F00'` → `'D09F00'`.
 * - Legacy device aliases win over composed legacy codes: `'TS'` → `'I6'`, `'TZ'` → `'I24'`,
 *   `'AN'` → `'I1'`.
 * - Legacy statistic codes: `'T0'` → `'D09F00'`, `'T7'` → `'D09F06'` (errors), `'T6'` → `'D09F07'`
 *   (protected size), `'S0'` → `'D02F00'` (D02 and D07 share `S`; it resolves to D02).
 * - Legacy-only sources keep their legacy code: `'R0'` → `'R0'`.
 * - Custom columns: `'AA843'` → `'AA843'` (leading zeros dropped).
 *
 * Undocumented codes seen in the wild (`D9F27`, `D5F22`, `ER`) are not catalogued and return
 * `undefined`.
 */
export function canonicalColumn(code: string): CanonicalColumnCode | undefined {
  if (typeof code !== 'string') return undefined;
  const cached = canonicalCache.get(code);
  if (cached !== undefined) return cached ?? undefined;
  const canonical = resolveCanonical(code);
  // Rows repeat the same few dozen codes; a small memo keeps decoding 500-row pages cheap.
  if (canonicalCache.size >= CANONICAL_CACHE_LIMIT) canonicalCache.clear();
  canonicalCache.set(code, canonical ?? null);
  return canonical;
}

const CANONICAL_CACHE_LIMIT = 4096;
const canonicalCache = new Map<string, CanonicalColumnCode | null>();

function resolveCanonical(code: string): CanonicalColumnCode | undefined {
  if (Object.hasOwn(DEVICE_COLUMNS, code)) return code as CanonicalColumnCode;
  const alias = legacyLookups().deviceByAlias.get(code);
  if (alias !== undefined) return alias;
  const statistic = STATISTIC_PATTERN.exec(code);
  if (statistic) return canonicalStatistic(statistic[1] ?? '', statistic[2] ?? '');
  const custom = CUSTOM_PATTERN.exec(code);
  if (custom) return `AA${(custom[1] ?? '').replace(/^0+(?=\d)/, '')}` as CanonicalColumnCode;
  return canonicalLegacyStatistic(code);
}

/**
 * Whether `value` is a column code in the catalogue, in any accepted spelling. Narrows to
 * {@link ColumnCode}.
 */
export function isColumnCode(value: unknown): value is ColumnCode {
  return typeof value === 'string' && canonicalColumn(value) !== undefined;
}
