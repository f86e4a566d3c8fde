/**
 * Deterministic fake values (ids, hex digests, file bytes, timestamps) for the DBackup mock.
 *
 * @internal
 * @module
 */

/** FNV-1a 32-bit hash. */
function fnv1a(input: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** `length` lowercase hex characters derived from `seed`; the same seed always gives the same string. */
export function fakeHex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += fnv1a(`${seed}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** A small deterministic integer in `[min, max]` derived from `seed`. */
export function fakeInt(seed: string, min: number, max: number): number {
  return min + (fnv1a(seed) % (max - min + 1));
}

/** A random UUID v4, like Prisma's `uuid()` default. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** ISO string of an epoch-ms time. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch ms of an ISO string (NaN-safe: falls back to `fallback`). */
export function ms(isoString: string | null | undefined, fallback = 0): number {
  if (!isoString) return fallback;
  const t = Date.parse(isoString);
  return Number.isNaN(t) ? fallback : t;
}

/** `YYYY-MM-DD_HH-mm-ss` in UTC, the stamp DBackup puts into backup file names. */
export function fileStamp(at: number): string {
  return iso(at).slice(0, 19).replace('T', '_').replace(/:/g, '-');
}

/** Deterministic pseudo-random bytes standing in for a backup file's content. */
export function syntheticBytes(seed: string, length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(new ArrayBuffer(length));
  let state = fnv1a(seed) || 1;
  for (let i = 0; i < length; i++) {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** DBackup's human duration in "X completed (…)" log lines: `9ms`, `5s`, `1m 6s`. */
export function humanDuration(durationMs: number): string {
  if (durationMs < 1000) return `${durationMs}ms`;
  const seconds = Math.floor(durationMs / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

/** DBackup's human size in "Pipeline complete. Final size: …" log lines. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} Bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(2))} ${units[unit]}`;
}
