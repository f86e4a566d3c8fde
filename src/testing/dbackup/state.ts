/**
 * Seed data for the DBackup mock, modelled on the recorded DBackup 3.2.0 session: five adapters,
 * four jobs, ten system tasks, one Vault profile, five API keys, and a history of eight executions
 * replayed through the same run plans live runs use (so files and storage snapshots match).
 * Timestamps are relative to the clock: the history ends about five minutes before "now".
 *
 * @internal
 * @module
 */
import { KEY_OWNER_NAME, seedApiKeys } from './auth';
import { fakeHex, iso } from './fake';
import { DBACKUP_MOCK_IDS as IDS } from './ids';
import type { RunEngine } from './lifecycle';
import { planBackup, planIntegrityCheck } from './plans';
import type { DBackupMockAdapter, DBackupMockJob, DBackupMockState } from './types';

/** An empty store. */
export function emptyState(): DBackupMockState {
  return {
    jobs: [],
    executions: [],
    adapters: [],
    files: [],
    storageHistory: [],
    systemTasks: [],
    encryptionProfiles: [],
    apiKeys: [],
    notificationLogs: [],
  };
}

/** An adapter row with the defaults of a freshly created one, overridden by `fields`. */
export function adapter(
  fields: Pick<DBackupMockAdapter, 'id' | 'name' | 'type' | 'adapterId' | 'config'> &
    Partial<DBackupMockAdapter>,
): DBackupMockAdapter {
  return {
    metadata: null,
    createdAt: '',
    updatedAt: '',
    storageRole: 'DESTINATION',
    primaryCredentialId: null,
    sshCredentialId: null,
    defaultRetentionPolicyId: null,
    lastHealthCheck: null,
    lastStatus: 'ONLINE',
    lastError: null,
    consecutiveFailures: 0,
    ...fields,
  };
}

function job(
  fields: Pick<
    DBackupMockJob,
    'id' | 'name' | 'schedule' | 'enabled' | 'sourceId' | 'compression' | 'createdAt'
  > & {
    destinations: { id: string; configId: string }[];
  },
): DBackupMockJob {
  return {
    databases: [],
    encryptionProfileId: null,
    pgCompression: '',
    namingTemplateId: null,
    schedulePresetId: null,
    updatedAt: fields.createdAt,
    notificationEvents: 'ALWAYS',
    skipVerification: false,
    backupMode: 'FULL',
    fullEveryDays: 7,
    verifyByHash: false,
    notificationIds: [],
    ...fields,
    destinations: fields.destinations.map((d, priority) => ({
      ...d,
      priority,
      retention: {},
      retentionPolicyId: null,
      createdAt: fields.createdAt,
      updatedAt: fields.createdAt,
    })),
  };
}

