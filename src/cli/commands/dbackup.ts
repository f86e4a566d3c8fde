/**
 * `backupchecks dbackup …`: jobs, history, and running a job (optionally waiting for its outcome).
 *
 * @module
 */
import { AbortError, TimeoutError } from '../../core/errors';
import type { DBackupClient } from '../../dbackup/client';
import { DBACKUP_EXECUTION_STATUSES, type DBackupExecution } from '../../dbackup/schemas/execution';
import type { DBackupJob } from '../../dbackup/schemas/jobs';
import { type BackupRun, RUN_STATUSES } from '../../normalize/backup-run';
import { normalizeRun } from '../../normalize/normalize-run';
import { COMMON_OPTIONS, parse, parseDuration, parseList, SOURCE_OPTIONS } from '../args';
import { dbackupClient, describeError } from '../clients';
import { type DBackupSourceConfig, loadSources } from '../config';
import { CliError, EXIT, UsageError } from '../errors';
import { HISTORY_HELP, JOBS_HELP, RUN_HELP } from '../help';
import { type CliIo, type Progress, progressFor } from '../io';
import {
  type Column,
  eachSource,
  type Format,
  resolveFormat,
  writeRecords,
  writeSourceError,
} from '../output';

/** One job of `dbackup jobs`. */
export interface JobRecord {
  /** Configured source name. */
  source: string;
  /** Job id. */
  id: string;
  /** Job name. */
  name: string;
  /** Whether the schedule is on. */
  enabled: boolean | null;
  /** Cron schedule. */
  schedule: string | null;
  /** Source adapter name. */
  database: string | null;
  /** Destination names. */
  destinations: string[];
  /** Last run time. */
  lastRunAt: string | null;
  /** Next scheduled run time. */
  nextRunAt: string | null;
}

function jobRecord(source: string, job: DBackupJob): JobRecord {
  return {
    source,
    id: job.id,
    name: job.name,
    enabled: job.enabled ?? null,
    schedule: job.schedule ?? null,
    database: job.source?.name ?? null,
    destinations: (job.destinations ?? []).map((d) => d.config?.name ?? d.configId ?? '?'),
    lastRunAt: job.lastRunAt ?? null,
    nextRunAt: job.nextRunAt ?? null,
  };
}

const jobColumns: Column<JobRecord>[] = [
  { header: 'source', value: (j) => j.source },
  { header: 'name', value: (j) => j.name },
  { header: 'enabled', value: (j) => j.enabled },
  { header: 'schedule', value: (j) => j.schedule },
  { header: 'last run', value: (j) => j.lastRunAt },
  { header: 'next run', value: (j) => j.nextRunAt },
  { header: 'id', value: (j) => j.id },
  { header: 'database', value: (j) => j.database, csvOnly: true },
  { header: 'destinations', value: (j) => j.destinations.join('; '), csvOnly: true },
];

const runColumns: Column<BackupRun>[] = [
  { header: 'source', value: (r) => r.instance ?? r.source },
  { header: 'started', value: (r) => r.startedAt },
  { header: 'status', value: (r) => r.status },
  { header: 'vendor', value: (r) => r.vendorStatus },
  { header: 'job', value: (r) => r.job.name },
  { header: 'size', value: (r) => r.sizeBytes },
  { header: 'message', value: (r) => r.message ?? r.statusReason },
  { header: 'id', value: (r) => r.externalId, csvOnly: true },
  { header: 'endedAt', value: (r) => r.endedAt, csvOnly: true },
  { header: 'durationMs', value: (r) => r.durationMs, csvOnly: true },
];

function eachDBackupSource<T>(
  io: CliIo,
  sources: DBackupSourceConfig[],
  read: (client: DBackupClient, source: DBackupSourceConfig) => Promise<T[]>,
): Promise<{ records: T[]; failed: boolean }> {
  const clients = sources.map((s) => dbackupClient(io, s)); // Every secret first: a missing one is exit 2.
  return eachSource(io, sources, (s, i) => read(clients[i] as DBackupClient, s));
}

