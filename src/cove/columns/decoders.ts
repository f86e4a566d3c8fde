/**
 * {@link decodeColumn}: decodes one raw Settings value according to its column's kind.
 *
 * @module
 */
import { decodeActiveDataSources } from './active-data-sources';
import { columnInfo } from './catalogue';
import type { ColumnCode } from './codes';
import { decodeColourBar } from './colour-bar';
import { type DecodeResult, decoded, failed } from './decode-result';
import { decodeEnum, type EnumTable } from './enums';
import type { ColumnKind } from './kinds';
import { firstValue } from './raw-value';
import { decodeByteCount, decodeInteger, decodeNumber, decodeText, decodeTimestamp } from './scalar-decoders';
import { decodeSessionStatus } from './status';
import type { ColumnValue } from './values';

/** Note attached when a code is not in the catalogue and its value is kept as text. */
export const UNCATALOGUED_NOTE = 'column not in the catalogue; value kept as text';

/**
 * Decodes `raw` as a value of `kind`. `table` is the enum table for `enum` columns.
 *
 * @returns the decoded value, or `{ ok: false, reason }`; never throws.
 */
export function decodeKind(kind: ColumnKind, raw: unknown, table: EnumTable = {}): DecodeResult<unknown> {
  switch (kind) {
    case 'string':
      return decodeText(raw);
    case 'int':
    case 'bitmask':
      return decodeInteger(raw);
    case 'bytes':
      return decodeByteCount(raw);
    case 'number':
      return decodeNumber(raw);
    case 'timestamp':
      return decodeTimestamp(raw);
    case 'dataSources':
      return decodeActiveDataSources(raw);
    case 'colourBar':
      return decodeColourBar(raw);
    case 'status':
    case 'enum': {
      const value = firstValue(raw);
      if (value === undefined || value === null) return failed(value === null ? 'null value' : 'no value');
      return decoded(kind === 'status' ? decodeSessionStatus(raw) : decodeEnum(table, raw));
    }
  }
}

/**
 * Decodes one raw value of column `code` (any spelling) according to the column's kind. Never
 * throws and never yields `NaN`.
 *
 * - An array value is decoded from element `[0]` (status and enum values keep the whole array,
 *   JSON-stringified, as `raw`).
 * - Status and enum values always decode; unlisted codes become `'unknown'` with the raw kept.
 * - A code that is not in the catalogue (e.g. the undocumented `D9F27`) decodes as text, with a
 *   note.
 *
 * @example
 * decodeColumn('D9F0', '5');       // { ok: true, value: { code: 5, name: 'Completed', raw: '5' } }
 * decodeColumn('I14', 'lots');     // { ok: false, reason: 'not a number: "lots"' }
 */
export function decodeColumn<C extends ColumnCode>(code: C, raw: unknown): DecodeResult<ColumnValue<C>>;
/** Decodes a value of a column known only at run time; the value is typed `unknown`. */
export function decodeColumn(code: string, raw: unknown): DecodeResult<unknown>;
export function decodeColumn(code: string, raw: unknown): DecodeResult<unknown> {
  return columnDecoder(code)(raw);
}

/** Decodes one raw value of a column whose code was resolved beforehand. */
export type ColumnDecoder = (raw: unknown) => DecodeResult<unknown>;

const decoderCache = new Map<string, ColumnDecoder>();

function decodeUncatalogued(raw: unknown): DecodeResult<unknown> {
  const text = decodeText(raw);
  return text.ok ? decoded(text.value, [UNCATALOGUED_NOTE]) : text;
}

/**
 * The decoder of column `code` (any spelling), resolved once and memoised: decoding a page asks
 * for the same few dozen codes on every row. Bounded, like the catalogue's own caches.
 *
 * @internal
 */
export function columnDecoder(code: string): ColumnDecoder {
  let decoder = decoderCache.get(code);
  if (decoder === undefined) {
    const info = columnInfo(code);
    if (info === undefined) decoder = decodeUncatalogued;
    else {
      const { kind, values } = info;
      decoder = (raw) => decodeKind(kind, raw, values);
    }
    if (decoderCache.size >= 4096) decoderCache.clear();
    decoderCache.set(code, decoder);
  }
  return decoder;
}
