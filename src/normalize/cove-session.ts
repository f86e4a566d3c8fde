/**
 * Cove session (from `CoveClient.sessions()`) → {@link BackupRun}: one run per session, that is
 * per data source per backup cycle, with the session's errors when the caller read them.
 *
 * @module
 */
import * as z from 'zod';
import { isoFromUnixSeconds } from '../core/iso-time';
import { lenientNumber } from '../core/lenient';
import type { CoveSession, CoveSessionError } from '../cove/reporting/types';
import { type BackupRun, orderRunKeys, type RunStatus } from './backup-run';
import { COVE_SOFTWARE, coveDeviceJob } from './cove';
import { canonicalCoveCode, dataSourceName } from './cove-columns';
import { NormalizeError, parseInput } from './errors';
import { COVE_STATUS_NAMES, lookupStatus, type StatusMap } from './status-maps';

/**
 * The session fields normalization reads: a `CoveSession` as `CoveClient.sessions()` yields it
 * (any superset works; the rest is ignored).
 */
export type CoveSessionInput = Pick<CoveSession, 'id' | 'status' | 'dataSource'> &
  Partial<Pick<CoveSession, 'deviceId' | 'startTime' | 'endTime' | 'errorsCount' | 'sentSize' | 'type'>>;

/** The error fields normalization reads: a `CoveSessionError` (or anything with `text` and `count`). */
export type CoveSessionErrorInput = Pick<CoveSessionError, 'text'> & Partial<Pick<CoveSessionError, 'count'>>;

/**
 * The device a session belongs to: `{ id, name }` at least (plus `partnerId`, `partnerName`,
 * `host`), or a statistics row as `CoveClient` yields it (`{ accountId, partnerId, raw }`) or as
 * Cove sends it (`{ AccountId, PartnerId, Settings }`), read for I1, I8, I18 and I59.
 */
export type CoveSessionDeviceInput =
  | {
      /** Device (account) id. */
      id: number;
      /** Device name. */
      name: string;
      /** Customer (partner) id. */
      partnerId?: number | null | undefined;
      /** Customer name. */
      partnerName?: string | undefined;
      /** Computer name. */
      host?: string | undefined;
    }
  | {
      /** Device id. */
      accountId: number;
      /** Customer id. */
      partnerId?: number | null | undefined;
      /** Raw column values by code. */
      raw: Readonly<Record<string, unknown>>;
    }
  | {
      /** Device id. */
      AccountId: number;
      /** Customer id. */
      PartnerId?: number | null | undefined;
      /** One single-key object per column. */
      Settings: ReadonlyArray<Readonly<Record<string, unknown>>>;
    };

const id = lenientNumber.refine(
  (n) => Number.isSafeInteger(n) && n >= 0,
  'expected a non-negative integer id',
);
const seconds = lenientNumber
  .refine((n) => n >= 0 && n <= 253_402_300_799, 'expected Unix seconds')
  .nullish();
const count = lenientNumber.refine((n) => Number.isSafeInteger(n) && n >= 0, 'expected a count').optional();

const sessionSchema = z.object({
  id,
  deviceId: id.optional(),
  status: z.object({
    raw: z.string(),
    code: z.number().int().nullable(),
    running: z.boolean().optional(),
  }),
  dataSource: z.object({ raw: z.string(), code: z.string().nullable().optional() }),
  startTime: seconds,
  endTime: seconds,
  errorsCount: count,
  sentSize: count,
  type: z.string().optional(),
});

const errorSchema = z.object({ text: z.string(), count: count.nullable() });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown())]);
const deviceSchema = z.union([
  z.object({
    id,
    name: z.string(),
    partnerId: id.nullish(),
    partnerName: z.string().optional(),
    host: z.string().optional(),
  }),
  z.object({ accountId: id, partnerId: id.nullish(), raw: z.record(z.string(), scalar) }),
  z.object({ AccountId: id, PartnerId: id.nullish(), Settings: z.array(z.record(z.string(), scalar)) }),
]);

interface Device {
  id: number;
  name: string | undefined;
  partnerId: number | undefined;
  partnerName: string | undefined;
  host: string | undefined;
  accountType: string | undefined;
}

function cellText(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === null || first === undefined || typeof first === 'object') return undefined;
  const text = String(first).trim();
  return text === '' ? undefined : text;
}

function readDevice(input: unknown): Device {
  const device = parseInput(deviceSchema, input, 'device');
  if ('id' in device) {
    return {
      id: device.id,
      name: device.name.trim() || undefined,
      partnerId: device.partnerId ?? undefined,
      partnerName: device.partnerName?.trim() || undefined,
      host: device.host?.trim() || undefined,
      accountType: undefined,
    };
  }
  const columns = new Map<string, string>();
  const add = (code: string, value: unknown) => {
    const text = cellText(value);
    const key = canonicalCoveCode(code);
    if (text !== undefined && !columns.has(key)) columns.set(key, text);
  };
  if ('raw' in device) for (const [code, value] of Object.entries(device.raw)) add(code, value);
  else
    for (const setting of device.Settings)
      for (const [code, value] of Object.entries(setting)) add(code, value);
  return {
    id: 'accountId' in device ? device.accountId : device.AccountId,
    name: columns.get('I1'),
    partnerId: ('accountId' in device ? device.partnerId : device.PartnerId) ?? undefined,
    partnerName: columns.get('I8'),
    host: columns.get('I18'),
    accountType: columns.get('I59'),
  };
}

