/**
 * Serialisers from store rows to DBackup 3.2.0's HTTP shapes (as recorded): adapter DTOs with
 * `config`/`metadata` as JSON strings, raw adapter rows nested in jobs, jobs with relations and
 * `lastRunAt`/`nextRunAt`, execution details, history items, RichFileInfo.
 *
 * @internal
 * @module
 */
import { nextCronRun } from './cron';
import { fakeHex, iso, ms } from './fake';
import type {
  DBackupMockAdapter,
  DBackupMockExecution,
  DBackupMockFile,
  DBackupMockJob,
  DBackupMockState,
} from './types';

/** Config keys DBackup encrypts at rest and strips from adapter DTOs. */
const SECRET_KEYS = new Set([
  'password',
  'privateKey',
  'passphrase',
  'sshPassword',
  'sshPrivateKey',
  'sshPassphrase',
  'accessKeyId',
  'secretAccessKey',
  'clientSecret',
  'refreshToken',
  'authToken',
  'botToken',
  'appToken',
  'accessToken',
  'authHeader',
  'webhookUrl',
  'uri',
]);

/** Adapter row as nested in jobs: config JSON string with secrets encrypted, no DTO extras. */
export function adapterRow(adapter: DBackupMockAdapter) {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(adapter.config)) {
    config[key] =
      SECRET_KEYS.has(key) && typeof value === 'string' && value !== ''
        ? `${fakeHex(`iv:${adapter.id}:${key}`, 24)}:${fakeHex(`tag:${adapter.id}:${key}`, 32)}:${fakeHex(`ct:${value}`, Math.max(8, value.length * 2))}`
        : value;
  }
  return {
    id: adapter.id,
    name: adapter.name,
    type: adapter.type,
    adapterId: adapter.adapterId,
    config: JSON.stringify(config),
    metadata: adapter.metadata === null ? null : JSON.stringify(adapter.metadata),
    createdAt: adapter.createdAt,
    updatedAt: adapter.updatedAt,
    storageRole: adapter.storageRole,
    primaryCredentialId: adapter.primaryCredentialId,
    sshCredentialId: adapter.sshCredentialId,
    defaultRetentionPolicyId: adapter.defaultRetentionPolicyId,
    lastHealthCheck: adapter.lastHealthCheck,
    lastStatus: adapter.lastStatus,
    lastError: adapter.lastError,
    consecutiveFailures: adapter.consecutiveFailures,
  };
}

/** `AdapterListItemDTO`: config JSON string without secrets, `secretStatus`, `supportsBrowse`. */
export function adapterDto(adapter: DBackupMockAdapter) {
  const config: Record<string, unknown> = {};
  const secretStatus: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(adapter.config)) {
    if (SECRET_KEYS.has(key)) secretStatus[key] = typeof value === 'string' ? value !== '' : value != null;
    else config[key] = value;
  }
  return {
    id: adapter.id,
    name: adapter.name,
    type: adapter.type,
    adapterId: adapter.adapterId,
    config: JSON.stringify(config),
    secretStatus,
    metadata: adapter.metadata === null ? null : JSON.stringify(adapter.metadata),
    createdAt: adapter.createdAt,
    updatedAt: adapter.updatedAt,
    primaryCredentialId: adapter.primaryCredentialId,
    sshCredentialId: adapter.sshCredentialId,
    defaultRetentionPolicyId: adapter.defaultRetentionPolicyId,
    lastHealthCheck: adapter.lastHealthCheck,
    lastStatus: adapter.lastStatus,
    lastError: adapter.lastError,
    consecutiveFailures: adapter.consecutiveFailures,
    storageRole: adapter.storageRole,
    supportsBrowse: adapter.type === 'storage',
  };
}

/**
 * A job with its relations. `variant: 'list'` adds `lastRunAt`/`nextRunAt` (GET /api/jobs);
 * `'written'` adds `executions: []` (POST/PUT responses).
 */
