/**
 * `backupchecks runs`: new and changed `BackupRun`s from every configured source since the
 * checkpoint: `collectRuns` per source, with a checkpoint file, a lock, sharding and formats.
 *
 * @module
 */
import type { BackupRun } from '../../normalize/backup-run';
import type { RunCheckpoint } from '../../runs/checkpoint';
import { collectRuns } from '../../runs/collect-runs';
import type { CollectRunsInput, RunFeedError } from '../../runs/feed-types';
import type { CoveStatisticsClient } from '../../runs/sources';
import { COMMON_OPTIONS, parse, parseDuration, parseShard, type Shard, SOURCE_OPTIONS } from '../args';
import {
  acquireLock,
  type CheckpointFile,
  emptyCheckpointFile,
  readCheckpointFile,
  writeCheckpointFile,
} from '../checkpoint-file';
import { coveClient, covePartnerId, dbackupClient, describeError } from '../clients';
import { loadSources, type SourceConfig } from '../config';
import { EXIT, UsageError } from '../errors';
import { RUNS_HELP } from '../help';
import { type CliIo, type Progress, progressFor } from '../io';
import { type Column, resolveFormat, writeRecords, writeSourceError } from '../output';
import { inShard, sessionMethods, shardedCoveReader, sourceKey } from '../shard';

const columns: Column<BackupRun>[] = [
  { header: 'source', value: (r) => r.instance ?? r.source },
  { header: 'started', value: (r) => r.startedAt?.replace(/\.\d+Z$/, 'Z') },
  { header: 'status', value: (r) => r.status },
  { header: 'customer', value: (r) => r.customer?.name ?? r.customer?.id },
  { header: 'job', value: (r) => r.job.name },
  { header: 'size', value: (r) => r.sizeBytes },
  { header: 'message', value: (r) => r.message ?? r.statusReason },
  { header: 'id', value: (r) => r.id, csvOnly: true },
  { header: 'externalId', value: (r) => r.externalId, csvOnly: true },
  { header: 'jobId', value: (r) => r.job.id, csvOnly: true },
  { header: 'endedAt', value: (r) => r.endedAt, csvOnly: true },
  { header: 'errorCount', value: (r) => r.errorCount, csvOnly: true },
  { header: 'host', value: (r) => r.host, csvOnly: true },
];

interface SourceResult {
  source: SourceConfig;
  runs: BackupRun[];
  /** Undefined when the source could not be read at all and had no checkpoint yet. */
  checkpoint: RunCheckpoint | undefined;
  errors: RunFeedError[];
}

/** Reports every 500th row (devices walked) while passing the rows through. */
function withRowProgress(reader: CoveStatisticsClient, report: (rows: number) => void): CoveStatisticsClient {
  return {
    ...sessionMethods(reader),
    async *iterateAccountStatistics(query, options) {
      let rows = 0;
      for await (const row of reader.iterateAccountStatistics(query, options)) {
        if (++rows % 500 === 0) report(rows);
        yield row;
      }
    },
  };
}

async function collectSource(
  io: CliIo,
  source: SourceConfig,
  checkpoint: RunCheckpoint | undefined,
  options: {
    details: boolean;
    shard: Shard | undefined;
    progress: Progress;
    now: () => number;
    coveMode: 'status' | 'sessions';
    sinceMs: number | undefined;
  },
): Promise<SourceResult> {
  const base: Omit<CollectRunsInput, 'cove' | 'dbackup'> = {
    checkpoint: checkpoint ?? null,
    signal: io.signal,
    now: options.now,
  };
  let input: CollectRunsInput;
  if (source.type === 'cove') {
    const client = coveClient(io, source);
    let partnerId: number;
    try {
      partnerId = await covePartnerId(client, source, io.signal);
    } catch (error) {
      if (io.signal.aborted) throw error;
      const failed: RunFeedError = {
        source: 'cove',
        stage: 'fetch',
        message: `Cove login failed: ${describeError(error)}`,
        error,
      };
      return { source, runs: [], checkpoint, errors: [failed] };
    }
    const reader = withRowProgress(
      options.shard
        ? shardedCoveReader(client, source.name, partnerId, options.shard, (id) =>
            options.progress(`${source.name}: reading partner ${id}`),
          )
        : client,
      (rows) => options.progress(`${source.name}: ${rows} devices read`),
    );
    input = {
      ...base,
      cove: {
        client: reader,
        partnerId,
        instance: source.name,
        orderBy: 'I1 ASC',
        ...(options.coveMode === 'sessions'
          ? {
              mode: 'sessions' as const,
              ...(options.sinceMs === undefined ? {} : { since: new Date(options.now() - options.sinceMs) }),
            }
          : {}),
      },
    };
  } else {
    const client = dbackupClient(io, source);
    input = { ...base, dbackup: { client, details: options.details, instance: source.name } };
  }
  const result = await collectRuns(input);
  return { source, ...result };
}

