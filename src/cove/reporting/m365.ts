/**
 * Microsoft 365 devices: `EnumerateSessions` and `EnumerateSessionErrors` on the reporting
 * service (`…/reporting_api`, the visa as `Authorization: Bearer`, the device token as
 * `accountToken`). The service has no status filter, so statuses are filtered here; its errors
 * need a `dataSourceType`, so they are read once per data source and de-duplicated by
 * description + item + path.
 *
 * @module
 */
import type { CoveCallOptions } from '../connection';
import type { DeviceEndpoint } from './locate';
import {
  dedupeM365Errors,
  type readErrorRows,
  type readSessionRows,
  toM365Error,
  toSession,
} from './records';
import type { PageResume, SessionQuery } from './repserv';
import {
  type CoveDataSourceName,
  type CoveSession,
  type CoveSessionError,
  DATA_SOURCE_SPECS,
  decodeDataSource,
  M365_DATA_SOURCES,
} from './types';

/** Sends one call to the reporting service. @internal */
export type ReportingCall = (
  method: string,
  params: Record<string, unknown>,
  options: CoveCallOptions,
) => Promise<Record<string, unknown>>;

function m365Types(names: readonly CoveDataSourceName[] | undefined): string[] {
  const list = names ?? M365_DATA_SOURCES;
  return [
    ...new Set(
      list
        .map((name) => (name === 'unknown' ? undefined : DATA_SOURCE_SPECS[name].m365))
        .filter((t): t is string => t !== undefined),
    ),
  ];
}

/**
 * Every matching session, newest first. The service's order is not documented, so the matching
 * sessions are read in full (bounded by `since`/`until`) and sorted by start time.
 */
export async function m365Sessions(
  call: ReportingCall,
  endpoint: DeviceEndpoint,
  query: SessionQuery,
  options: CoveCallOptions,
  read: (result: unknown) => ReturnType<typeof readSessionRows>,
  resume: PageResume = (readPage) => readPage(),
): Promise<CoveSession[]> {
  const filter: Record<string, unknown> = { SessionTypes: ['Backup'] };
  if (query.dataSources !== undefined) {
    const types = m365Types(query.dataSources);
    if (types.length === 0) return [];
    filter.DataSources = types;
  }
  if (query.since !== undefined) filter.CreatedAfter = query.since;
  if (query.until !== undefined) filter.CreatedBefore = query.until;
  const sessions = new Map<number, CoveSession>();
  for (let offset = 0; ; offset += query.pageSize) {
    const readPage = () =>
      call(
        'EnumerateSessions',
        { accountToken: endpoint.token, range: { Offset: offset, Size: query.pageSize }, filter },
        options,
      );
    // A later page that failed transiently is requested again; the first fails at once.
    const result = await (offset === 0 ? readPage() : resume(readPage));
    const rows = read(result);
    for (const row of rows) {
      const session = toSession(row, endpoint.deviceId, 'm365');
      if (query.statusCodes !== undefined && !query.statusCodes.includes(session.status.code ?? -1)) continue;
      sessions.set(session.id, session);
    }
    if (rows.length < query.pageSize) break;
  }
  return [...sessions.values()].sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0) || b.id - a.id);
}

const ERROR_PAGE = 500;

/** Errors of one M365 session: one paged call per data source, then de-duplicated. */
export async function m365Errors(
  call: ReportingCall,
  endpoint: DeviceEndpoint,
  sessionId: number,
  dataSources: readonly CoveDataSourceName[] | undefined,
  options: CoveCallOptions,
  read: (result: unknown, method: string) => ReturnType<typeof readErrorRows>,
): Promise<CoveSessionError[]> {
  const errors: CoveSessionError[] = [];
  for (const type of m365Types(dataSources)) {
    const dataSource = decodeDataSource(type, true);
    for (let offset = 0; ; offset += ERROR_PAGE) {
      const result = await call(
        'EnumerateSessionErrors',
        {
          accountToken: endpoint.token,
          dataSourceType: type,
          filter: { SessionId: sessionId, SessionType: 'Backup' },
          range: { Offset: offset, Size: ERROR_PAGE },
        },
        options,
      );
      const rows = read(result, 'EnumerateSessionErrors');
      errors.push(...rows.map((row) => toM365Error(row, sessionId, dataSource)));
      if (rows.length < ERROR_PAGE) break;
    }
  }
  return dedupeM365Errors(errors);
}