export function jobView(
  job: DBackupMockJob,
  store: DBackupMockState,
  now: number,
  variant: 'list' | 'written',
) {
  const find = (id: string | null) => (id === null ? undefined : store.adapters.find((a) => a.id === id));
  const source = find(job.sourceId);
  const profile = store.encryptionProfiles.find((p) => p.id === job.encryptionProfileId);
  const base = {
    id: job.id,
    name: job.name,
    schedule: job.schedule,
    enabled: job.enabled,
    sourceId: job.sourceId,
    databases: JSON.stringify(job.databases),
    encryptionProfileId: job.encryptionProfileId,
    compression: job.compression,
    pgCompression: job.pgCompression,
    namingTemplateId: job.namingTemplateId,
    schedulePresetId: job.schedulePresetId,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    notificationEvents: job.notificationEvents,
    skipVerification: job.skipVerification,
    backupMode: job.backupMode,
    fullEveryDays: job.fullEveryDays,
    verifyByHash: job.verifyByHash,
    source: source ? adapterRow(source) : null,
    destinations: [...job.destinations]
      .sort((a, b) => a.priority - b.priority)
      .map((d) => {
        const target = find(d.configId);
        return {
          id: d.id,
          jobId: job.id,
          configId: d.configId,
          priority: d.priority,
          retention: JSON.stringify(d.retention),
          retentionPolicyId: d.retentionPolicyId,
          createdAt: d.createdAt,
          updatedAt: d.updatedAt,
          config: target ? adapterRow(target) : null,
        };
      }),
    sources: [],
    notifications: job.notificationIds.flatMap((id) => {
      const channel = find(id);
      return channel ? [adapterRow(channel)] : [];
    }),
    notificationTemplates: [],
    encryptionProfile: profile ? { id: profile.id, name: profile.name } : null,
    schedulePreset: null,
  };
  if (variant === 'written') return { ...base, executions: [] };
  const lastRun = store.executions
    .filter((e) => e.jobId === job.id)
    .reduce<number | null>((max, e) => Math.max(max ?? 0, ms(e.startedAt)), null);
  const next = job.enabled ? nextCronRun(job.schedule, now) : null;
  return {
    ...base,
    lastRunAt: lastRun === null ? null : iso(lastRun),
    nextRunAt: next === null ? null : iso(next),
  };
}

/** `GET /api/executions/:id` → `data`. */
export function executionDetail(
  record: DBackupMockExecution,
  store: DBackupMockState,
  now: number,
  includeLogs: boolean,
) {
  const job = record.jobId === null ? undefined : store.jobs.find((j) => j.id === record.jobId);
  const started = ms(record.startedAt, now);
  const progress = record.metadata?.progress;
  const stage = record.metadata?.stage;
  const lastError =
    record.status === 'Failed'
      ? ([...record.logs].reverse().find((l) => l.level === 'error')?.message ?? null)
      : null;
  return {
    id: record.id,
    jobId: record.jobId,
    jobName: job?.name ?? null,
    type: record.type,
    status: record.status,
    progress: typeof progress === 'number' ? progress : null,
    stage: typeof stage === 'string' ? stage : null,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    duration: (record.endedAt === null ? now : ms(record.endedAt, now)) - started,
    size: record.size,
    path: record.path,
    error: lastError,
    ...(includeLogs ? { logs: record.logs } : {}),
  };
}

/** `GET /api/history` → `executions[]` item (no size, no logs; metadata as a JSON string). */
export function historyItem(record: DBackupMockExecution, store: DBackupMockState) {
  const job = record.jobId === null ? undefined : store.jobs.find((j) => j.id === record.jobId);
  return {
    id: record.id,
    jobId: record.jobId,
    type: record.type,
    status: record.status,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    path: record.path,
    metadata: record.metadata === null ? null : JSON.stringify(record.metadata),
    triggerType: record.triggerType,
    triggerLabel: record.triggerLabel,
    job: job ? { name: job.name } : null,
  };
}

/** A stored file as `RichFileInfo` (drops the mock-only `storageId`). */
export function fileInfo(file: DBackupMockFile) {
  const { storageId: _storageId, ...info } = file;
  return info;
}