/** Runs `backupchecks dbackup jobs`. */
export async function dbackupJobsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...COMMON_OPTIONS, ...SOURCE_OPTIONS, format: { type: 'string' } });
  if (values.help) {
    io.stdout.write(`${JOBS_HELP}\n`);
    return EXIT.ok;
  }
  const format = resolveFormat(io, values.format);
  const sources = loadSources(io, values, 'dbackup') as DBackupSourceConfig[];
  const { records, failed } = await eachDBackupSource(io, sources, async (client, source) =>
    (await client.jobs.list({ signal: io.signal })).map((job) => jobRecord(source.name, job)),
  );
  if (io.signal.aborted) return EXIT.interrupted;
  writeRecords(io, format, records, jobColumns);
  return failed ? EXIT.sourceFailed : EXIT.ok;
}

/** Runs `backupchecks dbackup history`. */
export async function dbackupHistoryCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON_OPTIONS,
    ...SOURCE_OPTIONS,
    status: { type: 'string', multiple: true },
    format: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${HISTORY_HELP}\n`);
    return EXIT.ok;
  }
  const format = resolveFormat(io, values.format);
  const normalized = new Set<string>();
  const vendor = new Set<string>();
  for (const s of parseList(values.status)) {
    const word = DBACKUP_EXECUTION_STATUSES.find(
      (v) =>
        v === s || (v.toLowerCase() === s.toLowerCase() && !(RUN_STATUSES as readonly string[]).includes(s)),
    );
    if ((RUN_STATUSES as readonly string[]).includes(s)) normalized.add(s);
    else if (word) vendor.add(word);
    else {
      throw new UsageError(
        `--status: "${s}" is not a status; use ${RUN_STATUSES.join(', ')} or ${DBACKUP_EXECUTION_STATUSES.join(', ')}`,
      );
    }
  }
  const sources = loadSources(io, values, 'dbackup') as DBackupSourceConfig[];
  const { records, failed } = await eachDBackupSource(io, sources, async (client, source) => {
    const { executions } = await client.history.list({ signal: io.signal });
    const runs: BackupRun[] = [];
    for (const execution of executions) {
      try {
        runs.push(normalizeRun({ source: 'dbackup', execution }, { instance: source.name }));
      } catch (error) {
        writeSourceError(io, {
          source: source.name,
          kind: 'dbackup',
          stage: 'normalize',
          recordId: execution.id,
          message: describeError(error),
        });
      }
    }
    return runs;
  });
  if (io.signal.aborted) return EXIT.interrupted;
  const shown =
    normalized.size + vendor.size === 0
      ? records
      : records.filter(
          (r) => normalized.has(r.status) || (r.vendorStatus !== undefined && vendor.has(r.vendorStatus)),
        );
  writeRecords(io, format, shown, runColumns);
  return failed ? EXIT.sourceFailed : EXIT.ok;
}

/** The exit code for a finished execution's status. */
export function exitCodeForStatus(status: string): number {
  switch (status) {
    case 'Success':
      return EXIT.ok;
    case 'Partial':
      return EXIT.runPartial;
    case 'Failed':
      return EXIT.runFailed;
    case 'Cancelled':
      return EXIT.runCancelled;
    default:
      return EXIT.unexpected;
  }
}

/** Finds a job by exact id, else by exact name (an ambiguous name is a usage error). */
export async function findJob(client: DBackupClient, job: string, signal: AbortSignal): Promise<DBackupJob> {
  const jobs = await client.jobs.list({ signal });
  const byId = jobs.find((j) => j.id === job);
  if (byId) return byId;
  const byName = jobs.filter((j) => j.name === job);
  if (byName.length === 1) return byName[0] as DBackupJob;
  if (byName.length > 1) {
    throw new UsageError(
      `job name "${job}" is ambiguous (ids ${byName.map((j) => j.id).join(', ')}); pass the id`,
    );
  }
  const near = jobs.filter((j) => j.name.toLowerCase() === job.toLowerCase()).map((j) => `"${j.name}"`);
  throw new UsageError(
    `no job with id or exact name "${job}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; list them with backupchecks dbackup jobs`,
  );
}

