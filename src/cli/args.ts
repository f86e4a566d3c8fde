/**
 * Argument parsing on top of `node:util` `parseArgs`: value parsers (durations, lists, shards)
 * that fail with a {@link UsageError} naming the flag.
 *
 * @module
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies Options;

/** Options of the commands that read configured sources. */
export const SOURCE_OPTIONS = {
  config: { type: 'string', short: 'c' },
  source: { type: 'string', multiple: true },
} as const satisfies Options;

/** Runs `parseArgs` strictly, turning its errors into {@link UsageError}s. */
export function parse<const O extends Options>(
  argv: readonly string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true, allowNegative: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, '.'), { cause: error });
  }
}

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses `90s`, `15m`, `1h30m`, `3d`, `2w` into milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let end = 0;
  for (let match = re.exec(trimmed); match; match = re.exec(trimmed)) {
    total += Number(match[1]) * (UNITS[match[2] ?? ''] ?? Number.NaN);
    end = re.lastIndex;
  }
  if (trimmed === '' || end !== trimmed.length || !Number.isFinite(total) || total <= 0) {
    throw new UsageError(`${flag} must be a duration such as 90s, 15m, 1h30m, 3d or 2w (got "${text}").`);
  }
  return total;
}

/** Splits `a,b c` (commas or spaces, repeated flags allowed) into trimmed, non-empty items. */
export function parseList(values: string | readonly string[] | undefined): string[] {
  const all = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  return all.flatMap((value) => value.split(/[\s,]+/)).filter((item) => item !== '');
}

/** A shard: this worker's 1-based `index` out of `count`. */
export interface Shard {
  /** 1-based index of this worker. */
  index: number;
  /** Number of workers. */
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count || count > 10_000) {
    throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N, e.g. --shard 2/4 (got "${text}").`);
  }
  return { index, count };
}

/** Parses a non-negative integer flag value. */
export function parseInteger(text: string, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${text}").`);
  }
  return n;
}
