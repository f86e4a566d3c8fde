/**
 * The methods the Cove mock implements, by JSON-RPC method name (case-sensitive, as on the real
 * server). Any other name gets a JSON-RPC "Method not found" error.
 *
 * @internal
 * @module
 */
import { enumerateAccountRemoteAccessEndpoints, enumerateAccounts, getAccountInfoById } from './accounts';
import type { MethodHandler } from './context';
import { enumerateColumns } from './enumerate-columns';
import { login } from './login';
import { enumeratePartners, getPartnerInfo, getPartnerInfoById } from './partners';
import { getServerInfo } from './server-info';
import { enumerateAccountHistoryStatistics, enumerateAccountStatistics } from './statistics';

/** A registered method: its handler and whether it needs a visa. */
export interface MethodSpec {
  readonly needsVisa: boolean;
  readonly handler: MethodHandler;
}

const withVisa = (handler: MethodHandler): MethodSpec => ({ needsVisa: true, handler });

/** Method table. */
export const COVE_MOCK_METHODS: Readonly<Record<string, MethodSpec>> = {
  Login: { needsVisa: false, handler: login },
  GetPartnerInfo: withVisa(getPartnerInfo),
  GetPartnerInfoById: withVisa(getPartnerInfoById),
  EnumeratePartners: withVisa(enumeratePartners),
  EnumerateAccounts: withVisa(enumerateAccounts),
  GetAccountInfoById: withVisa(getAccountInfoById),
  EnumerateAccountRemoteAccessEndpoints: withVisa(enumerateAccountRemoteAccessEndpoints),
  EnumerateAccountStatistics: withVisa(enumerateAccountStatistics),
  EnumerateAccountHistoryStatistics: withVisa(enumerateAccountHistoryStatistics),
  EnumerateColumns: withVisa(enumerateColumns),
  GetServerInfo: withVisa(getServerInfo),
};

/** Names of the implemented methods. */
export const COVE_MOCK_METHOD_NAMES: readonly string[] = Object.keys(COVE_MOCK_METHODS);
