/**
 * Run plans: the full timeline (stages, log entries, final outcome) of a simulated backup,
 * restore or integrity check, computed once when the run is queued. The lifecycle engine then
 * reveals the plan lazily against the clock. Log texts follow DBackup 3.2.0's runner as recorded.
 *
 * @internal
 * @module
 */
import { fakeHex, fileStamp, humanDuration, humanSize, iso } from './fake';
import type {
  DBackupMockAdapter,
  DBackupMockFile,
  DBackupMockJob,
  DBackupMockLogEntry,
  DBackupMockState,
} from './types';

/** A log entry and the time it becomes visible. */
export interface PlannedLog {
  at: number;
  entry: DBackupMockLogEntry;
}

/** A stage and the period it is current; `progress` is what the server reports during it. */
export interface StageWindow {
  stage: string;
  start: number;
  end: number;
  progress: number;
}

/** The precomputed timeline of one execution. */
export interface RunPlan {
  queuedAt: number;
  /** When Pending turns into Running (equal to `queuedAt` for runs created Running). */
  runningAt: number;
  /** When the run reaches its terminal status. */
  endAt: number;
  /** Metadata while Pending. */
  queuedMetadata: Record<string, unknown>;
  /** `path` while in flight (restores record their source file from the start). */
  livePath?: string;
  stages: StageWindow[];
  logs: PlannedLog[];
  /** Bytes known from a given time on (what `size` shows if the run is cancelled then). */
  sizes: { at: number; size: number }[];
  /**
   * The terminal row. `metadata` is what the run itself writes last: for a backup that reached
   * its finalize step, DBackup's full final metadata (source details, `names`, `destinations`).
   * The engine shows it only with `keepFinalMetadata`; by default it shows what a 3.2.0 server
   * keeps, the log flusher's `{progress, stage, detail, heartbeat}` (see {@link flusherMetadata}).
   */
  final: { status: string; size: number | null; path: string | null; metadata: Record<string, unknown> };
  /** Side effects at completion (files written, snapshots, verification marks). */
  onComplete?: (store: DBackupMockState) => void;
  /** Set by a cancel request while Running. */
  cancel?: { requestedAt: number; effectiveAt: number };
}

interface LogSpec {
  message: string;
  level?: string;
  type?: string;
  details?: string;
}

/** Builds stage windows and evenly spaced log entries. */
class Timeline {
  readonly logs: PlannedLog[] = [];
  readonly stages: StageWindow[] = [];

  add(at: number, stage: string, spec: LogSpec, durationMs?: number): void {
    const entry: DBackupMockLogEntry = {
      timestamp: iso(at),
      level: spec.level ?? 'info',
      type: spec.type ?? 'general',
      message: spec.message,
      stage,
    };
    if (spec.details !== undefined) entry.details = spec.details;
    if (durationMs !== undefined) entry.durationMs = durationMs;
    this.logs.push({ at, entry });
  }

  /** Opens a stage over `[start, end]`, spreads `specs` over it and, if `close`, logs "<stage> completed (…)" at `end`. */
  stage(name: string, progress: number, window: [number, number], specs: LogSpec[], close = true): void {
    const [start, end] = window;
    this.stages.push({ stage: name, start, end, progress });
    const span = Math.max(0, end - start);
    specs.forEach((spec, i) => {
      this.add(start + Math.floor((span * i) / Math.max(1, specs.length)), name, spec);
    });
    if (close) {
      this.add(end, name, { level: 'success', message: `${name} completed (${humanDuration(span)})` }, span);
    }
  }

  /** Time of the first log entry with `message`. */
  timeOf(message: string, fallback: number): number {
    return this.logs.find((l) => l.entry.message === message)?.at ?? fallback;
  }
}

/**
 * Lays named stages out over `[start, start + total]` in proportion to their weights (1 when
 * unlisted) and returns a lookup of each stage's window.
 */
function stageWindows(
  start: number,
  total: number,
  names: readonly string[],
  weights: Readonly<Record<string, number>>,
): (name: string) => [number, number] {
  const windows = layout(
    start,
    total,
    names.map((n) => weights[n] ?? 1),
  );
  return (name) => windows[names.indexOf(name)] ?? [start, start];
}

