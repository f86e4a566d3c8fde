/**
 * Decoding a statistics row's values on first access. A page of 500 rows × 40 columns holds 20,000
 * values, and the run feed (`collectRuns` → `normalizeRun`) reads only `raw`: decoding them all up
 * front cost more than fetching and parsing the page. So a row from `toStatisticsRow` carries `raw`
 * and `missing` at once, and `values`, `invalid` and `notes` are decoded together, with
 * `decodeSettings`, the first time any of the three is read.
 *
 * They are own, enumerable accessors, replaced by plain data properties on first access, so
 * `JSON.stringify(row)`, `{ ...row }`, `structuredClone(row)`, `Object.entries(row)` and deep
 * equality all see the decoded values, and `console.log(row)` prints them. Assigning to one of them
 * works too. The result is exactly what eager decoding gave.
 *
 * @module
 */
import { type DecodedSettings, decodeSettings } from './columns';

const LAZY_KEYS = ['values', 'invalid', 'notes'] as const;
type LazyKey = (typeof LAZY_KEYS)[number];

/** What a row still needs to decode, until it has; then the decoded result (for frozen rows). */
interface LazyState {
  settings: unknown;
  columns: readonly string[];
  decoded: DecodedSettings | undefined;
}

/** Where a row keeps its {@link LazyState}: a non-enumerable symbol, invisible to JSON, spread and equality. */
const STATE = Symbol('backupchecks.lazyValues');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function decodedOf(row: object): DecodedSettings | undefined {
  const state = (row as { [STATE]?: LazyState })[STATE];
  if (state === undefined) return undefined;
  if (state.decoded === undefined) {
    state.decoded = decodeSettings(state.settings, state.columns);
    state.settings = undefined; // the raw Settings are no longer needed
    for (const key of LAZY_KEYS) {
      // Replace the accessors by data properties, keeping their place in the key order. A row the
      // caller froze keeps its accessors, which go on answering from `state.decoded`.
      if (Object.isExtensible(row)) dataProperty(row, key, state.decoded[key]);
    }
  }
  return state.decoded;
}

function dataProperty(row: object, key: LazyKey, value: unknown): void {
  Object.defineProperty(row, key, { value, writable: true, enumerable: true, configurable: true });
}

function accessor(key: LazyKey): PropertyDescriptor {
  return {
    get(this: object) {
      return decodedOf(this)?.[key];
    },
    set(this: object, value: unknown) {
      decodedOf(this);
      dataProperty(this, key, value);
    },
    enumerable: true,
    configurable: true,
  };
}

// One descriptor per property, shared by every row: rows keep one shape and define no closures.
// (Separate defineProperty calls measured faster than one defineProperties, and a WeakMap for the
// state cost as much again.)
const VALUES = accessor('values');
const INVALID = accessor('invalid');
const NOTES = accessor('notes');
/** Node's console.log / util.inspect: show the row decoded, like a plain object. */
const INSPECT_ROW: PropertyDescriptor = {
  value(this: object, _depth: number, options: object, inspect: (value: unknown, options: object) => string) {
    return inspect({ ...this }, options);
  },
  enumerable: false,
  configurable: true,
  writable: true,
};

/**
 * Turns `row.values`, `row.invalid` and `row.notes` into accessors that decode `settings` against
 * `columns` (with `decodeSettings`) the first time one of them is read. `row` must already have the
 * three keys (as placeholders), so that they keep their place in the key order.
 *
 * @internal
 */
export function decodeOnFirstAccess<T extends object>(
  row: T,
  settings: unknown,
  columns: readonly string[],
): T {
  const state: LazyState = { settings, columns, decoded: undefined };
  Object.defineProperty(row, STATE, { value: state, configurable: true });
  Object.defineProperty(row, 'values', VALUES);
  Object.defineProperty(row, 'invalid', INVALID);
  Object.defineProperty(row, 'notes', NOTES);
  Object.defineProperty(row, INSPECT, INSPECT_ROW);
  return row;
}
