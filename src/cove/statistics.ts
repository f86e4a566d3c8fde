/**
 * `EnumerateAccountStatistics` and `EnumerateAccountHistoryStatistics` with typed rows, and the
 * answer to "my API user gets error 13501": when Cove refuses a statistics call for security
 * reasons, the columns are probed ({@link ColumnProbeCache}) and the caller either gets a
 * {@link CoveSecurityError} naming the restricted columns (`onRestricted: 'error'`, the default) or
 * the rows for the allowed columns with the rest listed in `dropped` (`onRestricted: 'drop'`).
 *
 * @module
 */
import { ConfigError } from '../core/errors';
import {
  type ColumnCode,
  type ColumnNote,
  decodeSettings,
  type InvalidColumnValue,
  type RowValues,
} from './columns';
import type { CoveCallOptions, CoveConnection } from './connection';
import { COVE_ERROR_CODES, CoveSecurityError } from './errors';
import type { StatisticsResult } from './methods';
import { ColumnProbeCache, type ProbeResult } from './probe';
import { type AccountStatisticsQuery, type CheckedQuery, checkColumns, checkId, checkQuery } from './query';
import type { RawStatisticsRow } from './schemas/statistics';

/** What to do when some requested columns are restricted (13501). */
export type OnRestricted = 'error' | 'drop';

/** Options of the statistics calls. */
export interface StatisticsOptions extends CoveCallOptions {
  /**
   * `'error'` (default): throw a {@link CoveSecurityError} that lists the restricted columns.
   * `'drop'`: leave them out, return the rest, and list them in `dropped`.
   */
  onRestricted?: OnRestricted | undefined;
}

/** One device's statistics, decoded. */
export interface StatisticsRow<C extends readonly ColumnCode[] = readonly ColumnCode[]> {
  /** Device (account) id. */
  accountId: number;
  /** The partner (customer) that owns the device. */
  partnerId: number;
  /** Account flags, e.g. `AutoDeployed`. */
  flags: string[];
  /** Decoded values keyed as requested: `values.D09F00` is a session status, `values.I14` bytes. */
  values: RowValues<C>;
  /** Every value exactly as the server sent it, keyed like `values` (plus unrequested extras). */
  raw: Record<string, string>;
  /** Requested columns the server did not return for this row. Nothing is invented for them. */
  missing: C[number][];
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
  /** Rows the server returned (before any de-duplication by a pager). */
  serverRowCount: number;
}

/** Options of `probeColumns`. */
export interface ProbeOptions extends CoveCallOptions {
  /** Partner to probe (restrictions are cached per partner). */
  partnerId: number;
  /** Forget cached verdicts for this partner first. */
  refresh?: boolean | undefined;
}

type StatisticsMethod = 'EnumerateAccountStatistics' | 'EnumerateAccountHistoryStatistics';

/** Maps a raw row to a {@link StatisticsRow}, decoding only the columns that were sent. */
export function toStatisticsRow<C extends readonly ColumnCode[]>(
  row: RawStatisticsRow,
  columns: readonly string[],
): StatisticsRow<C> {
  const decoded = decodeSettings(row.Settings, columns);
  return {
    accountId: row.AccountId,
    partnerId: row.PartnerId,
    flags: row.Flags,
    values: decoded.values as RowValues<C>,
    raw: decoded.raw,
    missing: decoded.missing as C[number][],
    invalid: decoded.invalid,
    notes: decoded.notes,
  };
}

const list = (columns: readonly string[]) => columns.join(', ');

/** The statistics calls plus column probing, on top of a {@link CoveConnection}. */
export class StatisticsReader {
  readonly #connection: CoveConnection;
  readonly #probeCache = new ColumnProbeCache();

  constructor(connection: CoveConnection) {
    this.#connection = connection;
  }

  /** Sorts columns into allowed and restricted for a partner (see `probe.ts`). */
  async probeColumns(columns: readonly string[], options: ProbeOptions): Promise<ProbeResult> {
    const checked = checkColumns(columns, 'probeColumns');
    const partnerId = checkId(options?.partnerId, 'partnerId', 'probeColumns');
    if (options.refresh) this.#probeCache.clear(partnerId);
    return this.#probe(partnerId, checked, options);
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
    const checked = checkQuery(query, method);
    const mode = options.onRestricted ?? 'error';
    if (mode !== 'error' && mode !== 'drop') {
      throw new ConfigError(
        `${method}: \`onRestricted\` must be 'error' or 'drop'; got ${JSON.stringify(mode)}.`,
      );
    }
    const requested = checked.Columns;
    let columns = requested;
    let dropped: string[] = [];
    if (mode === 'drop') {
      dropped = this.#probeCache.knownRestricted(checked.PartnerId, requested);
      columns = requested.filter((column) => !dropped.includes(column));
      if (columns.length === 0) throw this.#allRestricted(method, checked, requested);
    }
    let result: StatisticsResult;
    try {
      result = await this.#send(method, checked, columns, options, extraParams);
    } catch (error) {
      if (!(error instanceof CoveSecurityError)) throw error;
      // The probe re-tests the whole set first: if it passes on its own, the refusal came from
      // something else (a restricted column in the filter, order or totals, or the partner scope).
      const probe = await this.#probe(checked.PartnerId, columns, options, error);
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
    return {
      rows: result.result.map((row) => toStatisticsRow<C>(row, columns)),
      dropped: requested.filter((column) => dropped.includes(column)) as C[number][],
      totalStatistics: result.totalStatistics,
      serverRowCount: result.result.length,
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

  #probe(
    partnerId: number,
    columns: readonly string[],
    options: CoveCallOptions,
    original?: CoveSecurityError,
  ): Promise<ProbeResult> {
    const query = (group: readonly string[]) =>
      this.#connection.callTyped(
        'EnumerateAccountStatistics',
        {
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
        if (error instanceof CoveSecurityError) return false;
        throw error;
      }
    };
    // A query without columns tells a column restriction apart from a refusal of the method or
    // the partner: only sent when no group has passed yet.
    const confirmColumnsMatter = async () => {
      try {
        await query([]);
      } catch (error) {
        if (error instanceof CoveSecurityError) {
          throw this.#notColumns(original ?? error, { PartnerId: partnerId }, columns);
        }
        throw error;
      }
    };
    return this.#probeCache.probe(partnerId, columns, test, { confirmColumnsMatter });
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