/** Splits `[start, start + total]` into consecutive windows proportional to `weights`. */
function layout(start: number, total: number, weights: number[]): [number, number][] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  let acc = 0;
  return weights.map((w) => {
    const from = start + Math.floor((total * acc) / sum);
    acc += w;
    return [from, start + Math.floor((total * acc) / sum)];
  });
}

function finalMetadata(progress: number, stage: string, at: number, extra: Record<string, unknown> = {}) {
  return { progress, stage, detail: '', heartbeat: iso(at), ...extra };
}

/**
 * The metadata a DBackup 3.2.0 server shows for a finished run: the log flusher writes
 * `{progress, stage, detail, heartbeat}` shortly after the run ends, replacing the final metadata
 * (with `destinations`, `names`, …) that the finalize step wrote. Every finished run in the
 * recorded history has exactly these keys.
 */
export function flusherMetadata(final: Record<string, unknown>, endAt: number): Record<string, unknown> {
  return {
    progress: final.progress ?? 100,
    stage: final.stage ?? 'Completed',
    detail: typeof final.detail === 'string' ? final.detail : '',
    heartbeat: iso(endAt),
  };
}

/**
 * The final metadata DBackup's finalize step writes for a backup (source-code facts, not
 * recorded: the 3.2.0 flusher overwrites it): the run context plus `destinations[]`.
 */
function finalizeMetadata(
  progress: number,
  stage: string,
  context: Record<string, unknown>,
  destinations: Record<string, unknown>[],
) {
  return { ...context, progress, stage, detail: '', destinations };
}

const SOURCE_EXTENSIONS: Record<string, string> = {
  sqlite: '.db',
  mongodb: '.archive',
  redis: '.rdb',
  valkey: '.rdb',
  mssql: '.bak',
  firebird: '.fbk',
};

/** Backup file extension for a source adapter type (before compression/encryption suffixes). */
export function sourceExtension(adapterId: string | undefined): string {
  return (adapterId && SOURCE_EXTENSIONS[adapterId]) ?? '.sql';
}

/** Appends a storage statistics snapshot for `storageId` reflecting its current files. */
export function recordStorageSnapshot(store: DBackupMockState, storageId: string, at: number): void {
  const files = store.files.filter((f) => f.storageId === storageId);
  store.storageHistory.push({
    storageId,
    date: iso(at),
    size: files.reduce((sum, f) => sum + f.size, 0),
    count: files.length,
  });
}

/** Inputs of {@link planBackup}. */
export interface BackupPlanInput {
  job: DBackupMockJob;
  source: DBackupMockAdapter | undefined;
  /** Destination adapters in upload order. */
  destinations: DBackupMockAdapter[];
  queuedAt: number;
  pendingMs: number;
  runningMs: number;
  lock: boolean;
  trigger: { type: string; label: string };
}

/**
 * Plans a backup. The outcome follows from the adapters' simulation knobs: a source `failure`
 * fails the dump (`Failed`), a destination `failure` fails that upload (`Partial`, or `Failed`
 * when every upload fails), otherwise `Success`.
 */
