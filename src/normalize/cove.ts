/**
 * Cove device-statistics row → {@link BackupRun}. One run per device: its last session, read from
 * the `D09` (Total) columns, with one object per active data source.
 *
 * Normalization reads the **raw strings** of the row (not decoded values), so it accepts both the
 * SDK's row (`{accountId, partnerId, raw, missing}`) and a plain `EnumerateAccountStatistics` row
 * (`{AccountId, PartnerId, Settings: [{code: value}]}`), with padded, unpadded or legacy codes.
 *
 * @module
 */
import * as z from 'zod';
import { isoFromUnixSeconds } from '../core/iso-time';
import { lenientNumber } from '../core/lenient';
import { type BackupRun, orderRunKeys, type RunObject, type RunStatus } from './backup-run';
import { canonicalCoveCode, dataSourceName, parseActiveDataSources } from './cove-columns';
import { NormalizeError, parseInput } from './errors';
import { COVE_STATUS_NAMES, lookupStatus, type StatusMap } from './status-maps';

/** Display name of Cove in `BackupRun.software`. */
export const COVE_SOFTWARE = 'Cove Data Protection';

/**
 * A Cove statistics row as the SDK's `CoveClient` yields it. Only `accountId`, `partnerId` and
 * `raw` are read; `values` (decoded) is ignored on purpose.
 */
export interface CoveStatisticsRow {
  /** Device id (`AccountId`, same as column I0). */
  accountId: number;
  /** Owning customer (partner) id. */
  partnerId?: number | null;
  /** Account flags, e.g. `['AutoDeployed']`. Not used. */
  flags?: readonly string[] | null;
  /** Decoded values. Not used by normalization. */
  values?: unknown;
  /** Original string values keyed by the code as requested (`D09F00`, `D9F0`, `T0`…). */
  raw: Readonly<Record<string, string | number | null>>;
  /** Requested codes the server did not return (refused, unknown, or simply absent). */
  missing?: readonly string[];
  /**
   * Requested codes Cove refused (13501, found by probing) and that were left out of the call. Only
   * these are called "restricted" in `statusReason`; any other missing column is "absent".
   */
  dropped?: readonly string[];
}

/** A plain `EnumerateAccountStatistics` result row, as Cove sends it. */
export interface CoveApiStatisticsRow {
  /** Device id. */
  AccountId: number;
  /** Owning customer (partner) id. */
  PartnerId?: number | null;
  /** Account flags. Not used. */
  Flags?: readonly string[] | null;
  /** One single-key object per returned column. */
  Settings: ReadonlyArray<Readonly<Record<string, string | number | null>>>;
}

/** Either shape of a Cove statistics row; told apart structurally. */
export type CoveStatisticsInput = CoveStatisticsRow | CoveApiStatisticsRow;

/**
 * Columns a statistics row must carry for a run with a known status: the last session status
 * (`D09F00`). Every other column only adds fields; its absence never makes the status unknown.
 */
export const COVE_REQUIRED_COLUMNS = ['D09F00'] as const;

/**
 * The last-session columns named in `statusReason` when they are missing: the Total's status, last
 * session time, sent size, errors and duration.
 */
const SESSION_COLUMNS = ['D09F00', 'D09F15', 'D09F05', 'D09F06', 'D09F12'] as const;

/**
 * Fields whose values describe one backup session (of the Total or of a data source) and so make
 * up a session fingerprint: status (F00), selected/processed counts and sizes (F01–F04), sent
 * size (F05), errors (F06), last success time (F09), duration (F12), last session time (F15),
 * last successful/completed status and time (F16–F18) and the M365 mailbox counts (F20, F21).
 * Left out: protected size (F07) and the colour bar (F08), which change without a new session.
 */
const FINGERPRINT_FIELD = /^D\d\dF(00|01|02|03|04|05|06|09|12|15|16|17|18|20|21)$/;

