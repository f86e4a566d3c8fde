/**
 * Typed session and session-error records of Cove's storage-node reporting service
 * (`repserv_json`) and of the Microsoft 365 reporting service (`reporting_api`), the data-source
 * and status vocabularies they use, and the options of `CoveClient.sessions()` /
 * `CoveClient.sessionErrors()`.
 *
 * @module
 */

import { decodeSessionStatus, type SessionStatusName } from '../columns/status';
import type { CoveCallOptions } from '../connection';

/**
 * A data source as the reporting services name it, typed. `PluginId` arrives as a string
 * (`"FileSystem"`, `"VssSystemState"`), the M365 `DataSourceType` as `"Exchange"` and so on;
 * anything unlisted is `'unknown'` with the raw value kept in {@link CoveSessionDataSource.raw}.
 */
export type CoveDataSourceName =
  | 'files'
  | 'system-state'
  | 'mssql'
  | 'exchange'
  | 'network-shares'
  | 'vmware'
  | 'oracle'
  | 'hyper-v'
  | 'mysql'
  | 'm365-exchange'
  | 'm365-onedrive'
  | 'm365-sharepoint'
  | 'm365-teams'
  | 'unknown';

interface DataSourceSpec {
  /** D-code of the statistics columns. */
  readonly code: `D${string}`;
  /** `Plugin` id the repserv query language filters on; `null` for M365 sources. */
  readonly plugin: number | null;
  /** M365 `DataSourceType`, for M365 sources. */
  readonly m365?: string;
  /** Raw names the services send, lower-cased. */
  readonly aliases: readonly string[];
}

/** @internal */
export const DATA_SOURCE_SPECS: Readonly<Record<Exclude<CoveDataSourceName, 'unknown'>, DataSourceSpec>> = {
  files: { code: 'D01', plugin: 1, aliases: ['filesystem', 'files', 'filesandfolders'] },
  'system-state': { code: 'D02', plugin: 7, aliases: ['vsssystemstate', 'systemstate'] },
  mssql: { code: 'D10', plugin: 10, aliases: ['vssmssql', 'mssql'] },
  exchange: { code: 'D04', plugin: 4, aliases: ['vssexchange'] },
  'network-shares': { code: 'D06', plugin: 6, aliases: ['networkshares', 'networkshare'] },
  vmware: { code: 'D08', plugin: 8, aliases: ['vmware', 'vmwarevirtualmachines'] },
  oracle: { code: 'D12', plugin: 12, aliases: ['oracle'] },
  'hyper-v': { code: 'D14', plugin: 14, aliases: ['vsshyperv', 'hyperv'] },
  mysql: { code: 'D15', plugin: 15, aliases: ['mysql'] },
  'm365-exchange': { code: 'D19', plugin: null, m365: 'Exchange', aliases: ['exchange'] },
  'm365-onedrive': { code: 'D20', plugin: null, m365: 'OneDrive', aliases: ['onedrive'] },
  'm365-sharepoint': { code: 'D05', plugin: null, m365: 'SharePoint', aliases: ['sharepoint'] },
  'm365-teams': { code: 'D23', plugin: null, m365: 'Teams', aliases: ['teams'] },
};

/** Every typed data-source name except `'unknown'`. */
export const COVE_SESSION_DATA_SOURCES = Object.keys(DATA_SOURCE_SPECS) as Exclude<
  CoveDataSourceName,
  'unknown'
>[];

/** The M365 data sources, in the order their errors are fetched. */
export const M365_DATA_SOURCES = [
  'm365-exchange',
  'm365-onedrive',
  'm365-sharepoint',
  'm365-teams',
] as const satisfies readonly CoveDataSourceName[];

/** A session's data source: the raw value as sent, a typed name and the statistics D-code. */
export interface CoveSessionDataSource {
  /** The value exactly as the server sent it (`PluginId`, `Plugin` or `DataSourceType`). */
  raw: string;
  /** Typed name; `'unknown'` when the raw value is not listed. */
  name: CoveDataSourceName;
  /** The D-code of the matching statistics columns (`D01`, `D19`…), or `null` when unknown. */
  code: `D${string}` | null;
}

