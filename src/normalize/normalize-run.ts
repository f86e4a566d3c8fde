/**
 * `normalizeRun`: one entry point from any supported vendor record to a {@link BackupRun}.
 *
 * @module
 */
import type { BackupRun } from './backup-run';
import { type CoveStatisticsInput, normalizeCoveStatistics } from './cove';
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
 * Reserved: a Cove Reporting-Service session plus its device, for one run per session. The
 * shapes are placeholders until the issue that adds session support defines them.
 *
 * @experimental `normalizeRun` throws a {@link NormalizeError} (`field: 'session'`) for this kind
 *   until session support lands.
 */
export interface CoveSessionRunInput {
  /** Discriminator. */
  source: 'cove';
  /** A session record (QuerySessions / EnumerateSessions). */
  session: Readonly<Record<string, unknown>>;
  /** The device the session belongs to. */
  device: Readonly<Record<string, unknown>>;
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
  const value: unknown = input;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NormalizeError('input', 'expected an object like { source, statistics | execution }');
  }
  if (options === null || typeof options !== 'object')
    throw new NormalizeError('options', 'expected an object');
  const record = value as Record<string, unknown>;
  const source = record.source;
  if (source === 'cove') {
    if ('statistics' in record) {
      return normalizeCoveStatistics(record.statistics, resolveStatusMap('cove', options.statusMap));
    }
    if ('session' in record) {
      throw new NormalizeError(
        'session',
        'Cove session input is not supported yet; pass { source, statistics }',
      );
    }
    throw new NormalizeError('statistics', 'expected a Cove statistics row');
  }
  if (source === 'dbackup') {
    if (!('execution' in record)) throw new NormalizeError('execution', 'expected a DBackup execution');
    return normalizeDBackupExecution(record.execution, resolveStatusMap('dbackup', options.statusMap));
  }
  throw new NormalizeError('source', 'expected "cove" or "dbackup"');
}
