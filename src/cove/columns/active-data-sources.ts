/**
 * Decoder for I78 / AP, the device's active data sources, in every format the server has been
 * seen to send.
 *
 * @module
 */
import type { DataSourceCode } from './codes';
import { DATA_SOURCES, LEGACY_ONLY_DATA_SOURCES } from './data-sources';
import { type DecodeResult, decoded, failed } from './decode-result';
import { isLegacyOnlyLetter, legacyLookups } from './legacy-codes';
import { firstValue } from './raw-value';

const D_CODE = /D(\d+)/g;
const SEPARATORS = /[\s,;|]+/g;

function fromDCodes(text: string, notes: string[]): DataSourceCode[] {
  const codes: DataSourceCode[] = [];
  for (const match of text.matchAll(D_CODE)) {
    const code = `D${(match[1] ?? '').replace(/^0+(?=\d)/, '').padStart(2, '0')}`;
    if (Object.hasOwn(DATA_SOURCES, code)) codes.push(code as DataSourceCode);
    else notes.push(`unknown data source ${match[0]}`);
  }
  const leftover = text.replace(D_CODE, '').replace(SEPARATORS, '');
  if (leftover !== '') notes.push(`unrecognised text ${JSON.stringify(leftover)}`);
  return codes;
}

function fromLegacyLetters(text: string, notes: string[]): DataSourceCode[] {
  const codes: DataSourceCode[] = [];
  const { dataSourceByLetter } = legacyLookups();
  for (const letter of text.replace(SEPARATORS, '')) {
    const code = dataSourceByLetter.get(letter);
    if (code !== undefined) codes.push(code);
    else if (isLegacyOnlyLetter(letter)) {
      notes.push(
        `legacy-only data source ${letter} (${LEGACY_ONLY_DATA_SOURCES[letter].name}) has no D-code`,
      );
    } else notes.push(`unknown:${letter}`);
  }
  return codes;
}

/**
 * Decodes the active data sources (I78 / AP) to canonical padded codes, deduplicated, in the
 * order sent. Accepted formats: `"D1,D2"`, `"D01D02"`, `"D19D20D05"`, `"D1D2"`, any of them with
 * spaces, and the legacy letters `"FSZ"` (mapped through the data sources' legacy prefixes; `S`
 * gives D02). An empty value decodes to `[]`.
 *
 * Undocumented D-numbers, legacy-only letters (R, K) and unknown letters (reported as
 * `unknown:<char>`) are left out of the value and listed in `notes`.
 *
 * @example
 * decodeActiveDataSources('D19D20D05'); // { ok: true, value: ['D19', 'D20', 'D05'] }
 * decodeActiveDataSources('FSZ');       // { ok: true, value: ['D01', 'D02', 'D10'] }
 */
export function decodeActiveDataSources(raw: unknown): DecodeResult<DataSourceCode[]> {
  const value = firstValue(raw);
  if (typeof value !== 'string') {
    return failed(value == null ? `${value === null ? 'null' : 'no'} value` : `not text: ${typeof value}`);
  }
  const notes: string[] = [];
  const text = value.trim();
  const codes = /D\d/.test(text) ? fromDCodes(text, notes) : fromLegacyLetters(text, notes);
  return decoded([...new Set(codes)], notes);
}
