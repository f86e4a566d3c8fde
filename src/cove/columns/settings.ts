/**
 * {@link decodeSettings}: flattens a statistics row's `Settings` (an array of single-key objects,
 * `[{"I1":"name"},{"D09F00":"5"}]`) into decoded values keyed the way the caller asked for them.
 *
 * @module
 */
import { canonicalColumn } from './canonical';
import type { ColumnCode } from './codes';
import { columnDecoder } from './decoders';
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

/**
 * What every row of a page shares, since they share one requested-columns array: which keys each
 * server spelling fills. Built once per array and filled lazily, so a row costs a map lookup per
 * value instead of resolving codes again.
 */
interface Plan {
  /** `requested.length` when built (a caller could push to a mutable array between calls). */
  size: number;
  /** Match key → the requested spellings that share it. */
  index: Map<string, string[]>;
  /** The requested codes without repeats, in request order (for `missing`). */
  unique: readonly string[];
  /**
   * Server spelling → the keys it fills (the requested spellings, else itself); bounded, since a
   * hostile server could send any number of spellings.
   */
  targets: Map<string, readonly string[]>;
}

const MAX_TARGETS = 4096;
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
  const plan: Plan = { size: requested.length, index, unique, targets: new Map() };
  if (Array.isArray(requested)) plans.set(requested, plan);
  return plan;
}

function targetsOf(plan: Plan, serverCode: string): readonly string[] {
  let targets = plan.targets.get(serverCode);
  if (targets === undefined) {
    targets = plan.index.get(matchKey(serverCode)) ?? [serverCode];
    if (plan.targets.size >= MAX_TARGETS) plan.targets.clear();
    plan.targets.set(serverCode, targets);
  }
  return targets;
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
  const flat = flattenSettings(settings, requested);
  const { values, invalid, notes } = decodeFlattened(flat);
  return { values: values as SettingsValues<C>, raw: flat.raw, missing: flat.missing, invalid, notes };
}

/**
 * A row's `raw` and `missing`, plus what decoding its values later needs, so that the row does not
 * have to keep the response's `Settings` (20,000 small objects a page) alive until then.
 *
 * @internal
 */
export interface FlattenedSettings {
  /** As {@link DecodedSettings.raw}. */
  raw: Record<string, string>;
  /** As {@link DecodedSettings.missing}. */
  missing: string[];
  /** The keys of `raw` in the order they were filled, when `Object.keys(raw)` would not keep it. */
  order?: string[];
  /** The values the server sent as something other than a string (rare), by key of `raw`. */
  nonStrings?: Map<string, unknown>;
  /**
   * Malformed entries and differing duplicates, each with the number of keys `raw` had when it was
   * met, so decoding reports them in the same order as one pass would.
   */
  issues?: { before: number; issue: InvalidColumnValue }[];
}

/** A key that JavaScript orders before the others in an object (`"0"`, `"42"`). */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/**
 * The first half of {@link decodeSettings}: one pass over `Settings` that fills `raw` and `missing`
 * and notes what decoding needs. No value is decoded.
 *
 * @internal
 */
export function flattenSettings(settings: unknown, requested: readonly string[]): FlattenedSettings {
  const raw: Record<string, string> = {};
  const flat: FlattenedSettings = { raw, missing: [] };
  const plan = planFor(requested);
  let filled = 0;
  let order: string[] | undefined;
  const issue = (found: InvalidColumnValue) => {
    flat.issues ??= [];
    flat.issues.push({ before: filled, issue: found });
  };

  if (Array.isArray(settings)) {
    // A plain loop (not forEach + Object.entries): this runs for every value of every row.
    for (let position = 0; position < settings.length; position++) {
      const entry: unknown = settings[position];
      if (entry === undefined && !(position in settings)) continue; // a hole, as forEach skips
      if (!isEntryObject(entry)) {
        issue({ code: `Settings[${position}]`, raw: rawValueText(entry), reason: 'entry is not an object' });
        continue;
      }
      for (const serverCode in entry) {
        if (!Object.hasOwn(entry, serverCode)) continue;
        const value = entry[serverCode];
        // Cove sends `null` for a column with no value: it is absent (listed in `missing`), never "null".
        if (value === null || value === undefined) continue;

        const text = typeof value === 'string' ? value : rawValueText(value);
        for (const target of targetsOf(plan, serverCode)) {
          if (Object.hasOwn(raw, target)) {
            if (raw[target] !== text) issue({ code: target, raw: text, reason: 'duplicate column ignored' });
            continue;
          }
          setOwn(raw, target, text);
          if (typeof value !== 'string') {
            flat.nonStrings ??= new Map();
            flat.nonStrings.set(target, value);
          }
          if (order !== undefined) order.push(target);
          else if (INDEX_KEY.test(target))
            order = [...Object.keys(raw).filter((key) => key !== target), target];
          filled += 1;
        }
      }
    }
  } else {
    issue({ code: 'Settings', raw: rawValueText(settings), reason: 'Settings is not an array' });
  }

  if (order !== undefined) flat.order = order;
  flat.missing = plan.unique.filter((code) => !Object.hasOwn(raw, code));
  return flat;
}

/**
 * The second half of {@link decodeSettings}: decodes every value of a flattened row, in the order
 * the row was read, with the decoder of its column (the key of `raw` is a spelling of the same
 * column as the server's, so it has the same decoder).
 *
 * @internal
 */
export function decodeFlattened(
  flat: FlattenedSettings,
): Pick<DecodedSettings, 'values' | 'invalid' | 'notes'> {
  const values: Record<string, unknown> = {};
  const invalid: InvalidColumnValue[] = [];
  const notes: ColumnNote[] = [];
  const { raw, nonStrings, issues = [] } = flat;
  const keys = flat.order ?? Object.keys(raw);
  let next = 0;
  for (let index = 0; index < keys.length; index++) {
    while (next < issues.length && (issues[next]?.before ?? 0) <= index) invalid.push(issues[next++]!.issue);
    const key = keys[index] as string;
    const text = raw[key] as string;
    const result = columnDecoder(key)(nonStrings?.has(key) ? nonStrings.get(key) : text);
    if (!result.ok) {
      invalid.push({ code: key, raw: text, reason: result.reason });
      continue;
    }
    setOwn(values, key, result.value);
    if (result.notes !== undefined) for (const note of result.notes) notes.push({ code: key, note });
  }
  while (next < issues.length) invalid.push(issues[next++]!.issue);
  return { values: values as SettingsValues<readonly string[]>, invalid, notes };
}
