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
 * A row's shape: the slots it filled, in order. Rows of one shape get `raw` as a copy of a template
 * object with that shape's keys, then their values: V8 keeps such objects in fast mode, where an
 * object filled key by key becomes a dictionary (about three times the memory and slower reads).
 */
interface Shape {
  /** The slots, in the order the row filled them. */
  slots: Int32Array;
  /** An object with those keys in that order, made by `JSON.parse` so that it is in fast mode. */
  template: Record<string, string>;
  /** `missing` of every row of this shape. */
  missing: readonly string[];
}

/** Scratch arrays for one row, reused from row to row (see `flattenSettings`). */
interface Scratch {
  /** `seen[slot] === stamp` when the current row filled `slot`; `at[slot]` is where in `filled`. */
  seen: Int32Array;
  at: Int32Array;
  stamp: number;
  /** The slots filled so far, and their text. */
  filled: Int32Array;
  texts: string[];
}

/**
 * What every row of a page shares, since they share one requested-columns array: which keys each
 * server spelling fills, numbered as slots. Built once per array and filled lazily, so a row costs
 * a map lookup per value instead of resolving codes again.
 */
interface Plan {
  /** `requested.length` when built (a caller could push to a mutable array between calls). */
  size: number;
  /** Match key → the requested spellings that share it. */
  index: Map<string, string[]>;
  /** The requested codes without repeats, in request order (for `missing`); slots 0…n-1. */
  unique: readonly string[];
  /**
   * Server spelling → the slots it fills (of the requested spellings, else of itself); bounded,
   * since a hostile server could send any number of spellings.
   */
  targets: Map<string, readonly number[]>;
  /** Slot → key of `raw`. */
  keys: string[];
  /** Key of `raw` → slot. */
  slotOf: Map<string, number>;
  /** Row shapes met, by a hash of their slots; bounded. */
  shapes: Map<number, Shape>;
  /** Free scratch arrays, or `undefined` while a row uses them. */
  scratch: Scratch | undefined;
}

const MAX_TARGETS = 4096;
const MAX_SHAPES = 64;
const plans = new WeakMap<readonly string[], Plan>();

function planFor(requested: readonly string[]): Plan {
  const cached = plans.get(requested);
  if (cached !== undefined && cached.size === requested.length && cached.keys.length <= 2 * MAX_TARGETS) {
    return cached;
  }
  const unique = [...new Set(requested)];
  const index = new Map<string, string[]>();
  for (const code of unique) {
    const key = matchKey(code);
    index.set(key, [...(index.get(key) ?? []), code]);
  }
  const plan: Plan = {
    size: requested.length,
    index,
    unique,
    targets: new Map(),
    keys: [...unique],
    slotOf: new Map(unique.map((code, slot) => [code, slot])),
    shapes: new Map(),
    scratch: undefined,
  };
  if (Array.isArray(requested)) plans.set(requested, plan);
  return plan;
}

function slotFor(plan: Plan, key: string): number {
  let slot = plan.slotOf.get(key);
  if (slot === undefined) {
    slot = plan.keys.length;
    plan.keys.push(key);
    plan.slotOf.set(key, slot);
  }
  return slot;
}

function targetsOf(plan: Plan, serverCode: string): readonly number[] {
  let targets = plan.targets.get(serverCode);
  if (targets === undefined) {
    const keys = plan.index.get(matchKey(serverCode)) ?? [serverCode];
    targets = keys.map((key) => slotFor(plan, key));
    if (plan.targets.size >= MAX_TARGETS) plan.targets.clear();
    plan.targets.set(serverCode, targets);
  }
  return targets;
}

function takeScratch(plan: Plan): Scratch {
  let scratch = plan.scratch;
  plan.scratch = undefined; // a nested call (a value's toJSON decoding another row) gets its own
  const slots = plan.keys.length + 64;
  if (scratch === undefined || scratch.stamp >= 0x7fffffff) {
    scratch = {
      seen: new Int32Array(slots),
      at: new Int32Array(slots),
      stamp: 0,
      filled: new Int32Array(64),
      texts: [],
    };
  }
  scratch.stamp += 1;
  return scratch;
}

