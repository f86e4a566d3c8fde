/**
 * `normalizeRun`: one entry point from any supported vendor record to a {@link BackupRun}.
 *
 * @module
 */
import { type BackupRun, orderRunKeys } from './backup-run';
import { type CoveStatisticsInput, normalizeCoveStatistics } from './cove';
import {
  type CoveSessionDeviceInput,
  type CoveSessionErrorInput,
  type CoveSessionInput,
  normalizeCoveSession,
} from './cove-session';
import { type DBackupExecutionInput, normalizeDBackupExecution } from './dbackup';
import { NormalizeError } from './errors';
import { resolveStatusMap, type StatusMapOverrides } from './status-maps';

/** Normalize a Cove device-statistics row (SDK row or raw API row): one run per device. */
export interface CoveStatisticsRunInput {
  /** Discriminator. */
  source: 'cove';
  /** The row, as `CoveClient` yields it or as `EnumerateAccountStatistics` returns it. */
  statistics: CoveStatisticsInput;
}

/**
 * Normalize one Cove session (`CoveClient.sessions()`) of a device: one run per session. Pass the
 * session's `errors` (`CoveClient.sessionErrors()`) when you read them: they give `message` and
 * `errorCount`, since the session's own count is unreliable.
 */
export interface CoveSessionRunInput {
  /** Discriminator. */
  source: 'cove';
  /** The session, as `CoveClient.sessions()` yields it. */
  session: CoveSessionInput;
  /** The device: a statistics row, or at least `{ id, name }`. */
  device: CoveSessionDeviceInput;
  /** The session's errors, as `CoveClient.sessionErrors()` returns them. */
  errors?: readonly CoveSessionErrorInput[] | undefined;
}

/** Normalize a DBackup execution (history item or `executions.get` detail). */
export interface DBackupExecutionRunInput {
  /** Discriminator. */
  source: 'dbackup';
  /** The execution, raw or as parsed by the SDK. */
  execution: DBackupExecutionInput;
}

/** Every input `normalizeRun` accepts, discriminated by `source` and by which record it carries. */
export type NormalizeInput = CoveStatisticsRunInput | CoveSessionRunInput | DBackupExecutionRunInput;

/** Options of {@link normalizeRun}. */
export interface NormalizeOptions {
  /**
   * Per-source status-map overrides, merged over the defaults (`DEFAULT_COVE_STATUS_MAP`,
   * `DEFAULT_DBACKUP_STATUS_MAP`). Example: `{ dbackup: { Cancelled: 'failed' } }`.
   */
  statusMap?: StatusMapOverrides;
  /**
   * Names the server or tenant the record came from, e.g. the DBackup base URL
   * (`'https://dbackup.example.com'`) or a name of your choosing (`'dbackup-eu'`). Copied verbatim
   * to `BackupRun.instance`; pass the same value on every poll.
   *
   * Set it when you poll more than one DBackup server: job ids are only unique per server
   * (`task:IntegrityCheck` and `deleted-job:<name>` repeat on every server), so Backupchecks keys
   * a job by `(instance, job.id)`.
   * `job.id` itself is left as the vendor's id (so it can still be passed back to that server's
   * API, and stays the same whether or not an instance is given), and so is `id`: DBackup
   * execution ids are random UUIDs and Cove device ids are global, so `id` is already unique
   * across servers and needs no instance part.
   */
  instance?: string;
}

/**
 * Normalizes one vendor record to a {@link BackupRun}.
 *
 * Pure: no I/O, no clock, deterministic, and it never mutates `input`. Extra fields are ignored;
 * absent data stays absent. See `normalizeCoveStatistics` and `normalizeDBackupExecution` for the
 * field mapping and the id rules of each source.
 *
 * @example
 * ```ts
 * const run = normalizeRun({ source: 'dbackup', execution: detail });
 * run.id; // 'dbackup:ad303b2a-…'
 * ```
 * @throws NormalizeError when the input cannot be read; its `field` names the offending field.
 */
export function normalizeRun(input: NormalizeInput, options: NormalizeOptions = {}): BackupRun {
  if (options === null || typeof options !== 'object')
    throw new NormalizeError('options', 'expected an object');
  const instance: unknown = options.instance;
  if (instance !== undefined && (typeof instance !== 'string' || instance.trim() === '')) {
    throw new NormalizeError('options.instance', 'expected a non-empty string');
  }
  const run = normalizeRecord(input, options);
  return instance === undefined ? run : orderRunKeys({ ...run, instance });
}

function normalizeRecord(input: NormalizeInput, options: NormalizeOptions): BackupRun {
  const value: unknown = input;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NormalizeError('input', 'expected an object like { source, statistics | execution }');
  }
  const record = value as Record<string, unknown>;
  const source = record.source;
  if (source === 'cove') {
    if ('statistics' in record) {
      return normalizeCoveStatistics(record.statistics, resolveStatusMap('cove', options.statusMap));
    }
    if ('session' in record) {
      return normalizeCoveSession(
        { session: record.session, device: record.device, errors: record.errors },
        resolveStatusMap('cove', options.statusMap),
      );
    }
    throw new NormalizeError('statistics', 'expected a Cove statistics row (or { session, device })');
  }
  if (source === 'dbackup') {
    if (!('execution' in record)) throw new NormalizeError('execution', 'expected a DBackup execution');
    return normalizeDBackupExecution(record.execution, resolveStatusMap('dbackup', options.statusMap));
  }
  throw new NormalizeError('source', 'expected "cove" or "dbackup"');
}
