/**
 * The Cove Data Protection (N-able Backup) client: {@link CoveClient} with visa chaining and
 * single-flight re-login, typed JSON-RPC methods, paged statistics with decoded columns, and
 * {@link CoveClient.probeColumns} for the 13501 allow-list problem.
 *
 * ## "My API user gets error 13501"
 * Cove refuses the **whole** `EnumerateAccountStatistics` call when a single requested column is
 * not on the API user's allow-list, and does not say which column. The client finds out for you:
 * - by default, `enumerateAccountStatistics` throws a {@link CoveSecurityError} whose
 *   `restrictedColumns` names the culprits (ask the Cove admin to grant them);
 * - with `{ onRestricted: 'drop' }` it returns the other columns and lists the rest in `dropped`
 *   (and on every row in `row.dropped` and `row.missing`);
 * - `probeColumns(columns, { partnerId })` returns `{ allowed, restricted }` directly.
 * If no column is to blame, the error says so: the partner is outside the user's scope or the
 * role does not allow the method.
 *
 * @example
 * import { CoveClient } from '@backupchecks/sdk/cove';
 * const cove = new CoveClient({ partner: 'Acme (admin@acme.com)', username, password });
 * const { partnerId } = await cove.login();
 * const { rows, dropped } = await cove.enumerateAccountStatistics(
 *   { partnerId, columns: ['I1', 'D09F00', 'D09F09'] },
 *   { onRestricted: 'drop' },
 * );
 *
 * @module @backupchecks/sdk/cove
 */

export {
  type AccessScope,
  type AccessStatus,
  type CheckAccessOptions,
  COVE_MONITORING_COLUMNS,
  type ColumnsAccess,
  type CoveAccessReport,
  type LoginAccess,
  type PartnersAccess,
  type SessionAccess,
} from './access';
export {
  type AccountDetails,
  type AccountHistoryStatisticsQuery,
  type AccountOptions,
  CoveClient,
  type CoveClientOptions,
  DEFAULT_COVE_ENDPOINT,
  DEFAULT_COVE_REPORTING_ENDPOINT,
  type EnumeratePartnersOptions,
} from './client';
export * from './columns';
export type { CoveCallOptions, LoginResult } from './connection';
export {
  COVE_ERROR_CODES,
  CoveAuthError,
  CoveError,
  type CoveErrorDetails,
  CoveHttpError,
  CoveMalformedResponseError,
  CoveRpcError,
  type CoveSecurityDetails,
  CoveSecurityError,
  CoveVisaError,
} from './errors';
export {
  type AccountStatisticsQueryParams,
  type CoveMethodName,
  type CoveMethodResult,
  type CoveMethods,
  type CoveParams,
  type CoveResult,
  isReadMethod,
  METHOD_RESULT_SCHEMAS,
  type SelectionMode,
  type StatisticsResult,
} from './methods';
export { DEFAULT_PAGE_RETRIES } from './page-resume';
export type { IterateAccountStatisticsQuery } from './paging';
export {
  DEFAULT_PROBE_CACHE_TTL_MS,
  type FindRestrictedOptions,
  findRestricted,
  type GroupTest,
  type ProbeResult,
} from './probe';
export { type AccountStatisticsQuery, DEFAULT_RECORDS_COUNT } from './query';
export * from './reporting';
export {
  type AccountInfo,
  AccountInfoSchema,
  type AccountInfoWithSecrets,
  type AccountType,
  type StorageNodeInfo,
  StorageNodeInfoSchema,
  stripAccountSecrets,
} from './schemas/account-info';
export {
  type ColumnDescriptor,
  ColumnDescriptorSchema,
  type ServerInfo,
  ServerInfoSchema,
} from './schemas/misc';
export {
  type CompanyInfo,
  type PartnerInfo,
  PartnerInfoSchema,
  type PartnerLevel,
  type PartnerState,
  type PostAddress,
  type ServiceType,
} from './schemas/partner-info';
export { type RecordList, type RejectedRecord, recordList } from './schemas/records';
export { type RawStatisticsRow, RawStatisticsRowSchema, TotalStatisticsSchema } from './schemas/statistics';
export { type UserInfo, UserInfoSchema } from './schemas/user-info';
export { DEFAULT_REFRESH_AFTER_MS, VISA_IDLE_LIFETIME_MS } from './session';
export {
  type AccountStatisticsResult,
  type OnRestricted,
  type ProbeOptions,
  type StatisticsOptions,
  type StatisticsRow,
  toStatisticsRow,
} from './statistics';
