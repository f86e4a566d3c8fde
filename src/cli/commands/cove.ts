/**
 * `backupchecks cove …`: the cross-customer device list and the column probe.
 *
 * @module
 */
import { type ColumnCode, canonicalColumn } from '../../cove/columns';
import type { BackupRun, RunStatus } from '../../normalize/backup-run';
import { RUN_STATUSES } from '../../normalize/backup-run';
import { COVE_RUN_COLUMNS } from '../../normalize/cove';
import { normalizeRun } from '../../normalize/normalize-run';
import { DEFAULT_COVE_FEED_COLUMNS } from '../../runs/sources';
import { COMMON_OPTIONS, parse, parseDuration, parseInteger, parseList, SOURCE_OPTIONS } from '../args';
import { coveClient, covePartnerId, describeError } from '../clients';
import { type CoveSourceConfig, loadSources } from '../config';
import { CliError, EXIT, UsageError } from '../errors';
import { CHECK_ACCESS_HELP, DEVICES_HELP, PROBE_HELP, SESSIONS_HELP } from '../help';
import { type CliIo, progressFor } from '../io';
import { type Column, eachSource, resolveFormat, writeRecords, writeSourceError } from '../output';

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
  /** Owning partner id; `null` when Cove did not say. */
  partnerId: number | null;
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

/** Picks the one Cove source a single-device command talks to. */
function oneCoveSource(io: CliIo, values: { config?: string | undefined; source?: string[] | undefined }) {
  const sources = loadSources(io, values, 'cove') as CoveSourceConfig[];
  if (sources.length > 1) {
    throw new UsageError(
      `several Cove sources are configured (${sources.map((s) => s.name).join(', ')}); pick one with --source NAME`,
    );
  }
  return sources[0] as CoveSourceConfig;
}

/** Runs `backupchecks cove sessions DEVICE`. */
export async function coveSessionsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...COMMON_OPTIONS,
      ...SOURCE_OPTIONS,
      since: { type: 'string' },
      errors: { type: 'boolean' },
      format: { type: 'string' },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(`${SESSIONS_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('cove sessions needs exactly one DEVICE (a device id)');
  const deviceId = parseInteger(positionals[0] as string, 'DEVICE', 1);
  const format = resolveFormat(io, values.format);
  const sinceMs = parseDuration(values.since ?? '7d', '--since');
  const source = oneCoveSource(io, values);
  const client = coveClient(io, source);
  const progress = progressFor(io, values.quiet);
  const now = (io.now ?? Date.now)();
  try {
    let device: { id: number; name: string; partnerId?: number | null | undefined } = {
      id: deviceId,
      name: String(deviceId),
    };
    try {
      const info = await client.getAccountInfoById(deviceId, { signal: io.signal });
      device = { id: deviceId, name: info.account.Name, partnerId: info.account.PartnerId };
    } catch (error) {
      if (io.signal.aborted) throw error;
      progress(
        `${source.name}: device ${deviceId} details unreadable (${describeError(error)}); using its id as name`,
      );
    }
    const runs: BackupRun[] = [];
    for await (const session of client.sessions(deviceId, {
      since: new Date(now - sinceMs),
      signal: io.signal,
    })) {
      const clean = session.status.name === 'Completed' && !session.errorsCount;
      const errors =
        values.errors && !clean
          ? await client.sessionErrors(deviceId, session.id, { signal: io.signal })
          : undefined;
      runs.push(
        normalizeRun(
          { source: 'cove', session, device, ...(errors ? { errors } : {}) },
          { instance: source.name },
        ),
      );
      if (runs.length % 50 === 0) progress(`${source.name}: ${runs.length} sessions`);
    }
    if (io.signal.aborted) return EXIT.interrupted;
    writeRecords(io, format, runs, sessionColumns);
    return EXIT.ok;
  } catch (error) {
    if (io.signal.aborted || error instanceof CliError) throw error;
    writeSourceError(io, { source: source.name, kind: 'cove', message: describeError(error) });
    return EXIT.sourceFailed;
  }
}

const sessionColumns: Column<BackupRun>[] = [
  { header: 'started', value: (r) => r.startedAt },
  { header: 'status', value: (r) => r.status },
  { header: 'data source', value: (r) => r.job.type ?? r.objects[0]?.name },
  { header: 'errors', value: (r) => r.errorCount },
  { header: 'size', value: (r) => r.sizeBytes },
  { header: 'message', value: (r) => r.message ?? r.statusReason },
  { header: 'id', value: (r) => r.externalId, csvOnly: true },
  { header: 'endedAt', value: (r) => r.endedAt, csvOnly: true },
  { header: 'device', value: (r) => r.job.name, csvOnly: true },
];

/** Runs `backupchecks cove check-access`. */
export async function coveCheckAccessCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON_OPTIONS,
    ...SOURCE_OPTIONS,
    partner: { type: 'string' },
    format: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${CHECK_ACCESS_HELP}\n`);
    return EXIT.ok;
  }
  const format = resolveFormat(io, values.format);
  const partner = values.partner === undefined ? undefined : parseInteger(values.partner, '--partner', 1);
  const sources = loadSources(io, values, 'cove') as CoveSourceConfig[];
  let incomplete = false;
  const { records, failed } = await eachCoveSource(io, sources, async (source) => {
    const report = await coveClient(io, source).checkAccess({
      signal: io.signal,
      ...(partner === undefined ? {} : { partnerId: partner }),
    });
    if (report.requests.length > 0) incomplete = true;
    return [{ source: source.name, ...report }];
  });
  if (io.signal.aborted) return EXIT.interrupted;
  if (format === 'table') {
    for (const r of records)
      io.stdout.write(`${sources.length > 1 ? `== ${r.source}\n` : ''}${r.text.trimEnd()}\n`);
  } else {
    writeRecords(io, format, records, [
      { header: 'source', value: (r) => r.source },
      { header: 'login', value: (r) => r.login.status },
      { header: 'partners', value: (r) => r.partners.status },
      { header: 'columns', value: (r) => r.columns.status },
      { header: 'restricted', value: (r) => r.columns.restricted.join(' ') },
      { header: 'storage-node sessions', value: (r) => r.sessions.storageNode.status },
      { header: 'm365 sessions', value: (r) => r.sessions.m365.status },
      { header: 'requests', value: (r) => r.requests.join(' | ') },
    ]);
  }
  return failed || incomplete ? EXIT.sourceFailed : EXIT.ok;
}
