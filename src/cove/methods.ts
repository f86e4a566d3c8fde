/**
 * The typed method map, in the style of viem's EIP-1193 types: method name → params and result.
 * `CoveClient.call('GetPartnerInfoById', { partnerId })` is typed from it and its result is
 * validated at runtime by {@link METHOD_RESULT_SCHEMAS}. Names outside the map still work through
 * the untyped overload.
 *
 * A result here is Cove's outer `result` object: the return value is in `result.result`, and OUT
 * parameters (`totalStatistics`, `homeNodeInfo`, …) sit beside it.
 *
 * @module
 */
import * as z from 'zod';
import {
  AccountInfoSchema,
  type AccountInfoWithSecrets,
  type StorageNodeInfo,
  StorageNodeInfoSchema,
} from './schemas/account-info';
import {
  type ColumnDescriptor,
  ColumnDescriptorSchema,
  type ServerInfo,
  ServerInfoSchema,
} from './schemas/misc';
import { type PartnerInfo, PartnerInfoSchema } from './schemas/partner-info';
import { type RecordList, recordListSchema } from './schemas/records';
import {
  type RawStatisticsRow,
  readPlainStatisticsResult,
  StatisticsResultSchema,
} from './schemas/statistics';

/** How `EnumerateAccountStatistics` groups rows. `Merged` gives one row per device. */
export type SelectionMode = 'Undefined' | 'Merged' | 'PerInstallation' | 'Count';

/** `params.query` of the statistics methods, as sent on the wire (`AccountStatisticsQuery`). */
export interface AccountStatisticsQueryParams {
  /** Partner whose devices (and its descendants' devices) are listed. */
  PartnerId: number;
  /** Column codes. */
  Columns: string[];
  /** Console filter expression; `''` for none. */
  Filter?: string;
  /** Partner ids to exclude. */
  ExcludedPartners?: number[];
  /** Row grouping. */
  SelectionMode?: SelectionMode;
  /** Label ids. */
  Labels?: number[];
  /** 0-based offset. */
  StartRecordNumber?: number;
  /** Page size. */
  RecordsCount?: number;
  /** e.g. `'I1 ASC'`. */
  OrderBy?: string;
  /** Totals expressions, e.g. `'COUNT(AT==1)'`. */
  Totals?: string[];
}

/** The outer `result` of a statistics call. */
export interface StatisticsResult {
  /** The rows that could be read; `result.rejected` lists the others (position and why). */
  result: RecordList<RawStatisticsRow>;
  /** Totals flattened to `{ expression: value }`, or `null`. */
  totalStatistics: Record<string, string> | null;
  /** Any other OUT parameter. */
  [key: string]: unknown;
}

/** A result whose return value sits in `result`. */
export interface CoveResult<T> {
  /** The method's return value. */
  result: T;
  /** OUT parameters, if any. */
  [key: string]: unknown;
}

/**
 * Params and result of every typed method. Extend it by declaration merging if you validate
 * more methods yourself.
 */
export interface CoveMethods {
  /** A partner by exact name. */
  GetPartnerInfo: { params: { name: string }; result: CoveResult<PartnerInfo> };
  /** A partner by id. */
  GetPartnerInfoById: { params: { partnerId: number }; result: CoveResult<PartnerInfo> };
  /** Child partners; `fetchRecursively` walks the whole tree. */
  EnumeratePartners: {
    params: { parentPartnerId: number; fetchRecursively?: boolean; fields?: number[] };
    result: CoveResult<RecordList<PartnerInfo>>;
  };
  /** Devices of a partner, **with** their Password and Token (the convenience method strips them). */
  EnumerateAccounts: {
    params: { partnerId: number };
    result: CoveResult<RecordList<AccountInfoWithSecrets>>;
  };
  /** One device plus its storage node (`homeNodeInfo`). */
  GetAccountInfoById: {
    params: { accountId: number };
    result: CoveResult<AccountInfoWithSecrets> & { homeNodeInfo: StorageNodeInfo | null };
  };
  /** Device statistics. */
  EnumerateAccountStatistics: {
    params: { query: AccountStatisticsQueryParams; totalStatistics?: unknown };
    result: StatisticsResult;
  };
  /** Device statistics as they stood at `timeslice` (Unix seconds). */
  EnumerateAccountHistoryStatistics: {
    params: { query: AccountStatisticsQueryParams; timeslice: number; totalStatistics?: unknown };
    result: StatisticsResult;
  };
  /** Columns available to a partner. */
  EnumerateColumns: { params: { partnerId: number }; result: CoveResult<RecordList<ColumnDescriptor>> };
  /** Server details; a cheap connectivity check. */
  GetServerInfo: { params: Record<string, never>; result: CoveResult<ServerInfo> };
}

/** A method name in {@link CoveMethods}. */
export type CoveMethodName = keyof CoveMethods;

/** Params of method `M`. */
export type CoveParams<M extends CoveMethodName> = CoveMethods[M]['params'];

/** Result of method `M` (the outer `result` object). */
export type CoveMethodResult<M extends CoveMethodName> = CoveMethods[M]['result'];

const inner = <T>(schema: z.ZodType<T>) => z.looseObject({ result: schema });

const accountWithNode = z.looseObject({
  result: AccountInfoSchema,
  homeNodeInfo: StorageNodeInfoSchema.nullish().transform((node) => node ?? null),
});

/** Runtime validators of every method in {@link CoveMethods}. */
export const METHOD_RESULT_SCHEMAS: { [M in CoveMethodName]: z.ZodType<CoveMethodResult<M>> } = {
  GetPartnerInfo: inner(PartnerInfoSchema),
  GetPartnerInfoById: inner(PartnerInfoSchema),
  EnumeratePartners: z.looseObject({ result: recordListSchema(PartnerInfoSchema, 'Id') }),
  EnumerateAccounts: z.looseObject({ result: recordListSchema(AccountInfoSchema, 'Id') }),
  GetAccountInfoById: accountWithNode,
  EnumerateAccountStatistics: StatisticsResultSchema,
  EnumerateAccountHistoryStatistics: StatisticsResultSchema,
  EnumerateColumns: z.looseObject({ result: recordListSchema(ColumnDescriptorSchema, 'Id') }),
  GetServerInfo: inner(ServerInfoSchema),
};

/**
 * Plain readers that give exactly what {@link METHOD_RESULT_SCHEMAS} gives for the usual shape of
 * a large result, or `undefined` (then the schema reads it). See `readPlainStatisticsResult`.
 *
 * @internal
 */
export const METHOD_RESULT_READERS: {
  [M in CoveMethodName]?: (result: unknown) => CoveMethodResult<M> | undefined;
} = {
  EnumerateAccountStatistics: readPlainStatisticsResult,
  EnumerateAccountHistoryStatistics: readPlainStatisticsResult,
};

/** Whether `method` is in the typed map. */
export function isTypedMethod(method: string): method is CoveMethodName {
  // A non-string (say a null-prototype object) must reach the caller's ConfigError, not throw here.
  return typeof method === 'string' && Object.hasOwn(METHOD_RESULT_SCHEMAS, method);
}

/**
 * Whether a method only reads, so a transport failure (network error, 408/429/5xx) may be retried:
 * `Get*`, `Enumerate*` and `Query*`. Login and every write method are sent once.
 */
export function isReadMethod(method: string): boolean {
  return /^(Get|Enumerate|Query)[A-Z]/.test(method);
}
