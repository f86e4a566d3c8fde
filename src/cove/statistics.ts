/**
 * `EnumerateAccountStatistics` and `EnumerateAccountHistoryStatistics` with typed rows, and the
 * answer to "my API user gets error 13501": when Cove refuses a statistics call for security
 * reasons, the columns are probed ({@link ColumnProbeCache}) and the caller either gets a
 * {@link CoveSecurityError} naming the restricted columns (`onRestricted: 'error'`, the default) or
 * the rows for the allowed columns with the rest listed in `dropped` (`onRestricted: 'drop'`).
 *
 * Only a 13501 from the statistics method itself starts a probe (a 13501 from the lazy Login is
 * rethrown as is). The probe uses the refused method with its parameters (a history call is probed
 * with `EnumerateAccountHistoryStatistics` and its `timeslice`), and verdicts are cached per
 * (method, partner); see `probe.ts` for how they expire and are invalidated.
 *
 * @module
 */
import { checkCallOptions, describeArgument } from '../core/arguments';
import { ConfigError } from '../core/errors';
import type { ColumnCode, ColumnNote, InvalidColumnValue, RowValues } from './columns';
import type { CoveCallOptions, CoveConnection } from './connection';
import { COVE_ERROR_CODES, CoveSecurityError } from './errors';
import { lazyStatisticsRow } from './lazy-values';
import type { StatisticsResult } from './methods';
import { ColumnProbeCache, type ProbeResult, type ProbeScope } from './probe';
import { type AccountStatisticsQuery, type CheckedQuery, checkColumns, checkId, checkQuery } from './query';
import type { RejectedRecord } from './schemas/records';
import type { RawStatisticsRow } from './schemas/statistics';

/** What to do when some requested columns are restricted (13501). */
export type OnRestricted = 'error' | 'drop';

/** Options of the statistics calls. */
export interface StatisticsOptions extends CoveCallOptions {
  /**
   * `'error'` (default): throw a {@link CoveSecurityError} that lists the restricted columns.
   * `'drop'`: leave them out and return the rest. The left-out columns are listed in the result's
   * `dropped` and, on every row, in `row.dropped` and `row.missing` (so paged rows carry them too).
   */
  onRestricted?: OnRestricted | undefined;
  /**
   * Called once for each row Cove sent that could not be read (e.g. `AccountId: null`, or
   * `Settings` that is not an array). The row is left out and every other row is returned; the
   * result's `rejected` lists the same rows. Use it with `iterateAccountStatistics`, whose rows
   * carry no page result.
   */
  onRejected?: ((row: RejectedRecord) => void) | undefined;
}

/** One device's statistics, decoded. */
export interface StatisticsRow<C extends readonly ColumnCode[] = readonly ColumnCode[]> {
  /** Device (account) id. */
  accountId: number;
  /** The partner (customer) that owns the device; `null` when the row did not say. */
  partnerId: number | null;
  /** Account flags, e.g. `AutoDeployed`. */
  flags: string[];
  /** Decoded values keyed as requested: `values.D09F00` is a session status, `values.I14` bytes. */
  values: RowValues<C>;
  /** Every value exactly as the server sent it, keyed like `values` (plus unrequested extras). */
  raw: Record<string, string>;
  /**
   * Requested columns the server did not return for this row, including any left out of the call
   * because they are restricted (`dropped`). Nothing is invented for them.
   */
  missing: C[number][];
  /**
   * Requested columns left out of the call because the API user may not read them
   * (`onRestricted: 'drop'`); each is also in `missing`. Empty when nothing was dropped.
   */
  dropped: C[number][];
  /** Values that failed to decode (their raw text is in `raw`). */
  invalid: InvalidColumnValue[];
  /** Decoder remarks that did not stop decoding. */
  notes: ColumnNote[];
}

/** The result of one statistics call. */
export interface AccountStatisticsResult<C extends readonly ColumnCode[] = readonly ColumnCode[]> {
  /** The rows, in server order. */
  rows: StatisticsRow<C>[];
  /** Requested columns left out because they are restricted (only with `onRestricted: 'drop'`). */
  dropped: C[number][];
  /** Totals, `{ expression: value }`, or `null` when no `totals` were requested. */
  totalStatistics: Record<string, string> | null;
  /** Rows the server returned (before any de-duplication by a pager), rejected ones included. */
  serverRowCount: number;
  /**
   * Rows left out because they could not be read; `index` is the row's record number in the whole
   * result set (`startRecordNumber` + its position on the page). Empty when every row was good.
   */
  rejected: RejectedRecord[];
}

/** Options of `probeColumns`. */
export interface ProbeOptions extends CoveCallOptions {
  /** Partner to probe (verdicts are cached per partner and method for `probeCacheTtlMs`). */
  partnerId: number;
  /** Forget this partner's cached verdicts (for every statistics method) first. */
  refresh?: boolean | undefined;
}

