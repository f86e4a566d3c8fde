/**
 * `backupchecks cove …`: the cross-customer device list and the column probe.
 *
 * @module
 */
import { type ColumnCode, canonicalColumn } from '../../cove/columns';
import type { RunStatus } from '../../normalize/backup-run';
import { RUN_STATUSES } from '../../normalize/backup-run';
import { COVE_RUN_COLUMNS } from '../../normalize/cove';
import { normalizeRun } from '../../normalize/normalize-run';
import { DEFAULT_COVE_FEED_COLUMNS } from '../../runs/sources';
import { COMMON_OPTIONS, parse, parseDuration, parseInteger, parseList, SOURCE_OPTIONS } from '../args';
import { coveClient, covePartnerId } from '../clients';
import { type CoveSourceConfig, loadSources } from '../config';
import { EXIT, UsageError } from '../errors';
import { DEVICES_HELP, PROBE_HELP } from '../help';
import { type CliIo, progressFor } from '../io';
import { type Column, eachSource, resolveFormat, writeRecords } from '../output';

/** One device of `cove devices`. */
export interface DeviceRecord {
  /** Configured source name. */
  source: string;
  /** Cove device (account) id. */
  deviceId: number;
  /** Device name (I1). */
  device: string | null;
  /** Computer name (I18). */
  computer: string | null;
  /** Owning partner id. */
  partnerId: number;
  /** Customer (partner) name (I8). */
  customer: string | null;
  /** Last session status, normalized. */
  status: RunStatus;
  /** Cove's name of the last session status, or why it is unknown. */
  statusText: string | null;
  /** Last session time (D09F15), ISO UTC. */
  lastSession: string | null;
  /** Last successful session time (D09F09), ISO UTC; null when never. */
  lastSuccess: string | null;
  /** Errors in the last session (D09F06). */
  errors: number | null;
  /** Used storage in bytes (I14). */
  sizeBytes: number | null;
}

const DEVICE_COLUMNS = [
  ...COVE_RUN_COLUMNS,
  'D09F06',
  'D09F09',
  'I14',
] as const satisfies readonly ColumnCode[];

const deviceColumns: Column<DeviceRecord>[] = [
  { header: 'source', value: (d) => d.source },
  { header: 'customer', value: (d) => d.customer },
  { header: 'device', value: (d) => d.device },
  { header: 'status', value: (d) => d.status },
  { header: 'last session', value: (d) => d.lastSession },
  { header: 'last success', value: (d) => d.lastSuccess ?? 'never' },
  { header: 'errors', value: (d) => d.errors },
  { header: 'size', value: (d) => d.sizeBytes },
  { header: 'deviceId', value: (d) => d.deviceId, csvOnly: true },
  { header: 'computer', value: (d) => d.computer, csvOnly: true },
  { header: 'partnerId', value: (d) => d.partnerId, csvOnly: true },
  { header: 'statusText', value: (d) => d.statusText, csvOnly: true },
];

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function eachCoveSource<T>(
  io: CliIo,
  sources: CoveSourceConfig[],
  read: (source: CoveSourceConfig) => Promise<T[]>,
): Promise<{ records: T[]; failed: boolean }> {
  for (const source of sources) coveClient(io, source); // Every secret first: a missing one is exit 2.
  return eachSource(io, sources, read);
}

