/**
 * Reading a statistics row's values on first access. A page of 500 rows × 40 columns holds 20,000
 * values. A walk that only needs ids or a few rows should not pay for all of them, and the run
 * feed (`collectRuns` → `normalizeRun`) reads only `raw`. So a row from `toStatisticsRow` keeps the
 * response's `Settings` until one of `raw` or `missing` is read, which flattens them in one pass
 * (and lets `Settings` go); `values`, `invalid` and `notes` are decoded together, as
 * `decodeSettings` does, the first time any of the three is read.
 *
 * They are own, enumerable accessors that stay accessors once decoded (turning them into data
 * properties made V8 switch every row to a slow dictionary object), so `JSON.stringify(row)`,
 * `{ ...row }`, `structuredClone(row)`, `Object.entries(row)` and deep equality all see the decoded
 * values, and `console.log(row)` prints them. Assigning to one of them replaces the accessor with
 * the caller's value. The result is exactly what eager reading and decoding gave.
 *
 * @module
 */
import type { DecodedSettings } from './columns';
import { decodeFlattened, type FlattenedSettings, flattenSettings } from './columns/settings';

type DecodedKey = 'values' | 'invalid' | 'notes';
type FlatKey = 'raw' | 'missing';

/** What a row still needs to read, until it has; then what it read. */
interface LazyState {
  /** The response's `Settings`, until flattened. */
  settings: unknown;
  /** The requested columns. */
  columns: readonly string[];
  flat: FlattenedSettings | undefined;
  decoded: Pick<DecodedSettings, 'values' | 'invalid' | 'notes'> | undefined;
}

/** Where a row keeps its {@link LazyState}: a non-enumerable symbol, invisible to JSON, spread and equality. */
const STATE = Symbol('backupchecks.lazyValues');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function flatOf(state: LazyState): FlattenedSettings {
  if (state.flat !== undefined) return state.flat;
  const flat = flattenSettings(state.settings, state.columns);
  state.flat = flat;
  state.settings = undefined; // the response's Settings can go now
  return flat;
}

function decodedOf(state: LazyState): NonNullable<LazyState['decoded']> {
  state.decoded ??= decodeFlattened(flatOf(state));
  return state.decoded;
}

const stateOf = (row: object) => (row as { [STATE]?: LazyState })[STATE];

function dataProperty(row: object, key: DecodedKey | FlatKey, value: unknown): void {
  Object.defineProperty(row, key, { value, writable: true, enumerable: true, configurable: true });
}

function accessor(key: DecodedKey | FlatKey): PropertyDescriptor {
  const flatKey = key === 'raw' || key === 'missing';
  return {
    get(this: object) {
      const state = stateOf(this);
      if (state === undefined) return undefined;
      return flatKey ? flatOf(state)[key] : decodedOf(state)[key as DecodedKey];
    },
    set(this: object, value: unknown) {
      // The caller's value replaces the accessor (a frozen row refuses it, as frozen data would).
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
const RAW = accessor('raw');
const MISSING = accessor('missing');
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

/** The eager part of a statistics row. */
interface EagerParts {
  accountId: number;
  partnerId: number | null;
  flags: string[];
  dropped: string[];
}

/**
 * Builds a statistics row whose `raw` and `missing` are read from `settings` (`flattenSettings`)
 * the first time one of them (or a decoded property) is read, and whose `values`, `invalid` and
 * `notes` are decoded (`decodeFlattened`) the first time one of those is read. Keys come in the
 * row's documented order: `accountId`, `partnerId`, `flags`, `values`, `raw`, `missing`, `dropped`,
 * `invalid`, `notes`.
 *
 * Every property is added in that order, the accessors with descriptors shared by all rows, so all
 * rows share one chain of hidden classes. (Turning existing data properties into accessors instead
 * made V8 switch each row to a slow dictionary object: a third of the cost of reading a page.)
 *
 * @internal
 */
export function lazyStatisticsRow<T extends object>(
  parts: EagerParts,
  settings: unknown,
  columns: readonly string[],
): T {
  const row: Record<string, unknown> = {
    accountId: parts.accountId,
    partnerId: parts.partnerId,
    flags: parts.flags,
  };
  Object.defineProperty(row, 'values', VALUES);
  Object.defineProperty(row, 'raw', RAW);
  Object.defineProperty(row, 'missing', MISSING);
  row.dropped = parts.dropped;
  Object.defineProperty(row, 'invalid', INVALID);
  Object.defineProperty(row, 'notes', NOTES);
  const state: LazyState = { settings, columns, flat: undefined, decoded: undefined };
  Object.defineProperty(row, STATE, { value: state });
  Object.defineProperty(row, INSPECT, INSPECT_ROW);
  return row as T;
}