type StatisticsMethod = 'EnumerateAccountStatistics' | 'EnumerateAccountHistoryStatistics';

/** A probe scope whose method is a statistics method. */
type StatisticsScope = ProbeScope & { method: StatisticsMethod };

/**
 * Maps a raw row to a {@link StatisticsRow}. `columns` are the requested columns (a requested
 * column the row lacks is listed in `missing`); `dropped` are those left out of the call as
 * restricted.
 *
 * Nothing is read from `row.Settings` until it is needed: `raw` and `missing` are filled the first
 * time one of them (or a decoded property) is read, and `values`, `invalid` and `notes` are decoded
 * (with `decodeSettings`, so exactly as it would) the first time one of those is read. Then the row
 * lets go of `Settings`. Until then the row reads the array it was given, so do not change it.
 * The five behave as plain properties: `JSON.stringify`, spreading, deep equality and `console.log`
 * show them read and decoded.
 */
export function toStatisticsRow<C extends readonly ColumnCode[]>(
  row: RawStatisticsRow,
  columns: readonly string[],
  dropped: readonly string[] = [],
): StatisticsRow<C> {
  return lazyStatisticsRow(
    { accountId: row.AccountId, partnerId: row.PartnerId, flags: row.Flags, dropped: [...dropped] },
    row.Settings,
    columns,
  );
}

const list = (columns: readonly string[]) => columns.join(', ');

/** Options of {@link StatisticsReader}. */
export interface StatisticsReaderOptions {
  /** Current time in milliseconds, for the probe cache's expiry. Default `Date.now`. */
  now?: () => number;
  /** How long a column verdict is trusted. Default 15 minutes (`DEFAULT_PROBE_CACHE_TTL_MS`). */
  probeCacheTtlMs?: number;
}

/** The statistics calls plus column probing, on top of a {@link CoveConnection}. */
export class StatisticsReader {
  readonly #connection: CoveConnection;
  readonly #probeCache: ColumnProbeCache;

