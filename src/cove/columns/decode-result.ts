/**
 * The result type every column decoder returns: decoders never throw and never produce `NaN`.
 *
 * @module
 */

/** A value that decoded. */
export interface DecodeSuccess<T> {
  /** Discriminant. */
  ok: true;
  /** The decoded value. */
  value: T;
  /** Things worth knowing that did not stop decoding (an unknown data source letter, a short colour bar). */
  notes?: string[];
}

/** A value that could not be decoded; the caller keeps the raw text. */
export interface DecodeFailure {
  /** Discriminant. */
  ok: false;
  /** Why decoding failed, e.g. `'not a number: "abc"'`. */
  reason: string;
}

/** The outcome of decoding one value: `{ ok: true, value }` or `{ ok: false, reason }`. */
export type DecodeResult<T> = DecodeSuccess<T> | DecodeFailure;

/** Builds a {@link DecodeSuccess}, omitting `notes` when there are none. */
export function decoded<T>(value: T, notes?: readonly string[]): DecodeSuccess<T> {
  // No default array: this runs once per decoded value, so the common case allocates one object.
  return notes !== undefined && notes.length > 0
    ? { ok: true, value, notes: [...notes] }
    : { ok: true, value };
}

/** Builds a {@link DecodeFailure}. */
export function failed(reason: string): DecodeFailure {
  return { ok: false, reason };
}