const COMPLETED = 5;

/**
 * Normalizes one Cove session to a {@link BackupRun}.
 *
 * **Ids.** `externalId` is `${deviceId}:session-${sessionId}`: one run per session, the same on
 * every poll, distinct from the statistics ids (`${deviceId}:${D09F15}`).
 *
 * **Status.** The session's Cove code through the status map (`InProgress`/`InProcess` are
 * running). A `Completed` session with errors is a `warning`, with a `statusReason` saying so.
 * `errorCount` is the sum of the given `errors`' counts when `errors` is passed, because the
 * session's own `ErrorsCount` is unreliable; otherwise it is `ErrorsCount`. When the two disagree,
 * `statusReason` says so. `message` is the first error's text.
 *
 * **Other fields.** `job` is the device (as in statistics mode), `startedAt`/`endedAt` the
 * session's times (no `endedAt` while running), `durationMs` their difference, `sizeBytes` the
 * bytes sent. `objects` holds the session's data source with the session's status.
 *
 * @throws NormalizeError when the session, device or errors cannot be read.
 */
export function normalizeCoveSession(
  input: { session: unknown; device: unknown; errors?: unknown },
  statusMap: StatusMap,
): BackupRun {
  const session = parseInput(sessionSchema, input.session, 'session');
  const device = readDevice(input.device);
  if (session.deviceId !== undefined && session.deviceId !== device.id) {
    throw new NormalizeError('session.deviceId', `belongs to device ${session.deviceId}, not ${device.id}`);
  }
  const errors =
    input.errors === undefined ? undefined : parseInput(z.array(errorSchema), input.errors, 'errors');
  const deviceId = String(device.id);
  const externalId = `${deviceId}:session-${session.id}`;

  const errorCount =
    errors === undefined
      ? session.errorsCount
      : errors.reduce((sum, e) => sum + Math.max(1, e.count ?? 1), 0);
  const reasons: string[] = [];
  if (errors !== undefined && session.errorsCount !== undefined && session.errorsCount !== errorCount) {
    reasons.push(
      `Cove's ErrorsCount (${session.errorsCount}) disagrees with the ${errorCount} error(s) it returned; the errors are used`,
    );
  }

  const code = session.status.code;
  let status: RunStatus = 'unknown';
  if (session.status.running === true) status = 'running';
  else if (code === null) {
    reasons.unshift(
      session.status.raw === ''
        ? 'the session has no status'
        : `Cove session status "${session.status.raw}" is not a known status`,
    );
  } else {
    const mapped = lookupStatus(statusMap, String(code));
    if (mapped === undefined) {
      const name = COVE_STATUS_NAMES[String(code)];
      reasons.unshift(`Cove status code ${code}${name ? ` (${name})` : ''} is not in the status map`);
    } else if (code === COMPLETED && mapped === 'success' && (errorCount ?? 0) > 0) {
      status = 'warning';
      reasons.unshift(`Completed with ${errorCount} error(s)`);
    } else status = mapped;
  }

  const start = session.startTime ?? undefined;
  const end = status === 'running' ? undefined : (session.endTime ?? undefined);
  const message = errors?.find((e) => e.text.trim() !== '')?.text.trim();
  const sourceKey = session.dataSource.code ?? undefined;
  const objectName =
    (sourceKey ? dataSourceName(sourceKey) : undefined) ?? (session.dataSource.raw || 'unknown');

  const run: BackupRun = {
    id: `cove:${externalId}`,
    source: 'cove',
    externalId,
    software: COVE_SOFTWARE,
    job: coveDeviceJob(deviceId, device.name, device.host, device.accountType),
    status,
    objects: [{ name: objectName, type: 'data-source', status, ...(message ? { message } : {}) }],
  };
  if (device.partnerId !== undefined) {
    run.customer = {
      id: String(device.partnerId),
      ...(device.partnerName ? { name: device.partnerName } : {}),
    };
  }
  if (device.host !== undefined) run.host = device.host;
  if (session.status.raw !== '') run.vendorStatus = session.status.raw;
  if (reasons.length > 0) run.statusReason = reasons.join('; ');
  if (start !== undefined && start > 0) run.startedAt = isoFromUnixSeconds(start);
  if (end !== undefined && end > 0) run.endedAt = isoFromUnixSeconds(end);
  if (start !== undefined && end !== undefined && start > 0 && end >= start)
    run.durationMs = (end - start) * 1000;
  if (session.sentSize !== undefined) run.sizeBytes = Math.round(session.sentSize);
  if (errorCount !== undefined) run.errorCount = errorCount;
  if (message !== undefined) run.message = message;
  return orderRunKeys(run);
}