/**
 * The columns {@link normalizeRun} reads for Cove, in canonical form: device name (I1), customer
 * name (I8), computer name (I18), active data sources (I78), and the Total's status (D09F00),
 * sent size (D09F05), errors (D09F06), duration (D09F12) and last session time (D09F15). Per data
 * source it also reads `D<nn>F00` when present.
 */
export const COVE_RUN_COLUMNS = [
  'I1',
  'I8',
  'I18',
  'I78',
  'D09F00',
  'D09F05',
  'D09F06',
  'D09F12',
  'D09F15',
] as const;

const accountIdSchema = lenientNumber.refine(
  (n) => Number.isSafeInteger(n) && n >= 0,
  'expected a non-negative integer id',
);
const cellSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
]);
const sdkRowSchema = z.object({
  accountId: accountIdSchema,
  partnerId: accountIdSchema.nullish(),
  raw: z.record(z.string(), cellSchema),
  missing: z.array(z.string()).nullish(),
  dropped: z.array(z.string()).nullish(),
});
const apiRowSchema = z.object({
  AccountId: accountIdSchema,
  PartnerId: accountIdSchema.nullish(),
  Settings: z.array(z.record(z.string(), cellSchema)),
});

type Cell = z.infer<typeof cellSchema>;

interface ParsedRow {
  accountId: number;
  partnerId: number | undefined;
  /** Canonical code → the trimmed text of each column normalization reads (the first with a value wins). */
  columns: Map<string, string>;
  /** The input row, to name the field a bad value came from (only done for an error). */
  input:
    | { raw: Readonly<Record<string, unknown>> }
    | { Settings: ReadonlyArray<Readonly<Record<string, unknown>>> };
  /** Canonical codes that were requested but not returned (SDK rows only). */
  missing: string[];
  /** Canonical codes Cove refused (13501 or a probe verdict). */
  dropped: string[];
}

/**
 * A cell's value as trimmed text, `undefined` when absent. Cove sometimes sends a value as an array;
 * its element `[0]` is used. The SDK's `CoveClient` keeps such a value in `raw` as JSON text
 * (`'["5"]'`), so a string starting with `[` that parses as a JSON array is unwrapped the same way.
 * Text that is not a JSON array, or whose element `[0]` is an object or array, is kept as it is.
 */
function cellString(cell: Cell): string | undefined {
  if (typeof cell === 'string') {
    // Most cells are plain text: only text that may be a JSON array needs the slower look.
    const first = cell.charCodeAt(0);
    if (first !== 91 /* [ */ && first > 32) return cell.trim();
    const unwrapped = unwrapJsonArray(cell);
    return unwrapped === null || unwrapped === undefined ? undefined : String(unwrapped).trim();
  }
  const first = Array.isArray(cell) ? cell[0] : cell;
  if (first === null || first === undefined) return undefined;
  return String(first).trim();
}