const PLUGIN_IDS = new Map<number, Exclude<CoveDataSourceName, 'unknown'>>([
  [1, 'files'],
  [4, 'exchange'],
  [5, 'm365-sharepoint'],
  [6, 'network-shares'],
  [7, 'system-state'],
  [18, 'system-state'],
  [8, 'vmware'],
  [10, 'mssql'],
  [12, 'oracle'],
  [14, 'hyper-v'],
  [15, 'mysql'],
  [19, 'm365-exchange'],
  [20, 'm365-onedrive'],
  [23, 'm365-teams'],
]);

/**
 * Reads a data source from a repserv `PluginId` (text or number) or an M365 `DataSourceType`.
 * `m365` decides whether `"Exchange"` means the M365 source or the VSS one.
 */
export function decodeDataSource(raw: unknown, m365 = false): CoveSessionDataSource {
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  let name: CoveDataSourceName = 'unknown';
  if (/^\d+$/.test(text)) name = PLUGIN_IDS.get(Number(text)) ?? 'unknown';
  else {
    const key = text.toLowerCase().replace(/[^a-z0-9]/g, '');
    const match = COVE_SESSION_DATA_SOURCES.filter((n) => DATA_SOURCE_SPECS[n].aliases.includes(key));
    name = match.find((n) => n.startsWith('m365-') === m365) ?? match[0] ?? 'unknown';
  }
  return { raw: text, name, code: name === 'unknown' ? null : DATA_SOURCE_SPECS[name].code };
}

/** A session's status: the text as sent, the Cove code and name, and whether it is still running. */
export interface CoveSessionStatus {
  /** The value exactly as sent (`"Completed"`, `"InProgress"`, `"InProcess"`…). */
  raw: string;
  /** The Cove status code (section 6 of the facts), or `null` when the text is not listed. */
  code: number | null;
  /** The official status name; `InProgress` and `InProcess` are both `'InProcess'`. */
  name: SessionStatusName;
  /** `true` while the session runs (`InProcess`, `InProgress`, `InProgressWithFaults`). */
  running: boolean;
}

/** Decodes a reporting-service status text (or code). Never throws. */
export function decodeReportingStatus(raw: unknown): CoveSessionStatus {
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  const alias = /^inprogress$/i.test(text) ? 'InProcess' : text;
  const decoded = decodeSessionStatus(alias);
  return {
    raw: text,
    code: decoded.code,
    name: decoded.name,
    running: decoded.name === 'InProcess' || decoded.name === 'InProgressWithFaults',
  };
}

/** Which service a session came from: the storage node (`repserv`) or the M365 reporting API. */
export type CoveSessionService = 'repserv' | 'm365';

/**
 * One backup session of one data source (Cove keeps one session per data source per backup
 * cycle). Times are Unix seconds; sizes bytes. Fields the server left out are `undefined`.
 */
export interface CoveSession {
  /** Session id (unique per device). */
  id: number;
  /** The device (account) id. */
  deviceId: number;
  /** Which service reported it. */
  service: CoveSessionService;
  /** The data source this session backed up. */
  dataSource: CoveSessionDataSource;
  /** Status text, code, name and whether it is running. */
  status: CoveSessionStatus;
  /** Start, Unix seconds, or `null` when absent. */
  startTime: number | null;
  /** End, Unix seconds; `null` while running (Cove sends `EndTime: 0`) or when absent. */
  endTime: number | null;
  /** `BackupStartTime` (repserv): the start of the backup cycle, Unix seconds. */
  backupStartTime: number | null;
  /** Errors the server counted. Unreliable: confirm with `sessionErrors()`. */
  errorsCount: number | undefined;
  /** Selected items. */
  selectedCount: number | undefined;
  /** Processed items. */
  processedCount: number | undefined;
  /** Changed items. */
  changedCount: number | undefined;
  /** Removed items (`RemovedFilesCount`). */
  removedCount: number | undefined;
  /** Selected bytes. */
  selectedSize: number | undefined;
  /** Processed bytes. */
  processedSize: number | undefined;
  /** Changed bytes. */
  changedSize: number | undefined;
  /** Bytes sent to storage. */
  sentSize: number | undefined;
  /** Flags, e.g. `["Synchronized", "Accelerated"]`. */
  flags: string[];
  /** Session type, e.g. `"BatchBackup"` (repserv) or `"Backup"` (M365). */
  type: string | undefined;
  /** Backup Manager build that ran the session. */
  buildVersion: string | undefined;
  /** The row exactly as the server sent it. */
  raw: Readonly<Record<string, unknown>>;
}

