/**
 * Session history and error texts: the storage-node reporting service (`repserv_json`) and, for
 * Microsoft 365 devices, the reporting API. Read them through `CoveClient.sessions()` and
 * `CoveClient.sessionErrors()`.
 *
 * @module
 */
export {
  CoveStorageNodeError,
  type CoveStorageNodeErrorDetails,
  type StorageNodeFailure,
} from './errors';
export { DEFAULT_SESSIONS_PAGE_SIZE } from './reader';
export {
  COVE_SESSION_DATA_SOURCES,
  type CoveDataSourceName,
  type CoveSession,
  type CoveSessionDataSource,
  type CoveSessionError,
  type CoveSessionErrorDetail,
  type CoveSessionService,
  type CoveSessionStatus,
  decodeDataSource,
  decodeReportingStatus,
  M365_DATA_SOURCES,
  type SessionErrorsOptions,
  type SessionsOptions,
} from './types';
