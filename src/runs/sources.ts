/**
 * The minimal client surfaces the run feed needs. They are structural, so `collectRuns` works
 * with the SDK's `CoveClient` and `DBackupClient` (or any object with the same methods, such as a
 * test fake) without importing either class.
 *
 * @module
 */
import type { ColumnCode, RejectedRecord } from '../cove';
import type {
  CoveSession,
  CoveSessionError,
  SessionErrorsOptions,
  SessionsOptions,
} from '../cove/reporting/types';
import { COVE_RUN_COLUMNS } from '../normalize/cove';

/** The query the feed passes to {@link CoveStatisticsClient.iterateAccountStatistics}. */
export interface CoveStatisticsQuery {
  /** Partner whose devices (and sub-partners' devices) to read. */
  partnerId: number;
  /** Column codes to request, in any spelling Cove accepts. */
  columns: ColumnCode[];
  /** Rows per page. */
  pageSize?: number;
  /** Sort order, for stable pages (e.g. `'I1 ASC'`); omitted when not configured. */
  orderBy?: string;
}

/** Call options the feed passes to {@link CoveStatisticsClient.iterateAccountStatistics}. */
export interface CoveStatisticsCallOptions {
  /** Aborts the iteration. */
  signal?: AbortSignal;
  /**
   * What to do when a requested column is restricted (13501): the feed asks for `'drop'`, so a
   * restricted column is reported as missing on each row (and the affected runs get status
   * `unknown` with a reason) instead of failing the whole poll.
   */
  onRestricted?: 'error' | 'drop';
  /**
   * Called for each row Cove sent that the client could not read (and left out), so the feed can
   * report it; the other rows still arrive.
   */
  onRejected?: (row: RejectedRecord) => void;
}

/** What the feed needs from a Cove client: paged device statistics (and sessions, in sessions mode). */
export interface CoveStatisticsClient {
  /** Yields one statistics row per device (`{accountId, partnerId, raw, …}` or a raw API row). */
  iterateAccountStatistics(
    query: CoveStatisticsQuery,
    options?: CoveStatisticsCallOptions,
  ): AsyncIterable<unknown>;
  /** Sessions mode: a device's sessions, newest first (`CoveClient.sessions`). */
  sessions?(deviceId: number, options?: SessionsOptions): AsyncIterable<CoveSession>;
  /** Sessions mode: a session's errors (`CoveClient.sessionErrors`). */
  sessionErrors?(
    deviceId: number,
    sessionId: number,
    options?: SessionErrorsOptions,
  ): Promise<readonly CoveSessionError[]>;
}

/** Options the feed passes to DBackup client calls. */
export interface FeedCallOptions {
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** What the feed needs from a DBackup client: the history list, and optionally execution details. */
export interface DBackupRunsClient {
  /** `GET /api/history`: the newest 100 executions. */
  history: {
    /** Lists the newest executions. */
    list(options?: FeedCallOptions): Promise<{ executions: readonly unknown[] }>;
  };
  /**
   * `GET /api/executions/:id`: used for details when asked, and to follow up in-flight runs that
   * left the history list. Without it such runs are never delivered finished.
   */
  executions?: {
    /** Reads one execution (with size, error and optionally logs). */
    get(id: string, options?: FeedCallOptions & { includeLogs?: boolean }): Promise<unknown>;
  };
}

/** Default page size for Cove statistics. */
export const DEFAULT_COVE_PAGE_SIZE = 500;

/**
 * Columns the feed requests from Cove by default: every column `normalizeRun` reads (I1, I8, I18,
 * I78 and the D09 Total) plus the status column (`F00`) of the common data sources. D02/D03
 * (System State, MsSql) are left out because tenants have answered 13501 for them (legacy codes);
 * add them through `cove.columns` when your tenant allows them.
 */
export const DEFAULT_COVE_FEED_COLUMNS: readonly ColumnCode[] = Object.freeze([
  ...COVE_RUN_COLUMNS,
  ...([
    'D01F00',
    'D04F00',
    'D05F00',
    'D06F00',
    'D07F00',
    'D08F00',
    'D10F00',
    'D11F00',
    'D14F00',
    'D15F00',
    'D19F00',
    'D20F00',
    'D23F00',
  ] as const),
]);
