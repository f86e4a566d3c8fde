/**
 * {@link CoveStorageNodeError}: reading one device's sessions or errors failed at its storage node
 * or at the M365 reporting service. It names the device and the host, never a token.
 *
 * @module
 */
import { SdkError, type SdkErrorOptions } from '../../core/errors';
import { CoveError, CoveHttpError } from '../errors';

/** Why a storage-node request failed. */
export type StorageNodeFailure =
  /** No storage node could be found for the device (neither discovery call gave a host). */
  | 'no-node'
  /** The node did not answer (DNS, refused or reset connection). */
  | 'unreachable'
  /** The TLS handshake failed, typical of a self-hosted ("software-only") node's certificate. */
  | 'tls'
  /** The node did not answer in time. */
  | 'timeout'
  /** The node answered with an HTTP error status. */
  | 'http'
  /** The node answered with a JSON-RPC error (e.g. a refused device token). */
  | 'rpc';

/** What a {@link CoveStorageNodeError} carries. */
export interface CoveStorageNodeErrorDetails {
  /** The reporting method that failed, e.g. `QuerySessions`. */
  method: string;
  /** The device (account) id. */
  deviceId: number;
  /** The device name, when known. */
  deviceName: string | undefined;
  /** The node's host (or the reporting service's), when known. */
  host: string | undefined;
  /** What went wrong. */
  failure: StorageNodeFailure;
  /** Cove error code for `'rpc'` failures. */
  code?: number | null | undefined;
  /** HTTP status for `'http'` failures. */
  status?: number | undefined;
}

const ADVICE: Record<StorageNodeFailure, string> = {
  'no-node':
    'Neither GetAccountInfoById nor EnumerateAccountRemoteAccessEndpoints gave a storage node host; check that the device still exists and that the API user may read it.',
  unreachable:
    'Check that this machine can reach the node over HTTPS (firewall, DNS); other devices are not affected.',
  tls: 'Self-hosted (software-only) storage nodes often present a certificate this machine does not trust; install the CA or read this device from a host that trusts it.',
  timeout: 'The node may be overloaded; retry later or raise `timeoutMs`.',
  http: 'The node answered with an HTTP error after retries; retry later.',
  rpc: 'The node refused the request; if the device was re-registered its token changed, and the next call looks it up again.',
};

/**
 * Reading a device's sessions or errors failed at its storage node (or the M365 reporting
 * service). Only that device is affected: a walk over devices can record the error and go on.
 * `cause` holds the underlying transport or Cove error.
 */
export class CoveStorageNodeError extends CoveError {
  override name = 'CoveStorageNodeError';
  /** The device (account) id. */
  readonly deviceId: number;
  /** The device name, when known. */
  readonly deviceName: string | undefined;
  /** The storage node host, when known. */
  readonly host: string | undefined;
  /** What went wrong. */
  readonly failure: StorageNodeFailure;
  /** HTTP status for `'http'` failures. */
  readonly status: number | undefined;

  constructor(details: CoveStorageNodeErrorDetails, detail: string, options: SdkErrorOptions = {}) {
    const who = `device ${details.deviceId}${details.deviceName ? ` ("${details.deviceName}")` : ''}`;
    const where = details.host ? ` at ${details.host}` : '';
    super(
      `Cove ${details.method} for ${who} failed${where}: ${detail}. ${ADVICE[details.failure]}`,
      { method: details.method, code: details.code ?? null },
      options,
    );
    this.deviceId = details.deviceId;
    this.deviceName = details.deviceName;
    this.host = details.host;
    this.failure = details.failure;
    this.status = details.status;
  }
}

/** What Node's fetch reports for a failed TLS handshake (in the error's cause, not the SDK's advice). */
const TLS_PATTERN =
  /CERT_|ERR_SSL|ERR_TLS|SSL routines|self[- ]signed|UNABLE_TO_VERIFY|certificate|handshake/i;

function causeText(error: unknown): string {
  const parts: string[] = [];
  let current = (error as { cause?: unknown } | null)?.cause;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

/** Classifies a transport or Cove failure of a node request. @internal */
export function classifyNodeFailure(error: unknown): {
  failure: StorageNodeFailure;
  detail: string;
  code?: number | null;
  status?: number;
} {
  if (error instanceof CoveHttpError)
    return { failure: 'http', detail: `HTTP ${error.status}`, status: error.status };
  if (error instanceof CoveError)
    return { failure: 'rpc', detail: `error ${error.code ?? 'without a code'}`, code: error.code };
  if (error instanceof SdkError && error.name === 'TimeoutError')
    return { failure: 'timeout', detail: 'timed out' };
  if (TLS_PATTERN.test(causeText(error))) return { failure: 'tls', detail: 'the TLS handshake failed' };
  return { failure: 'unreachable', detail: 'no response (connection failed)' };
}
