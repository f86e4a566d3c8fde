/**
 * A set of device ids for de-duplicating a paged walk, in a fraction of a `Set`'s memory: ids that
 * fit in 31 bits (every Cove device id seen so far) live in an open-addressing `Int32Array` table,
 * 4 bytes a slot, instead of a `Set` entry of about 20 bytes. Any other id goes to a `Set`.
 *
 * @module
 */

const EMPTY = -1;

/** @internal */
export class IdSet {
  #table = new Int32Array(1024).fill(EMPTY);
  #size = 0;
  #others: Set<number> | undefined;

  /** Adds `id`; returns `false` when it was already there. */
  add(id: number): boolean {
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
      this.#others ??= new Set();
      if (this.#others.has(id)) return false;
      this.#others.add(id);
      return true;
    }
    if (!this.#insert(id)) return false;
    this.#size += 1;
    if (this.#size * 2 > this.#table.length) this.#grow();
    return true;
  }

  #insert(id: number): boolean {
    const table = this.#table;
    const mask = table.length - 1;
    // Multiplicative hashing spreads consecutive ids over the table.
    for (let slot = Math.imul(id, 0x9e3779b1) & mask; ; slot = (slot + 1) & mask) {
      const there = table[slot];
      if (there === id) return false;
      if (there === EMPTY) {
        table[slot] = id;
        return true;
      }
    }
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Int32Array(old.length * 2).fill(EMPTY);
    for (const id of old) if (id !== EMPTY) this.#insert(id);
  }
}