/** Element `[0]` of JSON array text when it is a scalar or absent; otherwise the text itself. */
function unwrapJsonArray(text: string): unknown {
  if (!text.trimStart().startsWith('[')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (!Array.isArray(parsed)) return text;
  const first: unknown = parsed[0];
  if (first === null || first === undefined) return undefined;
  return typeof first === 'string' || typeof first === 'number' || typeof first === 'boolean' ? first : text;
}

function addColumn(columns: Map<string, string>, code: string, cell: Cell): void {
  const canonical = readColumnKey(code);
  if (canonical === undefined || columns.has(canonical)) return;
  const value = cellString(cell);
  if (value !== undefined) columns.set(canonical, value);
}

/** Device properties normalization reads: names (I1, I8, I18), account type (I59), data sources (I78). */
const READ_PROPERTIES = new Set(['I1', 'I8', 'I18', 'I59', 'I78']);

/**
 * The canonical code of a column normalization reads (the properties above and every
 * {@link FINGERPRINT_FIELD}, which includes each data source's F00), or `undefined` for one it
 * never reads (e.g. I14, D09F07, the colour bar), which is then not copied. Memoised per spelling.
 */
function readColumnKey(code: string): string | undefined {
  let key = columnKeys.get(code);
  if (key === undefined) {
    const canonical = canonicalCoveCode(code);
    key = READ_PROPERTIES.has(canonical) || FINGERPRINT_FIELD.test(canonical) ? canonical : null;
    if (columnKeys.size >= 4096) columnKeys.clear();
    columnKeys.set(code, key);
  }
  return key ?? undefined;
}

const columnKeys = new Map<string, string | null>();

/**
 * The input field the column `canonical` was read from, e.g. `statistics.raw.D9F15` or
 * `statistics.Settings[3].D09F15`: found again the way {@link addColumn} chose it, since only an
 * error needs it.
 */
function fieldOf(row: ParsedRow, canonical: string): string {
  const matches = (code: string, cell: unknown) =>
    readColumnKey(code) === canonical && cellString(cell as Cell) !== undefined;
  if ('raw' in row.input) {
    for (const [code, cell] of Object.entries(row.input.raw))
      if (matches(code, cell)) return `statistics.raw.${code}`;
  } else {
    for (const [index, setting] of row.input.Settings.entries()) {
      for (const [code, cell] of Object.entries(setting))
        if (matches(code, cell)) return `statistics.Settings[${index}].${code}`;
    }
  }
  return `statistics.${canonical}`;
}

function isScalarCell(cell: unknown): boolean {
  const type = typeof cell;
  return type === 'string' || type === 'number' || type === 'boolean' || cell === null;
}

function isCell(cell: unknown): cell is Cell {
  if (isScalarCell(cell)) return true;
  if (!Array.isArray(cell)) return false;
  for (const item of cell) if (!isScalarCell(item)) return false;
  return true;
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isCodeList(value: unknown): value is readonly string[] | null | undefined {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}

/**
 * Reads an SDK row of the exact shape `CoveClient` yields (numeric ids, valid cells, code lists)
 * without zod: normalizing a page row by row is the feed's hot path. Anything else returns
 * `undefined`, and the schema reads it (accepting numeric strings, or naming the bad field).
 * Reads `raw`, never `values`, so a row's lazy decoding is not triggered.
 */
function readSdkRow(input: Record<string, unknown>): ParsedRow | undefined {
  const { accountId, partnerId, raw, missing, dropped } = input;
  if (!isId(accountId) || !(partnerId === undefined || partnerId === null || isId(partnerId)))
    return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  if (!isCodeList(missing) || !isCodeList(dropped)) return undefined;
  const columns = new Map<string, string>();
  const cells = raw as Record<string, unknown>;
  const codes = Object.keys(cells);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as string;
    const cell = cells[code];
    if (!isCell(cell)) return undefined;
    addColumn(columns, code, cell);
  }
  return {
    input: { raw: cells },
    accountId,
    partnerId: partnerId ?? undefined,
    columns,
    missing: (missing ?? []).map(canonicalCoveCode),
    dropped: (dropped ?? []).map(canonicalCoveCode),
  };
}

function parseRow(input: unknown): ParsedRow {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new NormalizeError('statistics', 'expected a Cove statistics row object');
  }
  const columns = new Map<string, string>();
  if ('raw' in input || 'accountId' in input) {
    const plain = readSdkRow(input as Record<string, unknown>);
    if (plain !== undefined) return plain;
    const row = parseInput(sdkRowSchema, input, 'statistics');
    for (const [code, cell] of Object.entries(row.raw)) addColumn(columns, code, cell);
    return {
      input: row,
      accountId: row.accountId,
      partnerId: row.partnerId ?? undefined,
      columns,
      missing: (row.missing ?? []).map(canonicalCoveCode),
      dropped: (row.dropped ?? []).map(canonicalCoveCode),
    };
  }
  if ('Settings' in input || 'AccountId' in input) {
    const row = parseInput(apiRowSchema, input, 'statistics');
    for (const setting of row.Settings) {
      for (const [code, cell] of Object.entries(setting)) addColumn(columns, code, cell);
    }
    return {
      input: row,
      accountId: row.AccountId,
      partnerId: row.PartnerId ?? undefined,
      columns,
      missing: [],
      dropped: [],
    };
  }
  throw new NormalizeError(
    'statistics',
    'expected a Cove statistics row: {accountId, partnerId, raw} (SDK) or {AccountId, PartnerId, Settings} (API)',
  );
}