/** One individual occurrence inside an error group (`EnumerateSessionErrorsGroupDetails`). */
export interface CoveSessionErrorDetail {
  /** File or item path (`Filename`, or `Path` in the other documented shape). */
  fileName: string | null;
  /** Error text when the detail carries its own (`ErrorText`/`Text`). */
  text: string | null;
  /** Unix seconds, or `null`. */
  time: number | null;
  /** The row exactly as sent. */
  raw: Readonly<Record<string, unknown>>;
}

/** One error of a session. Repeats of the same code, text and file are counted in `count`. */
export interface CoveSessionError {
  /** Error (group) id, or `null` when absent. */
  id: number | null;
  /** The session it belongs to, or `null` when absent. */
  sessionId: number | null;
  /** Cove error code, or `null` (M365 errors have none). */
  code: number | null;
  /** The error text. */
  text: string;
  /** File or path the error is about, or `null`. */
  fileName: string | null;
  /** M365: the mailbox, user or site (`entity`/`Item`); `null` otherwise. */
  item: string | null;
  /** Unix seconds, or `null`. */
  time: number | null;
  /** How often it occurred (repeats merged); at least 1. */
  count: number;
  /** M365: the data source the error was reported for. */
  dataSource?: CoveSessionDataSource | undefined;
  /** The individual occurrences, when `details: true` was asked (repserv only). */
  details?: CoveSessionErrorDetail[] | undefined;
  /** The row exactly as sent. */
  raw: Readonly<Record<string, unknown>>;
}

/** Options of `CoveClient.sessions()`. */
export interface SessionsOptions extends CoveCallOptions {
  /** Only sessions that started at or after this time (`Date` or Unix seconds). */
  since?: Date | number | undefined;
  /** Only sessions that started before this time (`Date` or Unix seconds). */
  until?: Date | number | undefined;
  /** Only these data sources. Filtered on the server. */
  dataSources?: readonly CoveDataSourceName[] | undefined;
  /**
   * Only these statuses (names as in `SESSION_STATUS_NAMES`, e.g. `'Failed'`,
   * `'CompletedWithErrors'`). Filtered on the server for storage-node devices, on the client for
   * M365 devices (their service has no status filter).
   */
  statuses?: readonly SessionStatusName[] | undefined;
  /** Sessions per request (`range.Size`), 1–500. Default 100. */
  pageSize?: number | undefined;
  /**
   * How many times a page after the first that failed with a transient
   * error (no answer, HTTP 408/429/5xx, an answer that is not JSON-RPC) is requested again from
   * the same offset before the walk throws, on top of each request's own retries. The first page
   * is never requested again, so a node that is down is reported at once. `0` turns resuming off.
   * Default 4 (`DEFAULT_PAGE_RETRIES`).
   */
  pageRetries?: number | undefined;
  /**
   * Whether the device is a Microsoft 365 tenant (statistics column `I59` = 2). When omitted the
   * client looks it up once per device (one statistics call, cached).
   */
  m365?: boolean | undefined;
}

/** Options of `CoveClient.sessionErrors()`. */
export interface SessionErrorsOptions extends CoveCallOptions {
  /**
   * Also fetch each error group's individual occurrences (`EnumerateSessionErrorsGroupDetails`,
   * one call per error). Storage-node devices only. Default `false`.
   */
  details?: boolean | undefined;
  /**
   * M365 devices: the data sources to read errors for (one call each, because the service
   * requires one). Default: all four M365 data sources.
   */
  dataSources?: readonly CoveDataSourceName[] | undefined;
  /** As in {@link SessionsOptions.m365}. */
  m365?: boolean | undefined;
}