/** Replaces the contents of `store` with fresh seed data relative to `now`, replaying the history through `engine`. */
export function seedState(store: DBackupMockState, engine: RunEngine, now: number): void {
  Object.assign(store, emptyState());
  engine.clear();
  // The recording's 22:41:00 maps to ten minutes ago.
  const base = now - 600_000;
  const at = (minute: number, seconds: number) => base + (minute - 41) * 60_000 + Math.round(seconds * 1000);
  const t = (minute: number, seconds: number) => iso(at(minute, seconds));

  const localPrimary = adapter({
    id: IDS.adapters.localPrimary,
    name: 'Local Primary',
    type: 'storage',
    adapterId: 'local-filesystem',
    config: { basePath: '/data/backups/primary' },
    createdAt: t(41, 24.462),
    updatedAt: t(43, 0.062),
    lastHealthCheck: t(43, 0.059),
  });
  const localBroken = adapter({
    id: IDS.adapters.localBroken,
    name: 'Local Broken',
    type: 'storage',
    adapterId: 'local-filesystem',
    config: { basePath: '/data/blocker-file/sub' },
    createdAt: t(41, 24.701),
    updatedAt: t(43, 0.067),
    lastHealthCheck: t(43, 0.064),
    lastStatus: 'DEGRADED',
    consecutiveFailures: 2,
    simulation: { failure: "ENOTDIR: not a directory, mkdir '/data/blocker-file/sub'" },
  });
  const appSqlite = adapter({
    id: IDS.adapters.appSqlite,
    name: 'App SQLite',
    type: 'database',
    adapterId: 'sqlite',
    config: { mode: 'local', path: '/data/sources/app.db' },
    metadata: { engineVersion: '3.40.1', lastCheck: t(41, 42.92), status: 'Online' },
    createdAt: t(41, 24.9),
    updatedAt: t(43, 0.125),
    lastHealthCheck: t(43, 0.123),
    simulation: { dumpBytes: 12_288, compressedBytes: 343, engineVersion: '3.40.1' },
  });
  const bigSqlite = adapter({
    id: IDS.adapters.bigSqlite,
    name: 'Big SQLite',
    type: 'database',
    adapterId: 'sqlite',
    config: { mode: 'local', path: '/data/sources/big.db' },
    metadata: { engineVersion: '3.40.1', lastCheck: t(41, 42.975), status: 'Online' },
    createdAt: t(41, 25.12),
    updatedAt: t(43, 0.116),
    lastHealthCheck: t(43, 0.112),
    simulation: { dumpBytes: 1_587_150_848, compressedBytes: 1_573_596_054, engineVersion: '3.40.1' },
  });
  const missingSqlite = adapter({
    id: IDS.adapters.missingSqlite,
    name: 'Missing SQLite',
    type: 'database',
    adapterId: 'sqlite',
    config: { mode: 'local', path: '/data/no-such-dir/missing.db' },
    metadata: {
      status: 'Unreachable',
      lastError: "Database file at '/data/sources/does-not-exist.db' not found.",
    },
    createdAt: t(41, 25.295),
    updatedAt: t(43, 0.12),
    lastHealthCheck: t(43, 0.117),
    lastStatus: 'DEGRADED',
    consecutiveFailures: 1,
    simulation: {
      failure:
        'sqlite3 exited with code 1: Error: unable to open database "/data/no-such-dir/missing.db": unable to open database file',
      dumpBytes: 4096,
    },
  });
  store.adapters.push(localPrimary, localBroken, appSqlite, bigSqlite, missingSqlite);

  const sqliteToLocal = job({
    id: IDS.jobs.sqliteToLocal,
    name: 'SQLite to Local',
    schedule: '0 3 * * *',
    enabled: true,
    sourceId: appSqlite.id,
    compression: 'GZIP',
    createdAt: t(41, 31.892),
    destinations: [{ id: '68c80ed0-478f-43af-b544-ecb041747b85', configId: localPrimary.id }],
  });
  const twoDestinations = job({
    id: IDS.jobs.twoDestinations,
    name: 'SQLite to Two Destinations',
    schedule: '0 4 * * *',
    enabled: true,
    sourceId: appSqlite.id,
    compression: 'NONE',
    createdAt: t(41, 32.174),
    destinations: [
      { id: 'f71a879d-5354-41d5-8416-c7cab34cd8d6', configId: localPrimary.id },
      { id: 'f253bccc-313d-401c-af41-ceb028ded4af', configId: localBroken.id },
    ],
  });
  const missingJob = job({
    id: IDS.jobs.missingSqlite,
    name: 'Missing SQLite Job',
    schedule: '0 5 * * *',
    enabled: false,
    sourceId: missingSqlite.id,
    compression: 'NONE',
    createdAt: t(41, 32.494),
    destinations: [{ id: '35765dc3-516e-4ec6-a57b-25732d0e9269', configId: localPrimary.id }],
  });
  const bigJob = job({
    id: IDS.jobs.bigSqlite,
    name: 'Big SQLite GZIP',
    schedule: '0 6 * * *',
    enabled: true,
    sourceId: bigSqlite.id,
    compression: 'GZIP',
    createdAt: t(41, 32.811),
    destinations: [{ id: 'ec88d603-0dc3-40fe-b5a7-af36f28c7110', configId: localPrimary.id }],
  });
  store.jobs.push(sqliteToLocal, twoDestinations, missingJob, bigJob);

  store.encryptionProfiles.push({
    id: IDS.encryptionProfiles.defaultKey,
    name: 'Default Key',
    masterKeyHex: fakeHex('dbackup-mock-vault-default-key', 64),
  });
  store.apiKeys.push(...seedApiKeys(now));
  store.systemTasks.push(...seedSystemTasks(t));

  // History, replayed in the recorded order and spacing.
  const api = { type: 'Api', label: 'sdk-full' };
  const backup = (
    id: string,
    jobRecord: DBackupMockJob,
    queued: number,
    pendingMs: number,
    runningMs: number,
    source?: DBackupMockAdapter,
  ) =>
    engine.start(
      { id, jobId: jobRecord.id, type: 'Backup', triggerType: api.type, triggerLabel: api.label },
      planBackup({
        job: jobRecord,
        source: source ?? store.adapters.find((a) => a.id === jobRecord.sourceId),
        destinations: jobRecord.destinations.flatMap((d) =>
          store.adapters.filter((a) => a.id === d.configId),
        ),
        queuedAt: queued,
        pendingMs,
        runningMs,
        lock: false,
        trigger: api,
      }),
      queued,
    );
  backup(IDS.executions.success, sqliteToLocal, at(41, 34.912), 8, 97);
  backup(IDS.executions.partial, twoDestinations, at(41, 44.422), 10, 122);
  // The first run of "Missing SQLite Job" happened before its source was moved into a missing
  // directory: sqlite3 created an empty 4 KiB database and the run succeeded.
  backup(IDS.executions.successMissingFile, missingJob, at(41, 48.752), 11, 100, {
    ...missingSqlite,
    config: { mode: 'local', path: '/data/sources/does-not-exist.db' },
    simulation: { dumpBytes: 4096 },
  });
  backup(IDS.executions.failed, missingJob, at(42, 0.912), 18, 63);
  backup(IDS.executions.cancelledRunning, bigJob, at(42, 12.943), 17, 120_000);
  engine.cancel(IDS.executions.cancelledRunning, at(43, 24.334), at(43, 25.259));
  // Queued behind the big run (one concurrent job), then cancelled while still Pending.
  backup(IDS.executions.cancelledPending, sqliteToLocal, at(42, 16.936), 600_000, 97);
  engine.cancel(IDS.executions.cancelledPending, at(42, 17.446));
  backup(IDS.executions.successLatest, sqliteToLocal, at(44, 22.11), 11, 131);
  engine.start(
    {
      id: IDS.executions.integrityCheck,
      jobId: null,
      type: 'IntegrityCheck',
      triggerType: 'Manual',
      triggerLabel: KEY_OWNER_NAME,
    },
    planIntegrityCheck({ store, queuedAt: at(45, 38.04), pendingMs: 13, runningMs: 66 }),
    at(45, 38.04),
  );
  engine.settle(now);
}

