/**
 * Default vendor-status → {@link RunStatus} maps, and how `options.statusMap` overrides them.
 *
 * @module
 */
import { RUN_STATUSES, type RunSource, type RunStatus } from './backup-run';
import { NormalizeError } from './errors';

/** A vendor status map: vendor code or word → normalized status. */
export type StatusMap = Readonly<Record<string, RunStatus>>;

/**
 * Default Cove session-status map (column `F00` of a data source, `D09F00` for the device total).
 * Keys are the decimal codes. Any code not listed maps to `unknown`.
 *
 * | Code | Cove name | Status |
 * |---|---|---|
 * | 5 | Completed | success |
 * | 8 | CompletedWithErrors | warning |
 * | 11 | NoSelection | warning |
 * | 2, 6, 10 | Failed, Interrupted, OverQuota | failed |
 * | 3 | Aborted | cancelled |
 * | 7 | NotStarted | missed |
 * | 1, 9, 12 | InProcess, InProgressWithFaults, Restarted | running |
 */
export const DEFAULT_COVE_STATUS_MAP: StatusMap = Object.freeze({
  '1': 'running',
  '2': 'failed',
  '3': 'cancelled',
  '5': 'success',
  '6': 'failed',
  '7': 'missed',
  '8': 'warning',
  '9': 'running',
  '10': 'failed',
  '11': 'warning',
  '12': 'running',
});

/** Official Cove names of the session status codes, for status reasons and docs. */
export const COVE_STATUS_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '1': 'InProcess',
  '2': 'Failed',
  '3': 'Aborted',
  '5': 'Completed',
  '6': 'Interrupted',
  '7': 'NotStarted',
  '8': 'CompletedWithErrors',
  '9': 'InProgressWithFaults',
  '10': 'OverQuota',
  '11': 'NoSelection',
  '12': 'Restarted',
});

/**
 * Default DBackup execution-status map (case-sensitive, as DBackup writes them). Any other value
 * maps to `unknown`.
 */
export const DEFAULT_DBACKUP_STATUS_MAP: StatusMap = Object.freeze({
  Success: 'success',
  Partial: 'warning',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Running: 'running',
  Pending: 'pending',
});

/**
 * Per-source overrides of the default status maps. Entries are merged over the defaults, so
 * `{ cove: { '11': 'success' } }` changes only NoSelection. Cove keys are decimal codes.
 */
export interface StatusMapOverrides {
  /** Overrides for Cove session status codes (`'5'`, `'11'`, …). */
  cove?: Readonly<Record<string, RunStatus>>;
  /** Overrides for DBackup execution statuses (`'Partial'`, `'Cancelled'`, …). */
  dbackup?: Readonly<Record<string, RunStatus>>;
}

const DEFAULTS: Record<RunSource, StatusMap> = {
  cove: DEFAULT_COVE_STATUS_MAP,
  dbackup: DEFAULT_DBACKUP_STATUS_MAP,
};
const VALID = new Set<string>(RUN_STATUSES);

/**
 * The effective status map of `source`: the default map with `overrides[source]` merged over it.
 *
 * @throws NormalizeError when an override is not an object or maps to something that is not a
 *   {@link RunStatus}; `field` is e.g. `options.statusMap.cove.11`.
 */
export function resolveStatusMap(source: RunSource, overrides: StatusMapOverrides | undefined): StatusMap {
  const base = DEFAULTS[source];
  if (overrides === undefined || overrides === null) return base;
  if (typeof overrides !== 'object') throw new NormalizeError('options.statusMap', 'expected an object');
  const extra: unknown = overrides[source];
  if (extra === undefined) return base;
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
    throw new NormalizeError(`options.statusMap.${source}`, 'expected an object of vendor status → status');
  }
  const merged: Record<string, RunStatus> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (typeof value !== 'string' || !VALID.has(value)) {
      throw new NormalizeError(
        `options.statusMap.${source}.${key}`,
        `expected one of ${RUN_STATUSES.join(', ')}`,
      );
    }
    merged[key] = value as RunStatus;
  }
  return merged;
}

/** Looks `vendorStatus` up in `map`; own keys only, so `'toString'` maps to nothing. */
export function lookupStatus(map: StatusMap, vendorStatus: string): RunStatus | undefined {
  return Object.hasOwn(map, vendorStatus) ? map[vendorStatus] : undefined;
}
