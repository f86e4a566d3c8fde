/**
 * Output formats: NDJSON (one JSON object a line), a JSON array, CSV (RFC 4180) and a plain text
 * table for terminals. Data goes to stdout only.
 *
 * @module
 */
import { UsageError } from './errors';
import type { CliIo } from './io';

/** The output formats every listing command offers. */
export const FORMATS = ['ndjson', 'json', 'csv', 'table'] as const;

/** One output format. */
export type Format = (typeof FORMATS)[number];

/** A column of the table and CSV formats. */
export interface Column<T> {
  /** Header text. */
  header: string;
  /** The cell; `undefined` and `null` print empty. */
  value: (row: T) => string | number | boolean | null | undefined;
  /** Only in CSV (too wide for a terminal table). */
  csvOnly?: boolean;
}

/** `--format`, or `table` on a terminal and `ndjson` otherwise. */
export function resolveFormat(io: CliIo, value: string | undefined): Format {
  if (value === undefined) return io.stdout.isTTY ? 'table' : 'ndjson';
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}").`);
  }
  return value as Format;
}

function cell(value: string | number | boolean | null | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Quotes a CSV field when it holds a comma, quote or line break; neutralises spreadsheet formulas. */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Renders rows as an aligned text table (header, then one line a row; cells cut at 60 chars). */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const shown = columns.filter((c) => !c.csvOnly);
  const clip = (text: string) => {
    const flat = text.replace(/\s+/g, ' ');
    return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
  };
  const grid = [
    shown.map((c) => c.header.toUpperCase()),
    ...rows.map((r) => shown.map((c) => clip(cell(c.value(r))))),
  ];
  const widths = shown.map((_, i) => Math.max(...grid.map((line) => (line[i] ?? '').length)));
  return grid
    .map((line) =>
      line
        .map((text, i) => (i === line.length - 1 ? text : text.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Writes `records` to stdout in `format`; `columns` drive the table and CSV formats. */
export function writeRecords<T>(
  io: CliIo,
  format: Format,
  records: readonly T[],
  columns: readonly Column<T>[],
): void {
  switch (format) {
    case 'ndjson':
      for (const record of records) io.stdout.write(`${JSON.stringify(record)}\n`);
      return;
    case 'json':
      io.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
      return;
    case 'csv': {
      const lines = [columns.map((c) => csvField(c.header)).join(',')];
      for (const record of records) lines.push(columns.map((c) => csvField(cell(c.value(record)))).join(','));
      io.stdout.write(`${lines.join('\r\n')}\r\n`);
      return;
    }
    case 'table':
      if (records.length === 0) {
        if (io.stderr.isTTY) io.stderr.write('(nothing to show)\n');
        return;
      }
      io.stdout.write(`${renderTable(records, columns)}\n`);
      return;
  }
}

/** Writes one source error as a JSON line on stderr: `{"error":…,"source":…,…}`. */
export function writeSourceError(
  io: CliIo,
  error: { source: string; kind?: string; stage?: string; message: string; recordId?: string },
): void {
  io.stderr.write(
    `${JSON.stringify({
      level: 'error',
      source: error.source,
      ...(error.kind ? { kind: error.kind } : {}),
      ...(error.stage ? { stage: error.stage } : {}),
      ...(error.recordId ? { recordId: error.recordId } : {}),
      message: error.message,
    })}\n`,
  );
}

/**
 * Reads every source at once and gathers the records; a source that fails is reported on stderr
 * as one JSON line naming it (not after an interrupt) and sets `failed`.
 */
export async function eachSource<S extends { name: string; type: string }, T>(
  io: CliIo,
  sources: readonly S[],
  read: (source: S, index: number) => Promise<T[]>,
): Promise<{ records: T[]; failed: boolean }> {
  const settled = await Promise.allSettled(sources.map(read));
  const records: T[] = [];
  let failed = false;
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') records.push(...result.value);
    else {
      failed = true;
      const source = sources[i];
      if (!io.signal.aborted && source) {
        const reason: unknown = result.reason;
        writeSourceError(io, {
          source: source.name,
          kind: source.type,
          message: reason instanceof Error ? reason.message : String(reason),
        });
      }
    }
  });
  return { records, failed };
}