/** Runs `backupchecks cove devices`. */
export async function coveDevicesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON_OPTIONS,
    ...SOURCE_OPTIONS,
    status: { type: 'string', multiple: true },
    stale: { type: 'string' },
    partner: { type: 'string' },
    format: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${DEVICES_HELP}\n`);
    return EXIT.ok;
  }
  const format = resolveFormat(io, values.format);
  const statuses = parseList(values.status);
  for (const s of statuses) {
    if (!(RUN_STATUSES as readonly string[]).includes(s)) {
      throw new UsageError(`--status: "${s}" is not a status; use ${RUN_STATUSES.join(', ')}`);
    }
  }
  const staleMs = values.stale === undefined ? undefined : parseDuration(values.stale, '--stale');
  const partner = values.partner === undefined ? undefined : parseInteger(values.partner, '--partner');
  const progress = progressFor(io, values.quiet);
  const now = (io.now ?? Date.now)();
  const sources = loadSources(io, values, 'cove') as CoveSourceConfig[];

  const { records, failed } = await eachCoveSource(io, sources, async (source) => {
    const client = coveClient(io, source);
    const partnerId = partner ?? (await covePartnerId(client, source, io.signal));
    const devices: DeviceRecord[] = [];
    for await (const row of client.iterateAccountStatistics(
      { partnerId, columns: DEVICE_COLUMNS, orderBy: 'I1 ASC' },
      { onRestricted: 'drop', signal: io.signal },
    )) {
      const run = normalizeRun({ source: 'cove', statistics: row });
      devices.push({
        source: source.name,
        deviceId: row.accountId,
        device: str(row.values.I1),
        computer: str(row.values.I18),
        partnerId: row.partnerId,
        customer: str(row.values.I8),
        status: run.status,
        statusText: run.statusReason ?? row.values.D09F00?.name ?? null,
        lastSession: str(row.values.D09F15),
        lastSuccess: str(row.values.D09F09),
        errors: num(row.values.D09F06),
        sizeBytes: num(row.values.I14),
      });
      if (devices.length % 500 === 0) progress(`${source.name}: ${devices.length} devices`);
    }
    progress(`${source.name}: ${devices.length} devices`);
    return devices;
  });
  if (io.signal.aborted) return EXIT.interrupted;
  const shown = records.filter((d) => {
    if (statuses.length > 0 && !statuses.includes(d.status)) return false;
    if (staleMs !== undefined) {
      const last = d.lastSuccess ? Date.parse(d.lastSuccess) : Number.NaN;
      if (Number.isFinite(last) && now - last < staleMs) return false;
    }
    return true;
  });
  writeRecords(io, format, shown, deviceColumns);
  return failed ? EXIT.sourceFailed : EXIT.ok;
}

/** One column verdict of `cove probe`. */
export interface ProbeRecord {
  /** Configured source name. */
  source: string;
  /** Column code as given. */
  column: string;
  /** Whether the API user may read it. */
  verdict: 'allowed' | 'restricted';
}

/** Runs `backupchecks cove probe`. */
export async function coveProbeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...COMMON_OPTIONS, ...SOURCE_OPTIONS, partner: { type: 'string' }, format: { type: 'string' } },
    true,
  );
  if (values.help) {
    io.stdout.write(`${PROBE_HELP}\n`);
    return EXIT.ok;
  }
  const format = resolveFormat(io, values.format);
  const partner = values.partner === undefined ? undefined : parseInteger(values.partner, '--partner');
  const requested = parseList(positionals);
  const columns = (requested.length > 0 ? requested : [...DEFAULT_COVE_FEED_COLUMNS]) as ColumnCode[];
  const progress = progressFor(io, values.quiet);
  const sources = loadSources(io, values, 'cove') as CoveSourceConfig[];
  const { records, failed } = await eachCoveSource(io, sources, async (source) => {
    const client = coveClient(io, source);
    const partnerId = partner ?? (await covePartnerId(client, source, io.signal));
    progress(`${source.name}: probing ${columns.length} columns`);
    const result = await client.probeColumns(columns, { partnerId, signal: io.signal });
    const restricted = new Set<string>(result.restricted.map((c) => canonicalColumn(c) ?? c));
    return columns.map(
      (column): ProbeRecord => ({
        source: source.name,
        column,
        verdict: restricted.has(canonicalColumn(column) ?? column) ? 'restricted' : 'allowed',
      }),
    );
  });
  if (io.signal.aborted) return EXIT.interrupted;
  writeRecords(io, format, records, [
    { header: 'source', value: (r) => r.source },
    { header: 'column', value: (r) => r.column },
    { header: 'verdict', value: (r) => r.verdict },
  ]);
  return failed ? EXIT.sourceFailed : EXIT.ok;
}
