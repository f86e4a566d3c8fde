/**
 * The storage-node reporting service (`https://<node>/repserv_json`): `QuerySessions` paged with
 * `range` and filtered on the server with `query`, `QueryErrors`, and
 * `EnumerateSessionErrorsGroupDetails`. The device name and token travel in `params`.
 *
 * @module
 */
import type { CoveCallOptions, ServiceTarget } from '../connection';
import type { DeviceEndpoint } from './locate';
import {
  type readErrorRows,
  type readSessionRows,
  toErrorDetail,
  toRepservError,
  toSession,
} from './records';
import { type CoveDataSourceName, type CoveSession, type CoveSessionError, DATA_SOURCE_SPECS } from './types';

/** Sends one call to a node. @internal */
export type NodeCall = (
  target: Omit<ServiceTarget, 'auth'>,
  method: string,
  params: Record<string, unknown>,
  options: CoveCallOptions,
) => Promise<Record<string, unknown>>;

/** Reads a page again after a transient failure (see `readResuming`). @internal */
export type PageResume = <T>(readPage: () => Promise<T>) => Promise<T>;

/** A resolved session query (times in Unix seconds, status codes). @internal */
export interface SessionQuery {
  since: number | undefined;
  until: number | undefined;
  dataSources: readonly CoveDataSourceName[] | undefined;
  statusCodes: readonly number[] | undefined;
  pageSize: number;
}

/** Builds the repserv `query` expression; `0 != 1` keeps it valid when nothing else is asked. */
export function repservQuery(query: SessionQuery): string {
  const clauses = ['0 != 1'];
  if (query.since !== undefined) clauses.push(`BackupStartTime >= ${query.since}`);
  if (query.until !== undefined) clauses.push(`BackupStartTime < ${query.until}`);
  const plugins = [
    ...new Set(
      (query.dataSources ?? [])
        .map((name) => (name === 'unknown' ? null : DATA_SOURCE_SPECS[name].plugin))
        .filter((p): p is number => p !== null),
    ),
  ];
  if (query.dataSources !== undefined) {
    clauses.push(plugins.length === 0 ? '0 == 1' : `(${plugins.map((p) => `Plugin == ${p}`).join(' or ')})`);
  }
  if (query.statusCodes !== undefined) {
    clauses.push(
      query.statusCodes.length === 0
        ? '0 == 1'
        : `(${query.statusCodes.map((s) => `Status == ${s}`).join(' or ')})`,
    );
  }
  return clauses.join(' and ');
}

function auth(endpoint: DeviceEndpoint): Record<string, unknown> {
  return { accountId: endpoint.deviceId, account: endpoint.name, token: endpoint.token };
}

/**
 * Every matching session, newest first (`orderBy: 'BackupStartTime DESC'`, the form public
 * clients send; a compound order is not known to be accepted), one page in memory. A session seen on two pages (new sessions shift the offsets) is yielded once.
 * Every page after the first is read through `resume`, which requests a page that failed
 * transiently again; the first page fails at once, so a node that is down is reported without
 * waiting.
 */
export async function* repservSessions(
  call: NodeCall,
  target: Omit<ServiceTarget, 'auth'>,
  endpoint: DeviceEndpoint,
  query: SessionQuery,
  options: CoveCallOptions,
  read: (result: unknown) => ReturnType<typeof readSessionRows>,
  resume: PageResume = (readPage) => readPage(),
): AsyncGenerator<CoveSession> {
  const seen = new Set<number>();
  const expression = repservQuery(query);
  for (let offset = 0; ; offset += query.pageSize) {
    const readPage = () =>
      call(
        target,
        'QuerySessions',
        {
          ...auth(endpoint),
          query: expression,
          orderBy: 'BackupStartTime DESC',
          range: { Offset: offset, Size: query.pageSize },
        },
        options,
      );
    const result = await (offset === 0 ? readPage() : resume(readPage));
    const rows = read(result);
    for (const row of rows) {
      const session = toSession(row, endpoint.deviceId, 'repserv');
      if (seen.has(session.id)) continue;
      seen.add(session.id);
      yield session;
    }
    if (rows.length < query.pageSize) return;
  }
}

/** Errors of one session, with each group's occurrences when `details` is set. */
export async function repservErrors(
  call: NodeCall,
  target: Omit<ServiceTarget, 'auth'>,
  endpoint: DeviceEndpoint,
  sessionId: number,
  details: boolean,
  options: CoveCallOptions,
  read: (result: unknown, method: string) => ReturnType<typeof readErrorRows>,
): Promise<CoveSessionError[]> {
  const params = { ...auth(endpoint), sessionId, query: `SessionId == ${sessionId}`, orderBy: 'Time DESC' };
  const result = await call(target, 'QueryErrors', { ...params, groupId: 0 }, options);
  const errors = read(result, 'QueryErrors').map(toRepservError);
  if (!details) return errors;
  for (const error of errors) {
    if (error.id === null) continue;
    const group = await call(
      target,
      'EnumerateSessionErrorsGroupDetails',
      { ...params, groupId: error.id },
      options,
    );
    error.details = read(group, 'EnumerateSessionErrorsGroupDetails').map(toErrorDetail);
  }
  return errors;
}