/** Reads a non-negative integer column; empty means absent; anything else non-numeric throws. */
function intColumn(row: ParsedRow, code: string): number | undefined {
  const text = row.columns.get(code);
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text)) {
    throw new NormalizeError(
      fieldOf(row, code),
      `expected a non-negative integer, got ${JSON.stringify(text)}`,
    );
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new NormalizeError(fieldOf(row, code), 'number is too large');
  return value;
}

function textColumn(row: ParsedRow, code: string): string | undefined {
  const value = row.columns.get(code);
  return value === undefined || value === '' ? undefined : value;
}

/** Latest unix second whose ISO form still has a four-digit year (9999-12-31T23:59:59Z). */
const MAX_UNIX_SECONDS = 253_402_300_799;

function mapCode(raw: string, map: StatusMap): RunStatus | undefined {
  const key = /^\d+$/.test(raw) ? String(Number(raw)) : raw;
  return lookupStatus(map, key);
}

const ACCOUNT_TYPES: Readonly<Record<string, string>> = { '1': 'Backup Manager', '2': 'Microsoft 365' };

/**
 * The job of a Cove run: the device, named by I1 (else the computer name, else its id), typed by
 * its account type (I59: `Backup Manager` or `Microsoft 365`) when known.
 */
export function coveDeviceJob(
  deviceId: string,
  name: string | undefined,
  host: string | undefined,
  accountType: string | undefined,
): BackupRun['job'] {
  const type =
    accountType !== undefined && Object.hasOwn(ACCOUNT_TYPES, accountType)
      ? ACCOUNT_TYPES[accountType]
      : undefined;
  return { id: deviceId, name: name ?? host ?? deviceId, ...(type ? { type } : {}) };
}

/**
 * Normalizes one Cove device-statistics row to the {@link BackupRun} of the device's last session.
 *
 * **Fields.** `job` is the device (`id` = device id, `name` = I1 device name, else I18 computer
 * name, else the device id; `type` = I59 account type when returned); `customer` is the partner (`id` = PartnerId, `name` = I8); `host` is
 * I18. Status comes from D09F00, `startedAt` from D09F15 (Cove reports one timestamp per session;
 * no `endedAt` is derived), `durationMs` from D09F12 (seconds × 1000), `errorCount` from D09F06.
 * `sizeBytes` is D09F05, the bytes the session **sent to storage**: like DBackup's `size` (bytes
 * actually stored), it is what this run added to backup storage. F03 (selected) is the size of the
 * whole selection, not of the run, and F04 (processed) is measured before compression and dedup.
 * Cove statistics carry no error text, so `message` is always absent.
 *
 * **Objects.** One `data-source` object per active data source: from I78 when returned
 * (`D01D02`, `D1,D2`, legacy letters), otherwise every data source with a non-empty `D<nn>F00`
 * column. Each object's status is its own `D<nn>F00`, mapped like the run status, or `unknown`
 * when that column was not returned.
 *
 * **Status.** From D09F00 whenever it was returned. A missing column never turns a known status
 * into `unknown`: its field stays absent and `statusReason` names it, as **restricted** when Cove
 * refused it (13501 or a probe verdict, listed in the row's `dropped`) and as **absent** otherwise
 * (not requested, or simply not in the row: N-able's own samples show sparse Settings).
 *
 * **Ids.** `externalId` is `${deviceId}:${D09F15}` (unix seconds as a decimal string), so each
 * session gets its own id and re-polls of the same session give the same id. Other forms:
 * - `${deviceId}:no-session`: D09F15 was returned as `0` or empty, or D09F00 is `0` (the device
 *   never ran a session).
 * - `${deviceId}:fp-<16 hex digits>` without D09F15: a fingerprint (FNV-1a 64) of the
 *   last-session columns that did come back (status, counts, sizes, errors and times of the Total
 *   and of each data source). It changes when the device's last session changes and stays the same
 *   while it does not; `idDerivation` on the run says so and lists the columns. Two sessions with
 *   identical figures get the same id (and a running session and its finished state get two), so
 *   request D09F15 when you can.
 * - `${deviceId}:unknown-session`: not one last-session column came back; every poll gives the
 *   same id, so a de-duplicating consumer stores one placeholder run per device.
 *
 * @throws NormalizeError for a row that is not a statistics row, a bad device id, or a non-numeric
 *   value in a numeric column.
 */