/** Runs `backupchecks runs`. */
export async function runsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON_OPTIONS,
    ...SOURCE_OPTIONS,
    checkpoint: { type: 'string' },
    'reset-checkpoint': { type: 'boolean' },
    since: { type: 'string' },
    'cove-mode': { type: 'string' },
    details: { type: 'boolean' },
    shard: { type: 'string' },
    format: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${RUNS_HELP}\n`);
    return EXIT.ok;
  }
  const format = resolveFormat(io, values.format);
  const sinceMs = values.since === undefined ? undefined : parseDuration(values.since, '--since');
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const coveMode = values['cove-mode'] ?? 'status';
  if (coveMode !== 'status' && coveMode !== 'sessions') {
    throw new UsageError(`--cove-mode must be status or sessions (got "${coveMode}")`);
  }
  if (values['reset-checkpoint'] && !values.checkpoint) {
    throw new UsageError('--reset-checkpoint needs --checkpoint FILE');
  }
  const progress = progressFor(io, values.quiet);
  const now = io.now ?? Date.now;
  const sources = loadSources(io, values).filter((s) =>
    s.type === 'dbackup' ? inShard(sourceKey(s.type, s.name), shard) : true,
  );
  // Read every secret before any request, so a missing one fails fast with exit code 2.
  for (const source of sources) {
    if (source.type === 'cove') coveClient(io, source);
    else dbackupClient(io, source);
  }

  const path = values.checkpoint;
  const lock = path
    ? acquireLock(path, {
        ...(io.pid === undefined ? {} : { pid: io.pid }),
        now,
        onTakeover: (m) => progressFor(io, values.quiet, true)(`backupchecks: ${m}`),
      })
    : undefined;
  try {
    const file: CheckpointFile =
      path && !values['reset-checkpoint'] ? readCheckpointFile(path) : emptyCheckpointFile();
    const results = await Promise.all(
      sources.map(async (source) => {
        const result = await collectSource(io, source, file.sources[source.name], {
          details: values.details === true,
          shard,
          progress,
          now,
          coveMode,
          sinceMs,
        });
        progress(
          `${source.name}: ${result.runs.length} new or changed run(s)${result.errors.length ? `, ${result.errors.length} error(s)` : ''}`,
        );
        return result;
      }),
    );
    if (io.signal.aborted) return EXIT.interrupted;

    const cutoff = sinceMs === undefined ? undefined : now() - sinceMs;
    const out: BackupRun[] = [];
    for (const result of results) {
      const firstRun = file.sources[result.source.name] === undefined;
      for (const run of result.runs) {
        const started = run.startedAt ? Date.parse(run.startedAt) : undefined;
        if (cutoff !== undefined && firstRun && started !== undefined && started < cutoff) continue;
        out.push(run);
      }
    }
    writeRecords(io, format, out, columns);
    let failed = false;
    for (const result of results) {
      for (const error of result.errors) {
        failed = true;
        writeSourceError(io, {
          source: result.source.name,
          kind: result.source.type,
          stage: error.stage,
          message: error.message,
          ...(error.recordId ? { recordId: error.recordId } : {}),
        });
      }
    }
    if (path) {
      const next: CheckpointFile = { ...emptyCheckpointFile(), sources: { ...file.sources } };
      for (const result of results) {
        if (result.checkpoint) next.sources[result.source.name] = result.checkpoint;
      }
      writeCheckpointFile(path, next, io.pid);
    }
    return failed ? EXIT.sourceFailed : EXIT.ok;
  } catch (error) {
    if (io.signal.aborted) return EXIT.interrupted;
    throw error;
  } finally {
    lock?.release();
  }
}