export function planBackup(input: BackupPlanInput): RunPlan {
  const { job, source, destinations, queuedAt, pendingMs, runningMs } = input;
  const runningAt = queuedAt + pendingMs;
  const sim = source?.simulation ?? {};
  const base = job.name.replace(/[^a-z0-9]/gi, '_');
  const compress = job.compression !== 'NONE' && job.compression !== '';
  const encrypt = job.encryptionProfileId !== null;
  const dumpExt = sourceExtension(source?.adapterId);
  const fileName = `${base}_${fileStamp(runningAt)}${dumpExt}${compress ? (job.compression === 'BROTLI' ? '.br' : '.gz') : ''}${encrypt ? '.enc' : ''}`;
  const remotePath = `${job.name}/${fileName}`;
  const tempPath = `/app-work/${base}_${fileStamp(runningAt)}${dumpExt}`;
  const dumpBytes = sim.dumpBytes ?? 12_288;
  const finalBytes = compress
    ? (sim.compressedBytes ?? Math.max(64, Math.round(dumpBytes * 0.028)))
    : dumpBytes;
  const sha = fakeHex(`sha256:${source?.id}:${finalBytes}`, 64);
  const md5 = fakeHex(`md5:${source?.id}:${finalBytes}`, 32);
  const sourceFailure = source ? sim.failure : 'Source configuration not found';
  const results = destinations.map((adapter) => ({ adapter, error: adapter.simulation?.failure }));
  const succeeded = results.filter((r) => r.error === undefined);
  const outcome = sourceFailure
    ? 'failed-dump'
    : succeeded.length === 0
      ? 'failed-upload'
      : succeeded.length < results.length
        ? 'partial'
        : 'success';
  const process = compress || encrypt;

  const names: string[] = ['Initializing', 'Dumping Databases'];
  if (outcome !== 'failed-dump') {
    if (process) names.push('Processing');
    names.push('Uploading');
    if (outcome !== 'failed-upload') names.push('Verifying', 'Applying Retention');
  }
  const weights: Record<string, number> = {
    Initializing: 1,
    'Dumping Databases': 3,
    Processing: 2,
    Uploading: 3,
    Verifying: 1,
    'Applying Retention': 1,
  };
  const win = stageWindows(runningAt, runningMs, names, weights);
  const endAt = runningAt + runningMs;
  const t = new Timeline();
  const sizes: { at: number; size: number }[] = [];

  t.add(queuedAt, 'Queued', { message: 'Job queued' });
  t.stage('Initializing', 0, win('Initializing'), [
    { message: 'Taking job from queue...' },
    { message: `[Runner] Starting initialization for Job ID: ${job.id}` },
    {
      message: `Initialization complete. Source: ${source?.name ?? 'none'}, Destinations: [${destinations.map((d) => d.name).join(', ')}] (${destinations.length})`,
    },
  ]);

  const sourcePath = typeof source?.config.path === 'string' ? source.config.path : undefined;
  const dumpSpecs: LogSpec[] = [
    { message: `Starting Dump from ${source?.name ?? 'unknown source'} (database)...` },
    { message: `Prepared temporary path: ${tempPath}` },
  ];
  if (sim.engineVersion) dumpSpecs.push({ message: `Detected engine version: ${sim.engineVersion}` });
  dumpSpecs.push({ message: `Metadata calculated: ${Math.max(1, job.databases.length)} DBs (fetched)` });
  if (source?.adapterId === 'sqlite' && sourcePath) {
    dumpSpecs.push(
      { message: `Starting SQLite dump of ${sourcePath}...` },
      {
        message: `Dumping database: ${sourcePath}`,
        type: 'command',
        details: `sqlite3 ${sourcePath} .backup ${tempPath}`,
      },
    );
  } else {
    const db = job.databases[0] ?? String(source?.config.database ?? 'all');
    dumpSpecs.push({
      message: `Dumping database: ${db}`,
      type: 'command',
      details: `${source?.adapterId ?? 'dump'} ${db}`,
    });
  }
  /** Everything but the outcome is the same for every plan of this run. */
  const plan = (final: RunPlan['final']): RunPlan => ({
    queuedAt,
    runningAt,
    endAt,
    queuedMetadata: { progress: 0, stage: 'Queued', ...(input.lock ? { lock: true } : {}) },
    stages: t.stages,
    logs: t.logs,
    sizes,
    final,
  });
  if (outcome === 'failed-dump') {
    const [start, end] = win('Dumping Databases');
    dumpSpecs.push(
      { message: `Error during dump: ${sourceFailure}` },
      { message: `Dump failed: ${sourceFailure}`, level: 'error' },
    );
    t.stage('Dumping Databases', 5, [start, end - 1], dumpSpecs, false);
    t.add(end, 'Dumping Databases', { message: 'Temporary file cleaned up' });
    return plan({
      status: 'Failed',
      size: null,
      path: null,
      metadata: finalMetadata(5, 'Dumping Databases', endAt),
    });
  }
  dumpSpecs.push(
    { message: `Dump completed successfully (${dumpBytes} bytes).` },
    { message: `Dump successful. Size: ${dumpBytes} bytes` },
  );
  t.stage('Dumping Databases', 5, win('Dumping Databases'), dumpSpecs);
  sizes.push({ at: win('Dumping Databases')[1], size: dumpBytes });

  const checksumSpecs: LogSpec[] = [
    { message: 'Calculating checksums...' },
    { message: `SHA-256: ${sha}` },
    { message: `MD5:     ${md5}` },
  ];
  if (process) {
    const specs: LogSpec[] = [];
    if (compress) specs.push({ message: `Compression enabled: ${job.compression}` });
    if (encrypt) specs.push({ message: `Encryption enabled (profile ${job.encryptionProfileId})` });
    specs.push(
      { message: `Processing pipeline -> ${fileName}` },
      { message: `Pipeline complete. Final size: ${humanSize(finalBytes)}` },
      ...checksumSpecs,
    );
    t.stage('Processing', 45, win('Processing'), specs);
    sizes.push({ at: win('Processing')[1], size: finalBytes });
  }

  const uploadSpecs: LogSpec[] = process ? [] : [...checksumSpecs];
  for (const { adapter, error } of results) {
    uploadSpecs.push(
      { message: `[${adapter.name}] Starting upload...` },
      { message: `[${adapter.name}] Uploading metadata sidecar...` },
    );
    if (error === undefined) {
      uploadSpecs.push({ message: `[${adapter.name}] Upload complete: ${remotePath}` });
    } else {
      const what = adapter.adapterId === 'local-filesystem' ? 'Local upload' : 'Upload';
      uploadSpecs.push(
        { message: `[${adapter.name}] ${what} failed: ${error}`, level: 'error', details: `Error: ${error}` },
        { message: `[${adapter.name}] Upload FAILED: Adapter returned false`, level: 'error' },
      );
    }
  }
  const n = results.length;
  const databaseNames =
    job.databases.length > 0
      ? job.databases
      : sourcePath !== undefined
        ? [sourcePath.slice(sourcePath.lastIndexOf('/') + 1)]
        : [];
  const context: Record<string, unknown> = {
    label: job.databases.length > 1 ? `${job.databases.length} DBs` : 'Single DB',
    count: Math.max(1, job.databases.length),
    ...(databaseNames.length > 0 ? { names: databaseNames } : {}),
    jobName: job.name,
    sourceName: source?.name ?? 'Unknown',
    sourceType: 'database',
    adapterId: source?.adapterId ?? 'unknown',
    ...(sim.engineVersion ? { engineVersion: sim.engineVersion } : {}),
  };
  const destinationsMeta = results.map(({ adapter, error }) => ({
    configId: adapter.id,
    name: adapter.name,
    adapterId: adapter.adapterId,
    ...(error === undefined ? { path: remotePath, status: 'success' } : { status: 'failed', error }),
  }));

  if (outcome === 'failed-upload') {
    const [start, end] = win('Uploading');
    uploadSpecs.push(
      { message: `Upload summary: 0/${n} successful, ${n} failed`, level: 'warning' },
      { message: `All ${n} destination upload(s) failed`, level: 'error' },
    );
    t.stage('Uploading', 65, [start, end - 1], uploadSpecs, false);
    t.add(end, 'Uploading', { message: 'Temporary file cleaned up' });
    return plan({
      status: 'Failed',
      size: null,
      path: null,
      metadata: finalizeMetadata(65, 'Uploading', context, destinationsMeta),
    });
  }

  uploadSpecs.push(
    outcome === 'success'
      ? { message: `Upload summary: All ${n} destination(s) successful` }
      : {
          message: `Upload summary: ${succeeded.length}/${n} successful, ${n - succeeded.length} failed`,
          level: 'warning',
        },
  );
  t.stage('Uploading', 65, win('Uploading'), uploadSpecs);
  t.stage(
    'Verifying',
    88,
    win('Verifying'),
    succeeded.flatMap(({ adapter }) => [
      { message: `[${adapter.name}] Verifying upload integrity...` },
      { message: `[${adapter.name}] Integrity check passed`, level: 'success' },
    ]),
  );
  t.stage(
    'Applying Retention',
    92,
    win('Applying Retention'),
    results.map(({ adapter, error }) =>
      error === undefined
        ? { message: `[${adapter.name}] Retention: No policy configured. Skipping.` }
        : { message: `[${adapter.name}] Retention: Skipped (upload was not successful)` },
    ),
  );
  t.add(endAt, 'Completed', {
    message: outcome === 'success' ? 'Job completed successfully' : 'Job completed with partial success',
  });
  t.add(endAt, 'Completed', { message: 'Temporary file cleaned up' });

  const uploadTimes = new Map(
    succeeded.map(({ adapter }) => [
      adapter.id,
      t.timeOf(`[${adapter.name}] Upload complete: ${remotePath}`, endAt),
    ]),
  );
  const verifyTimes = new Map(
    succeeded.map(({ adapter }) => [adapter.id, t.timeOf(`[${adapter.name}] Integrity check passed`, endAt)]),
  );
  const engineVersion = sim.engineVersion ?? 'unknown';
  return {
    ...plan({
      status: outcome === 'success' ? 'Success' : 'Partial',
      size: finalBytes,
      path: remotePath,
      metadata: finalizeMetadata(100, 'Completed', context, destinationsMeta),
    }),
    onComplete(store) {
      for (const { adapter } of succeeded) {
        const file: DBackupMockFile = {
          storageId: adapter.id,
          name: fileName,
          path: remotePath,
          size: finalBytes,
          lastModified: iso(uploadTimes.get(adapter.id) ?? endAt),
          jobName: job.name,
          sourceName: source?.name ?? 'Unknown',
          sourceType: source?.adapterId ?? 'unknown',
          engineVersion,
          dbInfo: {
            count: Math.max(1, job.databases.length),
            label: job.databases.length > 1 ? `${job.databases.length} DBs` : 'Single DB',
          },
          isEncrypted: encrypt,
          ...(encrypt && job.encryptionProfileId ? { encryptionProfileId: job.encryptionProfileId } : {}),
          ...(compress ? { compression: job.compression } : {}),
          locked: false,
          trigger: { type: input.trigger.type, actor: input.trigger.label },
          checksum: sha,
          checksumMd5: md5,
          hasFileIndex: false,
          backupType: 'full',
          verification: {
            verifiedAt: iso(verifyTimes.get(adapter.id) ?? endAt),
            passed: true,
            trigger: 'post-upload',
          },
        };
        store.files.push(file);
        recordStorageSnapshot(store, adapter.id, endAt + 29);
      }
    },
  };
}