export function normalizeCoveStatistics(input: unknown, statusMap: StatusMap): BackupRun {
  const row = parseRow(input);
  const deviceId = String(row.accountId);

  const timestamp = intColumn(row, 'D09F15');
  if (timestamp !== undefined && timestamp > MAX_UNIX_SECONDS) {
    throw new NormalizeError(fieldOf(row, 'D09F15'), 'timestamp is out of range');
  }
  const vendorStatus = textColumn(row, 'D09F00');
  const fingerprint = row.columns.has('D09F15') ? undefined : sessionFingerprint(row);
  const session = row.columns.has('D09F15')
    ? timestamp === undefined || timestamp === 0
      ? 'no-session'
      : String(timestamp)
    : vendorStatus !== undefined && Number(vendorStatus) === 0
      ? 'no-session'
      : (fingerprint?.id ?? 'unknown-session');
  const externalId = `${deviceId}:${session}`;

  let status: RunStatus = 'unknown';
  const missingNote = describeMissing(row);
  const reasons: string[] = missingNote ? [missingNote] : [];
  // A D09F00 missing altogether is already named in `missingNote`.
  if (row.columns.has('D09F00') && vendorStatus === undefined) {
    reasons.push('column D09F00 (last session status) is empty');
  } else if (vendorStatus !== undefined) {
    const mapped = mapCode(vendorStatus, statusMap);
    if (mapped === undefined) {
      const name = Object.hasOwn(COVE_STATUS_NAMES, vendorStatus)
        ? COVE_STATUS_NAMES[vendorStatus]
        : undefined;
      reasons.push(`Cove status code ${vendorStatus}${name ? ` (${name})` : ''} is not in the status map`);
    } else {
      status = mapped;
    }
  }
  const derived = session.startsWith('fp-') ? fingerprint : undefined;
  if (derived)
    reasons.push('no last session time (D09F15): the id is a fingerprint of the last-session figures');
  if (session === 'unknown-session')
    reasons.push('no last-session column came back, so sessions cannot be told apart');
  let statusReason = reasons.length > 0 ? reasons.join('; ') : undefined;

  // A device that never ran has no session to describe: its zero duration, size and error count
  // are not data about a run, so they stay absent.
  const neverRan = session === 'no-session';
  if (neverRan && status === 'unknown') {
    const why = row.columns.has('D09F15') ? 'D09F15 is empty or 0' : 'D09F00 is 0';
    statusReason = `the device has no backup session yet (${why})${statusReason ? `; ${statusReason}` : ''}`;
  }
  const durationSeconds = neverRan ? undefined : intColumn(row, 'D09F12');
  const durationMs = durationSeconds === undefined ? undefined : durationSeconds * 1000;
  if (durationMs !== undefined && !Number.isSafeInteger(durationMs)) {
    throw new NormalizeError(fieldOf(row, 'D09F12'), 'duration is out of range');
  }
  const sizeBytes = neverRan ? undefined : intColumn(row, 'D09F05');
  const errorCount = neverRan ? undefined : intColumn(row, 'D09F06');

  const deviceName = textColumn(row, 'I1');
  const host = textColumn(row, 'I18');
  const customerName = textColumn(row, 'I8');

  const run: BackupRun = {
    id: `cove:${externalId}`,
    source: 'cove',
    externalId,
    software: COVE_SOFTWARE,
    job: coveDeviceJob(deviceId, deviceName, host, textColumn(row, 'I59')),
    status,
    objects: dataSourceObjects(row, statusMap),
  };
  if (row.partnerId !== undefined) {
    run.customer = { id: String(row.partnerId), ...(customerName ? { name: customerName } : {}) };
  }
  if (host !== undefined) run.host = host;
  if (vendorStatus !== undefined) run.vendorStatus = vendorStatus;
  if (statusReason !== undefined) run.statusReason = statusReason;
  if (derived) run.idDerivation = { method: 'fingerprint', columns: derived.columns };
  if (timestamp !== undefined && timestamp > 0) run.startedAt = isoFromUnixSeconds(timestamp);
  if (durationMs !== undefined) run.durationMs = durationMs;
  if (sizeBytes !== undefined) run.sizeBytes = sizeBytes;
  if (errorCount !== undefined) run.errorCount = errorCount;
  return orderRunKeys(run);
}