/** Runs `backupchecks dbackup run`. */
export async function dbackupRunCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...COMMON_OPTIONS,
      ...SOURCE_OPTIONS,
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
      'cancel-on-interrupt': { type: 'boolean' },
      lock: { type: 'boolean' },
      format: { type: 'string' },
      interval: { type: 'string' },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(`${RUN_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError('dbackup run needs exactly one JOB (an id or exact name)');
  if (!values.wait && (values.timeout !== undefined || values['cancel-on-interrupt'])) {
    throw new UsageError('--timeout and --cancel-on-interrupt need --wait');
  }
  const format = resolveFormat(io, values.format);
  const timeoutMs = values.timeout === undefined ? 3_600_000 : parseDuration(values.timeout, '--timeout');
  const intervalMs = values.interval === undefined ? 2000 : parseDuration(values.interval, '--interval');
  const sources = loadSources(io, values, 'dbackup') as DBackupSourceConfig[];
  if (sources.length > 1) {
    throw new UsageError(
      `several DBackup sources are configured (${sources.map((s) => s.name).join(', ')}); pick one with --source NAME`,
    );
  }
  const source = sources[0] as DBackupSourceConfig;
  const client = dbackupClient(io, source);
  const progress = progressFor(io, values.quiet);
  try {
    return await runJob(io, client, source, positionals[0] as string, {
      wait: values.wait === true,
      lock: values.lock === true,
      cancelOnInterrupt: values['cancel-on-interrupt'] === true,
      timeoutMs,
      intervalMs,
      format,
      progress,
    });
  } catch (error) {
    if (error instanceof CliError || io.signal.aborted) throw error;
    writeSourceError(io, { source: source.name, kind: 'dbackup', message: describeError(error) });
    return EXIT.sourceFailed;
  }
}

async function runJob(
  io: CliIo,
  client: DBackupClient,
  source: DBackupSourceConfig,
  name: string,
  options: {
    wait: boolean;
    lock: boolean;
    cancelOnInterrupt: boolean;
    timeoutMs: number;
    intervalMs: number;
    format: Format;
    progress: Progress;
  },
): Promise<number> {
  const { progress, timeoutMs, intervalMs, format } = options;
  const values = { lock: options.lock, 'cancel-on-interrupt': options.cancelOnInterrupt };
  const job = await findJob(client, name, io.signal);
  if (!options.wait) {
    const { executionId } = await client.jobs.run(job.id, {
      signal: io.signal,
      ...(values.lock ? { lock: true } : {}),
    });
    io.stdout.write(
      `${JSON.stringify({ source: source.name, jobId: job.id, job: job.name, executionId })}\n`,
    );
    return EXIT.ok;
  }
  let executionId: string | undefined;
  let execution: DBackupExecution;
  try {
    execution = await client.jobs.runAndWait(job.id, {
      ...(values.lock ? { lock: true } : {}),
      timeoutMs,
      intervalMs,
      signal: io.signal,
      onQueued: (id) => {
        executionId = id;
        progress(`${source.name}: "${job.name}" queued as execution ${id}`);
      },
      onProgress: (e) =>
        progress(
          `${source.name}: ${e.statusText}${e.stage ? ` · ${e.stage}` : ''}${typeof e.progress === 'number' ? ` · ${e.progress}%` : ''}`,
        ),
    });
  } catch (error) {
    if (error instanceof TimeoutError && !io.signal.aborted) {
      io.stderr.write(`backupchecks: ${error.message}\n`);
      return EXIT.runTimeout;
    }
    if (io.signal.aborted || error instanceof AbortError) {
      if (executionId && values['cancel-on-interrupt']) {
        try {
          await client.executions.cancel(executionId, { signal: AbortSignal.timeout(15_000) });
          io.stderr.write(`backupchecks: interrupted; asked DBackup to cancel execution ${executionId}\n`);
        } catch (cancelError) {
          io.stderr.write(
            `backupchecks: interrupted; cancelling execution ${executionId} failed: ${describeError(cancelError)}\n`,
          );
        }
      } else if (executionId) {
        io.stderr.write(
          `backupchecks: interrupted; execution ${executionId} keeps running in DBackup (--cancel-on-interrupt cancels it)\n`,
        );
      }
      return EXIT.interrupted;
    }
    throw error;
  }
  const run = normalizeRun({ source: 'dbackup', execution }, { instance: source.name });
  writeRecords(io, format, [run], runColumns);
  progress(`${source.name}: "${job.name}" ended ${execution.statusText}`);
  return exitCodeForStatus(execution.status);
}