/** Inputs of {@link planRestore}. */
export interface RestorePlanInput {
  filePath: string;
  /** The file being restored, if it exists on the storage. */
  file: DBackupMockFile | undefined;
  storage: DBackupMockAdapter;
  target: DBackupMockAdapter;
  targetDatabaseName: string | undefined;
  startedAt: number;
  runningMs: number;
}

/** Plans a restore. Restores are created directly as Running, like the real server does. */
export function planRestore(input: RestorePlanInput): RunPlan {
  const { filePath, file, storage, target, startedAt, runningMs } = input;
  const compressed = /\.(gz|br)(\.enc)?$/.test(filePath);
  const names = ['Downloading', ...(compressed ? ['Decompressing'] : []), 'Restoring Databases'];
  const weights: Record<string, number> = { Downloading: 2, Decompressing: 1, 'Restoring Databases': 3 };
  const win = stageWindows(startedAt, runningMs, names, weights);
  const endAt = startedAt + runningMs;
  const t = new Timeline();
  const base = {
    queuedAt: startedAt,
    runningAt: startedAt,
    endAt,
    queuedMetadata: {},
    sizes: [],
    livePath: filePath,
  };

  if (!file) {
    const [start] = win('Downloading');
    t.stage(
      'Downloading',
      0,
      [start, endAt - 1],
      [
        { message: `Starting restore of ${filePath}` },
        { message: `Downloading from ${storage.name}...` },
        { message: `Download failed: file not found: ${filePath}`, level: 'error' },
      ],
      false,
    );
    return {
      ...base,
      stages: t.stages,
      logs: t.logs,
      final: {
        status: 'Failed',
        size: null,
        path: filePath,
        metadata: finalMetadata(0, 'Downloading', endAt),
      },
    };
  }
  t.stage('Downloading', 0, win('Downloading'), [
    { message: `Starting restore of ${filePath}` },
    { message: `Downloading from ${storage.name}...` },
    { message: `Download complete (${humanSize(file.size)})` },
  ]);
  if (compressed) {
    t.stage('Decompressing', 30, win('Decompressing'), [
      { message: `Decompressing (${file.compression ?? 'GZIP'})...` },
    ]);
  }
  const targetPath = typeof target.config.path === 'string' ? target.config.path : input.targetDatabaseName;
  const restoreSpecs: LogSpec[] = [
    {
      message: `Restoring to ${target.name}${input.targetDatabaseName ? ` (database ${input.targetDatabaseName})` : ''}...`,
    },
    {
      message: `Restoring database: ${targetPath ?? target.name}`,
      type: 'command',
      details:
        target.adapterId === 'sqlite'
          ? `sqlite3 ${targetPath} ".restore /app-work/${file.name}"`
          : target.adapterId,
    },
  ];
  const failure = target.simulation?.failure;
  if (failure !== undefined) {
    const [start] = win('Restoring Databases');
    restoreSpecs.push({ message: `Restore failed: ${failure}`, level: 'error' });
    t.stage('Restoring Databases', 50, [start, endAt - 1], restoreSpecs, false);
    return {
      ...base,
      stages: t.stages,
      logs: t.logs,
      final: {
        status: 'Failed',
        size: null,
        path: filePath,
        metadata: finalMetadata(50, 'Restoring Databases', endAt),
      },
    };
  }
  t.stage('Restoring Databases', 50, win('Restoring Databases'), restoreSpecs);
  t.add(endAt, 'Completed', { message: 'Restore completed successfully' });
  return {
    ...base,
    stages: t.stages,
    logs: t.logs,
    final: {
      status: 'Success',
      size: null,
      path: filePath,
      metadata: finalMetadata(100, 'Completed', endAt),
    },
  };
}

