/**
 * {@link decodeSettings}: flattens a statistics row's `Settings` (an array of single-key objects,
 * `[{"I1":"name"},{"D09F00":"5"}]`) into decoded values keyed the way the caller asked for them.
 *
 * @module
 */
import { canonicalColumn } from './canonical';
import type { ColumnCode } from './codes';
import { decodeColumn } from './decoders';
import { rawValueText } from './raw-value';
import type { ColumnValue } from './values';

/** A value the server sent that could not be decoded, or a Settings entry that was malformed. */
export interface InvalidColumnValue {
  /** The column as requested (or as the server spelled an unrequested one); `Settings` or `Settings[i]` for structural problems. */
  code: string;
  /** The value exactly as sent (non-strings JSON-stringified). */
  raw: string;
  /** Why it was rejected. */
  reason: string;
}

/** A remark from a decoder that did not stop decoding (e.g. an unknown data source letter in I78). */
export interface ColumnNote {
  /** The column the note is about, keyed like `values`. */
  code: string;
  /** The remark. */
  note: string;
}

/**
 * Decoded values keyed by the requested spelling. Requested catalogue codes are typed precisely
 * (and optional, since the server may omit any column); extra columns the server sent unasked are
 * present too, typed `unknown`.
 */
export type SettingsValues<C extends readonly string[]> = {
  [K in C[number] as K extends ColumnCode ? K : never]?: K extends ColumnCode ? ColumnValue<K> : never;
} & { [code: string]: unknown };

/** The result of {@link decodeSettings}. */
export interface DecodedSettings<C extends readonly string[] = readonly string[]> {
  /** Decoded values, keyed by the requested spelling (unrequested extras by the server's spelling). */
  values: SettingsValues<C>;
  /** Every value as the server sent it, keyed like `values`; kept for invalid values too. */
  raw: Record<string, string>;
  /** Requested codes the response does not contain, in request order. Nothing is invented for them. */
  missing: string[];
  /** Values that failed to decode, and malformed Settings entries. */
  invalid: InvalidColumnValue[];
  /** Decoder remarks that did not stop decoding. */
  notes: ColumnNote[];
}

const UNPADDED_STATISTIC = /^D(\d{1,2})F(\d{1,2})$/;

/**
 * The key two spellings of one column share: the canonical code when catalogued, else the padded
 * form of a `D#F#` code (so undocumented `D9F27` still matches `D09F27`), else the code itself.
 */
function matchKey(code: string): string {
  const canonical = canonicalColumn(code);
  if (canonical !== undefined) return canonical;
  const statistic = UNPADDED_STATISTIC.exec(code);
  if (!statistic) return code;
  return `D${(statistic[1] ?? '').padStart(2, '0')}F${(statistic[2] ?? '').padStart(2, '0')}`;
}

/** Sets an own property, safe even for a key such as `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // A server-sent key such as `__proto__` must become an own property, never a prototype change.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function isEntryObject(entry: unknown): entry is Record<string, unknown> {
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry);
}

/** Index per requested-columns array: every row of a page shares one array, so build it once. */
const requestIndexes = new WeakMap<readonly string[], { size: number; index: Map<string, string[]> }>();

function requestIndex(requested: readonly string[]): Map<string, string[]> {
  const cached = requestIndexes.get(requested);
  if (cached !== undefined && cached.size === requested.length) return cached.index;
  const index = buildRequestIndex(requested);
  if (Array.isArray(requested)) requestIndexes.set(requested, { size: requested.length, index });
  return index;
}

function buildRequestIndex(requested: readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const code of new Set(requested)) {
    const key = matchKey(code);
    index.set(key, [...(index.get(key) ?? []), code]);
  }
  return index;
}

/**
 * Flattens and decodes one statistics row's `Settings`.
 *
 * - Keys in `values` and `raw` are **as requested**: ask for `D9F00` and the server's `D09F00` is
 *   stored under `D9F00` (and vice versa; legacy spellings match too, so `T0` gets `D09F00`).
 * - Columns the server returned unasked (the docs sample returns I78 unrequested) are kept under
 *   the server's spelling, in both `raw` and `values`.
 * - `missing` lists requested codes the response lacks, or sent as `null`; no value is invented.
 * - A value that fails to decode goes to `invalid` (its raw text stays in `raw`).
 * - Malformed input never throws: a non-array `Settings` or a non-object entry is skipped and
 *   reported in `invalid`. A second entry for the same column is ignored (reported if it differs).
 *
 * @param settings - the row's `Settings`, straight from the response.
 * @param requested - the column codes sent in the query's `Columns`, in any spelling.
 */
export function decodeSettings<const C extends readonly string[]>(
  settings: unknown,
  requested: C,
): DecodedSettings<C> {
  const values: Record<string, unknown> = {};
  const raw: Record<string, string> = {};
  const invalid: InvalidColumnValue[] = [];
  const notes: ColumnNote[] = [];
  const index = requestIndex(requested);

  const store = (target: string, serverCode: string, value: unknown): void => {
    // Cove sends `null` for a column with no value: it is absent (listed in `missing`), never "null".
    if (value === null || value === undefined) return;
    const text = rawValueText(value);
    if (Object.hasOwn(raw, target)) {
      if (raw[target] !== text) invalid.push({ code: target, raw: text, reason: 'duplicate column ignored' });
      return;
    }
    setOwn(raw, target, text);
    const result = decodeColumn(serverCode, value);
    if (!result.ok) {
      invalid.push({ code: target, raw: text, reason: result.reason });
      return;
    }
    setOwn(values, target, result.value);
    for (const note of result.notes ?? []) notes.push({ code: target, note });
  };

  if (Array.isArray(settings)) {
    settings.forEach((entry: unknown, position) => {
      if (!isEntryObject(entry)) {
        invalid.push({
          code: `Settings[${position}]`,
          raw: rawValueText(entry),
          reason: 'entry is not an object',
        });
        return;
      }
      for (const [serverCode, value] of Object.entries(entry)) {
        for (const target of index.get(matchKey(serverCode)) ?? [serverCode])
          store(target, serverCode, value);
      }
    });
  } else {
    invalid.push({ code: 'Settings', raw: rawValueText(settings), reason: 'Settings is not an array' });
  }

  const missing = [...new Set(requested)].filter((code) => !Object.hasOwn(raw, code));
  return { values: values as SettingsValues<C>, raw, missing, invalid, notes };
}