  constructor(connection: CoveConnection, options: StatisticsReaderOptions = {}) {
    this.#connection = connection;
    this.#probeCache = new ColumnProbeCache({
      ...(options.now ? { now: options.now } : {}),
      ...(options.probeCacheTtlMs !== undefined ? { ttlMs: options.probeCacheTtlMs } : {}),
    });
  }

  /**
   * Sorts columns into allowed and restricted for a partner with `EnumerateAccountStatistics`
   * queries (see `probe.ts`).
   */
  async probeColumns(columns: readonly string[], options: ProbeOptions): Promise<ProbeResult> {
    checkCallOptions(options, 'probeColumns');
    const checked = checkColumns(columns, 'probeColumns');
    const partnerId = checkId(options?.partnerId, 'partnerId', 'probeColumns');
    if (options.refresh) this.#probeCache.clear(partnerId);
    return this.#probe({ method: 'EnumerateAccountStatistics', partnerId }, checked, options, {});
  }

  /**
   * One statistics call with typed rows. On 13501 the columns are probed and the call either fails
   * with the restricted columns named or is repeated without them (`onRestricted: 'drop'`).
   */
  async enumerate<const C extends readonly ColumnCode[]>(
    method: StatisticsMethod,
    query: AccountStatisticsQuery<C>,
    options: StatisticsOptions = {},
    extraParams: Record<string, unknown> = {},
  ): Promise<AccountStatisticsResult<C>> {
    options = checkCallOptions(options, method);
    const checked = checkQuery(query, method);
    const mode = options.onRestricted ?? 'error';
    if (mode !== 'error' && mode !== 'drop') {
      throw new ConfigError(
        `${method}: \`onRestricted\` must be 'error' or 'drop'; got ${describeArgument(mode)}.`,
      );
    }
    const requested = checked.Columns;
    const scope: StatisticsScope = { method, partnerId: checked.PartnerId };
    let columns = requested;
    let dropped: string[] = [];
    if (mode === 'drop') {
      // Unexpired "restricted" verdicts; an expired one is requested again (and re-probed if refused).
      dropped = this.#probeCache.knownRestricted(scope, requested);
      columns = requested.filter((column) => !dropped.includes(column));
      if (columns.length === 0) throw this.#allRestricted(method, checked, requested);
    }
    let result: StatisticsResult;
    try {
      result = await this.#send(method, checked, columns, options, extraParams);
    } catch (error) {
      // Only a refusal of the statistics call itself is about columns: a 13501 from the lazy Login
      // (or anything else) is rethrown without probing.
      if (!(error instanceof CoveSecurityError) || error.method !== method) throw error;
      // A fresh refusal makes the cached verdicts of the columns sent stale (a column may have
      // been restricted since): forget them so the probe tests them again.
      this.#probeCache.invalidate(scope, columns);
      // The probe re-tests the whole set first: if it passes on its own, the refusal came from
      // something else (a restricted column in the filter, order or totals, or the partner scope).
      const probe = await this.#probe(scope, columns, options, extraParams, error);
      if (probe.restricted.length === 0) throw this.#notColumns(error, checked, requested);
      if (mode === 'error') {
        const restricted = [...dropped, ...probe.restricted];
        throw new CoveSecurityError(
          `Cove refused ${method} (13501) because the API user may not read ${restricted.length} of the ` +
            `${requested.length} requested column(s): ${list(restricted)}. Ask the Cove admin to grant these ` +
            "columns to the API user's role, or pass { onRestricted: 'drop' } to get the other columns and a " +
            '`dropped` list.',
          { ...errorBase(error), restrictedColumns: restricted, requestedColumns: requested },
          { cause: error },
        );
      }
      dropped = [...dropped, ...probe.restricted];
      columns = probe.allowed;
      if (columns.length === 0) throw this.#allRestricted(method, checked, requested, error);
      result = await this.#send(method, checked, columns, options, extraParams);
    }
    const droppedInOrder = requested.filter((column) => dropped.includes(column)) as C[number][];
    const start = checked.StartRecordNumber ?? 0;
    const rejected = result.result.rejected.map((row) => ({ ...row, index: start + row.index }));
    for (const row of rejected) options.onRejected?.(row);
    return {
      // Decoded against every requested column, so dropped ones are listed in `missing` too.
      rows: result.result.map((row) => toStatisticsRow<C>(row, requested, droppedInOrder)),
      dropped: droppedInOrder,
      totalStatistics: result.totalStatistics,
      serverRowCount: result.result.length + rejected.length,
      rejected,
    };
  }

  #send(
    method: StatisticsMethod,
    query: CheckedQuery,
    columns: string[],
    options: CoveCallOptions,
    extraParams: Record<string, unknown>,
  ): Promise<StatisticsResult> {
    const params = { ...extraParams, query: { ...query, Columns: columns } };
    return this.#connection.callTyped(method, params, options);
  }

  /**
   * Probes `columns` with the scope's method and `extraParams` (e.g. a history call's `timeslice`),
   * one row per query. Only a 13501 from that method counts as "restricted".
   */
  #probe(
    scope: StatisticsScope,
    columns: readonly string[],
    options: CoveCallOptions,
    extraParams: Record<string, unknown>,
    original?: CoveSecurityError,
  ): Promise<ProbeResult> {
    const { method, partnerId } = scope;
    const refusedHere = (error: unknown): error is CoveSecurityError =>
      error instanceof CoveSecurityError && error.method === method;
    const query = (group: readonly string[]) =>
      this.#connection.callTyped(
        method,
        {
          ...extraParams,
          query: {
            PartnerId: partnerId,
            Columns: [...group],
            Filter: '',
            SelectionMode: 'Merged',
            OrderBy: '',
            StartRecordNumber: 0,
            RecordsCount: 1,
          },
        },
        options,
      );
    const test = async (group: readonly string[]) => {
      try {
        await query(group);
        return true;
      } catch (error) {
        if (refusedHere(error)) return false;
        throw error;
      }
    };
    // A query without columns tells a column restriction apart from a refusal of the method or
    // the partner: only sent when no group has passed yet.
    const confirmColumnsMatter = async () => {
      try {
        await query([]);
      } catch (error) {
        if (refusedHere(error)) {
          throw this.#notColumns(original ?? error, { PartnerId: partnerId }, columns);
        }
        throw error;
      }
    };
    return this.#probeCache.probe(scope, columns, test, { confirmColumnsMatter });
  }

  #notColumns(error: CoveSecurityError, query: { PartnerId: number }, requested: readonly string[]) {
    return new CoveSecurityError(
      `Cove refused the statistics call for partner ${query.PartnerId} for security reasons (13501), but ` +
        'no requested column is restricted: the same columns pass on their own, or a query with no columns ' +
        'is refused too. Check columns used in `filter`, `orderBy` or `totals`, that the partner is the API ' +
        "user's Login partner or one of its descendants, and that the user's role allows statistics calls.",
      { ...errorBase(error), restrictedColumns: [], requestedColumns: requested },
      { cause: error },
    );
  }

  #allRestricted(
    method: string,
    query: CheckedQuery,
    requested: readonly string[],
    cause?: CoveSecurityError,
  ) {
    return new CoveSecurityError(
      `Every requested column is restricted for partner ${query.PartnerId} (${list(requested)}), so ${method} ` +
        "has nothing left to return with { onRestricted: 'drop' }. Ask the Cove admin to grant the columns to " +
        "the API user's role.",
      {
        ...(cause ? errorBase(cause) : { method, code: COVE_ERROR_CODES.security }),
        restrictedColumns: requested,
        requestedColumns: requested,
      },
      cause ? { cause } : {},
    );
  }
}

function errorBase(error: CoveSecurityError) {
  return {
    method: error.method,
    code: error.code,
    data: error.data,
    rpcCode: error.rpcCode,
    serverMessage: error.serverMessage,
  };
}