/** Makes room for `slot` in `seen`/`at` and for one more filled slot. */
function reserve(scratch: Scratch, slot: number, count: number): void {
  if (slot >= scratch.seen.length) {
    const seen = new Int32Array(Math.max(slot + 1, scratch.seen.length * 2));
    seen.set(scratch.seen);
    scratch.seen = seen;
    const at = new Int32Array(seen.length);
    at.set(scratch.at);
    scratch.at = at;
  }
  if (count >= scratch.filled.length) {
    const filled = new Int32Array(scratch.filled.length * 2);
    filled.set(scratch.filled);
    scratch.filled = filled;
  }
}

/** Placeholder until `raw` is built (never handed out). */
const EMPTY_RAW: Record<string, string> = Object.freeze({}) as Record<string, string>;

const sameSlots = (a: Int32Array, b: Int32Array, count: number) => {
  if (a.length !== count) return false;
  for (let i = 0; i < count; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The shape of the row just read, from the cache or made now; `undefined` when none is kept. */
function shapeOf(plan: Plan, scratch: Scratch, count: number, hash: number): Shape | undefined {
  const known = plan.shapes.get(hash);
  if (known !== undefined) return sameSlots(known.slots, scratch.filled, count) ? known : undefined;
  if (plan.shapes.size >= MAX_SHAPES) return undefined;
  const slots = scratch.filled.slice(0, count);
  const keys = Array.from(slots, (slot) => plan.keys[slot] as string);
  if (keys.includes('__proto__')) return undefined; // left to setOwn
  const placeholder: Record<string, string> = {};
  for (const key of keys) placeholder[key] = '';
  const template = JSON.parse(JSON.stringify(placeholder)) as Record<string, string>;
  const filled = new Set(keys);
  const shape: Shape = { slots, template, missing: plan.unique.filter((code) => !filled.has(code)) };
  plan.shapes.set(hash, shape);
  return shape;
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
  const flat: FlattenedSettings = { raw: EMPTY_RAW, missing: [] };
  const plan = planFor(requested);
  const scratch = takeScratch(plan);
  const { stamp, texts } = scratch;
  let count = 0;
  let hash = 0;
  let indexKeys = false;
  const issue = (found: InvalidColumnValue) => {
    flat.issues ??= [];
    flat.issues.push({ before: count, issue: found });
  };

  if (Array.isArray(settings)) {
    // A plain loop (not forEach + Object.entries): this runs for every value of every row. Each
    // value is noted in the scratch arrays; `raw` is built at the end, in one go.
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
        const targets = targetsOf(plan, serverCode);
        for (let t = 0; t < targets.length; t++) {
          const slot = targets[t] as number;
          reserve(scratch, slot, count);
          if (scratch.seen[slot] === stamp) {
            const before = texts[scratch.at[slot] as number];
            if (before !== text)
              issue({ code: plan.keys[slot] as string, raw: text, reason: 'duplicate column ignored' });
            continue;
          }
          scratch.seen[slot] = stamp;
          scratch.at[slot] = count;
          scratch.filled[count] = slot;
          texts[count] = text;
          if (typeof value !== 'string') {
            flat.nonStrings ??= new Map();
            flat.nonStrings.set(plan.keys[slot] as string, value);
          }
          if (!indexKeys && INDEX_KEY.test(plan.keys[slot] as string)) indexKeys = true;
          hash = (Math.imul(hash, 31) + slot + 1) | 0;
          count += 1;
        }
      }
    }
  } else {
    issue({ code: 'Settings', raw: rawValueText(settings), reason: 'Settings is not an array' });
  }

  const { keys } = plan;
  const { filled } = scratch;
  const shape = shapeOf(plan, scratch, count, hash);
  if (shape !== undefined) {
    const raw: Record<string, string> = { ...shape.template };
    for (let i = 0; i < count; i++) raw[keys[filled[i] as number] as string] = texts[i] as string;
    flat.raw = raw;
    flat.missing = [...shape.missing];
  } else {
    const raw: Record<string, string> = {};
    for (let i = 0; i < count; i++) setOwn(raw, keys[filled[i] as number] as string, texts[i]);
    flat.raw = raw;
    flat.missing = plan.unique.filter((_, slot) => scratch.seen[slot] !== stamp);
  }
  // JavaScript lists index-like keys ("0", "42") first: keep the order they were read in.
  if (indexKeys) flat.order = Array.from(filled.subarray(0, count), (slot) => keys[slot] as string);
  plan.scratch = scratch; // (`texts` keeps the last row's values until the next row overwrites them)
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