function dataSourceObjects(row: ParsedRow, statusMap: StatusMap): RunObject[] {
  const active = textColumn(row, 'I78');
  let keys: string[];
  if (row.columns.has('I78')) {
    keys = active === undefined ? [] : parseActiveDataSources(active);
  } else {
    keys = [];
    for (const [code, text] of row.columns) {
      const match = /^(D\d\d)F00$/.exec(code);
      if (match && match[1] !== 'D09' && text !== '' && !keys.includes(match[1]!)) keys.push(match[1]!);
    }
    keys.sort();
  }
  return keys.map((key) => {
    const code = textColumn(row, `${key}F00`);
    const status = code === undefined ? 'unknown' : (mapCode(code, statusMap) ?? 'unknown');
    return { name: dataSourceName(key), type: 'data-source', status };
  });
}

/**
 * `missing columns: D09F15 (restricted: Cove refused it), D09F05 (absent)` for the last-session columns the row
 * lacks: D09F00 and D09F15 always (status and id depend on them), the others when they were
 * requested (listed in the row's `missing` or `dropped`).
 */
function describeMissing(row: ParsedRow): string | undefined {
  const missing = SESSION_COLUMNS.filter(
    (code) =>
      !row.columns.has(code) &&
      (code === 'D09F00' || code === 'D09F15' || row.missing.includes(code) || row.dropped.includes(code)),
  );
  if (missing.length === 0) return undefined;
  const tagged = missing.map(
    (code) => `${code} (${row.dropped.includes(code) ? 'restricted: Cove refused it' : 'absent'})`,
  );
  return `missing columns: ${tagged.join(', ')}`;
}

/**
 * A fingerprint of the row's last-session columns (see {@link FINGERPRINT_FIELD}), or `undefined`
 * when none came back. Canonical codes, sorted, so notation and order do not matter.
 */
function sessionFingerprint(row: ParsedRow): { id: string; columns: string[] } | undefined {
  const columns = [...row.columns.keys()].filter((code) => FINGERPRINT_FIELD.test(code)).sort();
  if (columns.length === 0) return undefined;
  const text = columns.map((code) => `${code}=${row.columns.get(code)}`).join('\n');
  return { id: `fp-${fnv1a64(text)}`, columns };
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** FNV-1a, 64 bits, over the UTF-16 code units of `text`, as 16 hex digits. */
function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
