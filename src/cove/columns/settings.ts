/**
 * {@link decodeSettings}: flattens a statistics row's `Settings` (an array of single-key objects,
 * `[{"I1":"name"},{"D09F00":"5"}]`) into decoded values keyed the way the caller asked for them.
 *
 * @module
 */
import { canonicalColumn } from './canonical';
import type { ColumnCode } from './codes';
import { type ColumnDecoder, columnDecoder } from './decoders';
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

/** Where one server spelling goes: the keys it fills (the requested spellings, else itself) and its decoder. */
interface Route {
  targets: readonly string[];
  decode: ColumnDecoder;
}

/**
 * What every row of a page shares, since they share one requested-columns array: which requested
 * spellings each server spelling fills, and each server spelling's decoder. Built once per array
 * and filled lazily, so a row costs a map lookup per value instead of resolving codes again.
 */
interface Plan {
  /** `requested.length` when built (a caller could push to a mutable array between calls). */
  size: number;
  /** Match key → the requested spellings that share it. */
  index: Map<string, string[]>;
  /** The requested codes without repeats, in request order (for `missing`). */
  unique: readonly string[];
  /** Server spelling → route; bounded, since a hostile server could send any number of spellings. */
  routes: Map<string, Route>;
}

const MAX_ROUTES = 4096;
const plans = new WeakMap<readonly string[], Plan>();

function planFor(requested: readonly string[]): Plan {
  const cached = plans.get(requested);
  if (cached !== undefined && cached.size === requested.length) return cached;
  const unique = [...new Set(requested)];
  const index = new Map<string, string[]>();
  for (const code of unique) {
    const key = matchKey(code);
    index.set(key, [...(index.get(key) ?? []), code]);
  }
  const plan: Plan = { size: requested.length, index, unique, routes: new Map() };
  if (Array.isArray(requested)) plans.set(requested, plan);
  return plan;
}

function routeOf(plan: Plan, serverCode: string): Route {
  let route = plan.routes.get(serverCode);
  if (route === undefined) {
    route = {
      targets: plan.index.get(matchKey(serverCode)) ?? [serverCode],
      decode: columnDecoder(serverCode),
    };
    if (plan.routes.size >= MAX_ROUTES) plan.routes.clear();
    plan.routes.set(serverCode, route);
  }
  return route;
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
  return readSettings(settings, requested, true) as DecodedSettings<C>;
}

/** `raw` and `missing` of a row, without decoding a value: what reading a page needs up front. */
export interface FlattenedSettings {
  /** As {@link DecodedSettings.raw}. */
  raw: Record<string, string>;
  /** As {@link DecodedSettings.missing}. */
  missing: string[];
}

/**
 * The first half of {@link decodeSettings}: `raw` and `missing`, identical to what it returns, with
 * no value decoded. Statistics rows are built from this and decode their values on first access.
 *
 * @internal
 */
export function flattenSettings(settings: unknown, requested: readonly string[]): FlattenedSettings {
  return readSettings(settings, requested, false);
}

/**
 * One pass over `Settings`. With `decode`, values are decoded and failures and notes collected;
 * without it only `raw` and `missing` are filled (the other fields stay empty).
 */
function readSettings(settings: unknown, requested: readonly string[], decode: boolean): DecodedSettings {
  const values: Record<string, unknown> = {};
  const raw: Record<string, string> = {};
  const invalid: InvalidColumnValue[] = [];
  const notes: ColumnNote[] = [];
  const plan = planFor(requested);

  if (Array.isArray(settings)) {
    // A plain loop (not forEach + Object.entries): this runs for every value of every row.
    for (let position = 0; position < settings.length; position++) {
      const entry: unknown = settings[position];
      if (entry === undefined && !(position in settings)) continue; // a hole, as forEach skips
      if (!isEntryObject(entry)) {
        if (decode)
          invalid.push({
            code: `Settings[${position}]`,
            raw: rawValueText(entry),
            reason: 'entry is not an object',
          });
        continue;
      }
      for (const serverCode in entry) {
        if (!Object.hasOwn(entry, serverCode)) continue;
        const value = entry[serverCode];
        // Cove sends `null` for a column with no value: it is absent (listed in `missing`), never "null".
        if (value === null || value === undefined) continue;
        const route = routeOf(plan, serverCode);
        const text = rawValueText(value);
        for (const target of route.targets) {
          if (Object.hasOwn(raw, target)) {
            if (decode && raw[target] !== text)
              invalid.push({ code: target, raw: text, reason: 'duplicate column ignored' });
            continue;
          }
          setOwn(raw, target, text);
          if (!decode) continue;
          const result = route.decode(value);
          if (!result.ok) {
            invalid.push({ code: target, raw: text, reason: result.reason });
            continue;
          }
          setOwn(values, target, result.value);
          if (result.notes !== undefined) for (const note of result.notes) notes.push({ code: target, note });
        }
      }
    }
  } else if (decode) {
    invalid.push({ code: 'Settings', raw: rawValueText(settings), reason: 'Settings is not an array' });
  }

  const missing = plan.unique.filter((code) => !Object.hasOwn(raw, code));
  return { values: values as SettingsValues<readonly string[]>, raw, missing, invalid, notes };
}
