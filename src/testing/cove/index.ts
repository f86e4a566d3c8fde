/**
 * A realistic Cove Data Protection Management API mock (JSON-RPC 2.0 over MSW): visa chaining with a
 * sliding idle window on an injectable clock, a scoped partner tree, thousands of deterministic
 * devices, column restrictions (13501), error injection, seeded random faults and a call log.
 *
 * @module
 */
export type { MockCustomColumn, MockDevice, MockPartner } from './data';
export { MOCK_PARTNER_IDS } from './data';
export type { CoveMockFaultKind, CoveMockFaults } from './faults';
export { COVE_MOCK_METHOD_NAMES } from './methods';
export { MOCK_SERVER_VERSION } from './methods/server-info';
export type { MockSessionInit } from './reporting';
export { COVE_MOCK_ERROR_MESSAGES, CoveMockErrorCode } from './rpc';
export {
  type AdvanceSessionOptions,
  COVE_MOCK_DEFAULT_CREDENTIALS,
  COVE_MOCK_DEFAULT_ENDPOINT,
  COVE_MOCK_RESTRICTED_COLUMNS,
  type CoveMock,
  type CoveMockCall,
  type CoveMockCredentials,
  type CoveMockFailure,
  type CoveMockOptions,
  type CoveMockQuirks,
  createCoveMock,
} from './server';
export type { MockSession, MockSessionError } from './sessions';