/** Inputs of {@link planIntegrityCheck}. */
export interface IntegrityPlanInput {
  store: DBackupMockState;
  queuedAt: number;
  pendingMs: number;
  runningMs: number;
}

/**
 * Plans the `system.integrity_check` task: verifies the files of enabled jobs on every reachable
 * destination; a destination with a simulated `failure` is unreachable and makes the run `Partial`.
 */
export function planIntegrityCheck(input: IntegrityPlanInput): RunPlan {
  const { store, queuedAt, pendingMs, runningMs } = input;
  const runningAt = queuedAt + pendingMs;
  const endAt = runningAt + runningMs;
  const jobs = store.jobs.filter((j) => j.enabled);
  const storageIds = new Set(jobs.flatMap((j) => j.destinations.map((d) => d.configId)));
  const storages = store.adapters.filter((a) => a.type === 'storage' && storageIds.has(a.id));
  const unreachable = storages.filter((s) => s.simulation?.failure !== undefined);
  const reachable = new Set(storages.filter((s) => s.simulation?.failure === undefined).map((s) => s.id));
  const perJob = jobs.map((job) => ({
    job,
    files: store.files.filter((f) => f.jobName === job.name && reachable.has(f.storageId)),
  }));
  const files = perJob.flatMap((p) => p.files);
  const windows = layout(runningAt, runningMs, [1, 2, 3]);
  const t = new Timeline();
  t.stage('Initializing', 0, windows[0] ?? [runningAt, runningAt], [
    { message: 'No filters configured - checking all files' },
    { message: 'Scan mode: Jobs (job-linked files only)' },
  ]);
  t.stage('Scanning Storage', 10, windows[1] ?? [runningAt, runningAt], [
    { message: `Found ${jobs.length} jobs to scan` },
    ...unreachable.map((s) => ({
      message: `${s.name}: listing failed - ${s.simulation?.failure}`,
      level: 'error',
    })),
    ...perJob.map(({ job, files: f }) => ({
      message: `${job.name}: found ${f.length} file${f.length === 1 ? '' : 's'} to verify`,
    })),
    { message: `Total: ${files.length} files to verify` },
  ]);
  t.stage(
    'Verifying Checksums',
    40,
    windows[2] ?? [runningAt, runningAt],
    files.map((f) => ({ message: f.name, level: 'success' })),
  );
  const summary = `${files.length} passed, 0 failed, 0 skipped of ${files.length} total`;
  const u = unreachable.length;
  t.add(
    endAt,
    'Completed',
    u > 0
      ? { message: `${summary}, ${u} destination${u === 1 ? '' : 's'} unreachable`, level: 'warning' }
      : { message: summary },
  );
  const verifiedAt = new Map(files.map((f) => [f, t.timeOf(f.name, endAt)]));
  return {
    queuedAt,
    runningAt,
    endAt,
    queuedMetadata: { progress: 0, stage: 'Queued' },
    stages: t.stages,
    logs: t.logs,
    sizes: [],
    final: {
      status: u > 0 ? 'Partial' : 'Success',
      size: null,
      path: null,
      metadata: finalMetadata(100, 'Completed', endAt),
    },
    onComplete() {
      for (const [file, at] of verifiedAt)
        file.verification = { verifiedAt: iso(at), passed: true, trigger: 'scheduled' };
    },
  };
}
