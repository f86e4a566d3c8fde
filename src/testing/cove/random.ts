/**
 * Deterministic pseudo-randomness for the Cove mock. Every generated value is derived from the
 * mock's `seed` plus a stable key (device id, column code…), so the same options always produce the
 * same partner tree, devices and statistics, in any order of access.
 *
 * @internal
 * @module
 */

/** Hashes numbers and strings into an unsigned 32-bit integer (FNV-1a with a murmur3 finaliser). */
export function hash32(...parts: ReadonlyArray<number | string>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in `[0, 1)` derived from the given key parts. */
export function unit(...parts: ReadonlyArray<number | string>): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** `length` upper-case hex characters derived from the given key parts. */
export function hexString(length: number, ...parts: ReadonlyArray<number | string>): string {
  let out = '';
  for (let block = 0; out.length < length; block++) {
    out += hash32(...parts, block)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
  }
  return out.slice(0, length);
}

/** A small seeded generator (mulberry32) for drawing a sequence of related values. */
export class Rng {
  #state: number;

  /** @param seed - Any 32-bit integer; usually `hash32(seed, id, topic)`. */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A uniform number in `[0, 1)`. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** An integer in `[min, max]` (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly [T, ...T[]]): T {
    return items[Math.floor(this.next() * items.length)] ?? items[0];
  }

  /** One value from `[value, weight]` pairs, proportionally to the weights. */
  weighted<T>(entries: readonly [readonly [T, number], ...(readonly [T, number])[]]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]?.[0] ?? entries[0][0];
  }
}