function seedSystemTasks(t: (minute: number, seconds: number) => string) {
  const task = (
    id: string,
    label: string,
    description: string,
    schedule: string,
    runOnStartup: boolean,
    enabled: boolean,
    lastRunAt: string | null,
  ) => ({ id, label, description, schedule, runOnStartup, enabled, lastRunAt });
  return [
    task(
      'system.update_db_versions',
      'Update Database Versions',
      'Checks connectivity and fetches version information from all configured database sources.',
      '0 * * * *',
      true,
      true,
      t(41, 42.83),
    ),
    task(
      'system.health_check',
      'Health Check & Connectivity',
      'Periodically pings all configured database and storage adapters to track availability and latency.',
      '*/1 * * * *',
      false,
      true,
      t(43, 0.001),
    ),
    task(
      'system.clean_audit_logs',
      'Clean Old Data',
      'Removes old audit logs and storage snapshots beyond their configured retention periods to prevent disk filling.',
      '0 0 * * *',
      true,
      true,
      t(41, 42.852),
    ),
    task(
      'system.check_for_updates',
      'Check for Updates',
      'Checks if a new version of the application is available in the GitHub Container Registry.',
      '0 0 * * *',
      true,
      true,
      t(41, 42.874),
    ),
    task(
      'system.sync_permissions',
      'Sync SuperAdmin Permissions',
      'Ensures the SuperAdmin group always has all available permissions.',
      '0 0 * * *',
      true,
      true,
      t(41, 42.877),
    ),
    task(
      'system.config_backup',
      'Automated Configuration Backup',
      'Backs up the internal system configuration (Settings, Adapters, Jobs, Users) to the configured storage.',
      '0 3 * * *',
      false,
      false,
      null,
    ),
    task(
      'system.integrity_check',
      'Backup Integrity Check',
      'Verifies SHA-256 checksums of all backup files on storage to detect corruption or tampering. Downloads each file temporarily for verification.',
      '0 4 * * 0',
      false,
      false,
      t(45, 38.053),
    ),
    task(
      'system.refresh_storage_stats',
      'Refresh Storage Statistics',
      'Queries all storage destinations to update file counts and total sizes displayed on the dashboard. Runs automatically after each backup.',
      '0 * * * *',
      true,
      true,
      t(41, 42.88),
    ),
    task(
      'system.warmup_storage_cache',
      'Pre-warm Storage Cache',
      'Keeps the Storage Explorer cache fresh. Reconciles existing caches against remote storage to detect external changes, and pre-populates the cache for adapters not yet loaded.',
      '0 * * * *',
      true,
      true,
      t(41, 42.884),
    ),
    task(
      'system.stuck_execution_check',
      'Stuck Execution Watchdog',
      'Fails backups and restores that have stopped reporting progress. A stuck run counts against the concurrent job limit for as long as it lasts, which silently prevents every job queued behind it from starting. Threshold configurable under Settings.',
      '*/5 * * * *',
      false,
      true,
      null,
    ),
  ];
}
