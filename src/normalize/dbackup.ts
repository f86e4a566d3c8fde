/**
 * DBackup execution → {@link BackupRun}. Accepts a `GET /api/history` item, a
 * `GET /api/executions/:id` detail (also still wrapped in `{success, data}`), or the SDK's parsed
 * form of either (same keys, optionally with `statusText`).
 *
 * @module
 */
import * as z from 'zod';
import { lenientNumber } from '../core/lenient';
import {
  type BackupRun,
  orderRunKeys,
  type RunObject,
  type RunObjectStatus,
  type RunStatus,
} from './backup-run';
import { NormalizeError, parseInput } from './errors';
import { lookupStatus, type StatusMap } from './status-maps';

/** Display name of DBackup in `BackupRun.software`. */
export const DBACKUP_SOFTWARE = 'DBackup';

/**
 * A DBackup execution: a history item, an `executions.get` detail, or the SDK's parsed form of
 * either. Only the fields below are read; extra fields are ignored.
 */
export interface DBackupExecutionInput {
  /** Execution id (UUID). Required. */
  id: string;
  /** Job id; `null` for restores, system tasks and runs of deleted jobs. */
  jobId?: string | null;
  /** Job name (detail). */
  jobName?: string | null;
  /** Job relation (history item). */
  job?: { name?: string | null } | null;
  /** `Backup`, `Restore`, `System Restore`, `IntegrityCheck`, `Verification`. */
  type?: string | null;
  /** The vendor's type word when a parsed `type` was narrowed (e.g. to `unknown`). */
  typeText?: string | null;
  /** `Pending`, `Running`, `Success`, `Partial`, `Failed`, `Cancelled`. */
  status?: string | null;
  /** The vendor's status word when a parsed `status` was narrowed (e.g. to `unknown`). */
  statusText?: string | null;
  /** ISO 8601 timestamp (or `Date`). Without an offset it is read as UTC. */
  startedAt?: string | Date | null;
  /** ISO 8601 timestamp (or `Date`); `null` while in flight. Without an offset it is read as UTC. */
  endedAt?: string | Date | null;
  /** Duration in **milliseconds** (detail). While in flight it is elapsed time, so it is ignored. */
  duration?: number | string | null;
  /** Bytes stored (detail). Only read for `Success` and `Partial` runs. */
  size?: number | string | null;
  /** Error text (detail; DBackup fills it only for `Failed`). */
  error?: string | null;
  /**
   * Remote path of the stored file, `<job name>/<file>` (DBackup's layout); `null` when nothing
   * was stored. Read only to name the job of a run whose job was deleted.
   */
  path?: string | null;
  /** Metadata object or JSON string (history item). */
  metadata?: unknown;
  /** Log entries, or their JSON string (detail with `includeLogs=true`). */
  logs?: unknown;
  /** How the run was started: `Manual`, `Scheduler` or `Api` (history item). */
  triggerType?: string | null;
  /** The vendor's trigger word when a parsed `triggerType` was narrowed. */
  triggerTypeText?: string | null;
  /** Who started it: a user name, the API key's name, or `Scheduler` (history item). */
  triggerLabel?: string | null;
}

const dateSchema = z.union([z.string(), z.date()]);
const countSchema = lenientNumber.refine((n) => n >= 0, 'expected a non-negative number');

const executionSchema = z.object({
  id: z.string().trim().min(1, 'expected a non-empty execution id'),
  jobId: z.string().nullish(),
  jobName: z.string().nullish(),
  job: z.object({ name: z.string().nullish() }).nullish(),
  type: z.string().nullish(),
  typeText: z.string().nullish(),
  status: z.string().trim().min(1, 'expected a non-empty status').nullish(),
  statusText: z.string().nullish(),
  startedAt: dateSchema.nullish(),
  endedAt: dateSchema.nullish(),
  duration: countSchema.nullish(),
  size: countSchema.nullish(),
  error: z.string().nullish(),
  // Context only (a deleted job's name): a value of another type is ignored.
  path: z.unknown().optional(),
  metadata: z.unknown().optional(),
  logs: z.union([z.string(), z.array(z.unknown())]).nullish(),
  // Context only: a value of another type is ignored rather than failing the whole run.
  triggerType: z.unknown().optional(),
  triggerTypeText: z.unknown().optional(),
  triggerLabel: z.unknown().optional(),
});

const destinationSchema = z.object({
  name: z.string().nullish(),
  configId: z.string().nullish(),
  adapterId: z.string().nullish(),
  status: z.unknown().optional(),
  statusText: z.unknown().optional(),
  error: z.string().nullish(),
});

const metadataSchema = z.object({
  destinations: z.array(destinationSchema).nullish(),
  names: z.array(z.string()).nullish(),
  jobName: z.string().nullish(),
});

type Metadata = z.infer<typeof metadataSchema>;

/** Vendor statuses whose `size` is a stored backup. */
const STORED_STATUSES: ReadonlySet<string> = new Set(['Success', 'Partial']);

const DESTINATION_STATUSES: Readonly<Record<string, RunObjectStatus>> = {
  success: 'success',
  failed: 'failed',
  skipped: 'skipped',
};

/** A trimmed non-empty string, or `undefined`. @internal */
export function nonEmpty(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * ISO 8601 date-time: `YYYY-MM-DD`, optionally `T` or a space and `HH:mm[:ss[.fff…]]`, optionally
 * `Z` or an offset (`±HH:mm`, `±HHmm`, `±HH`). Case-insensitive.
 */
const ISO_TIMESTAMP =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Reads a timestamp as UTC ISO (`…Z`). A timestamp without an offset (`2026-11-22 10:00:00`) is
 * read as **UTC**, never in the local zone of the machine running the SDK, so the result does not
 * depend on `TZ` (DBackup itself always sends `…Z`). Strings that are not ISO 8601 are rejected,
 * since `Date.parse` would read their free-form variants in the local zone.
 */
function isoTime(value: string | Date | null | undefined, field: string): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  // What DBackup sends (`toISOString()` output) is already the answer once it is a real instant:
  // skipping Date.parse and toISOString halves the cost of a run.
  if (typeof value === 'string' && isCanonicalIso(value)) return value;
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else {
    const match = ISO_TIMESTAMP.exec(value.trim());
    if (match === null) throw new NormalizeError(field, 'expected an ISO 8601 timestamp');
    const [, year, month, day, hour, minute, second, fraction, zone] = match;
    // Rebuilt in the exact form ECMAScript defines (so no engine-specific parsing), with `Z` for
    // a missing offset. A date without a time is UTC midnight, as ECMAScript defines it.
    let text = `${year}-${month}-${day}T${hour ?? '00'}:${minute ?? '00'}:${second ?? '00'}`;
    if (fraction !== undefined) text += `.${fraction.slice(0, 3).padEnd(3, '0')}`;
    const offset = zone?.toUpperCase() ?? 'Z';
    text += offset === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(3).replace(':', '') || '00'}`;
    ms = Date.parse(text);
  }
  if (Number.isNaN(ms)) throw new NormalizeError(field, 'expected an ISO 8601 timestamp');
  const iso = new Date(ms).toISOString();
  if (!/^\d{4}-/.test(iso)) throw new NormalizeError(field, 'timestamp is out of range');
  return iso;
}

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, the form `Date.prototype.toISOString` gives for years 0–9999. */
const CANONICAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `value` is in the canonical form and names a real instant, so that
 * `new Date(Date.parse(value)).toISOString()` would give it back unchanged (no month 13, no
 * 30 February, no hour 24, which ECMAScript reads as the next day).
 */
export function isCanonicalIso(value: string): boolean {
  const match = CANONICAL_ISO.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

/**
 * Reads `metadata` (an object or a JSON string). Metadata only adds objects and names, so a value
 * that cannot be read (not JSON, odd shapes, the SDK's `{ unreadable, raw }`) is ignored rather than
 * failing the run: the objects it would have described are then simply not reported.
 */
function parseMetadata(value: unknown): Metadata | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const result = metadataSchema.safeParse(parsed);
  return result.success ? result.data : undefined;
}

interface LogLine {
  level: string;
  message: string;
  stage: string | undefined;
}

function parseLogs(value: string | unknown[] | null | undefined): LogLine[] | undefined {
  if (value === null || value === undefined) return undefined;
  let entries: unknown = value;
  if (typeof value === 'string') {
    try {
      entries = JSON.parse(value);
    } catch {
      return []; // DBackup itself answers [] for logs it cannot parse.
    }
  }
  if (!Array.isArray(entries)) return [];
  const lines: LogLine[] = [];
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    const { level, message, stage } = entry as { level?: unknown; message?: unknown; stage?: unknown };
    if (typeof level === 'string' && typeof message === 'string') {
      lines.push({ level, message, stage: typeof stage === 'string' ? stage : undefined });
    }
  }
  return lines;
}

/** The `data` of a `{success, data}` body, or the input itself. @internal */
export function unwrap(input: unknown): unknown {
  if (
    input !== null &&
    typeof input === 'object' &&
    !('id' in input) &&
    'data' in input &&
    'success' in input
  ) {
    return (input as { data: unknown }).data;
  }
  return input;
}

/**
 * Normalizes one DBackup execution to a {@link BackupRun}.
 *
 * **Ids.** `externalId` is the execution id (a UUID that DBackup never reuses or changes), so the
 * id is `dbackup:<execution id>` on every poll, whatever the run's state.
 *
 * **Job grouping.** `job.id` is `jobId`. When `jobId` is `null`:
 * - runs of type `Backup` belong to a **deleted job** (the foreign key is set to null on delete).
 *   Two different jobs never share an identity: `job.id` is the job's old id when the log still
 *   names it (`[Runner] Starting initialization for Job ID: …`, so the runs stay with the job's
 *   earlier ones), else `deleted-job:<name>` when a name is still known (`jobName`, `job.name`,
 *   `metadata.jobName`, or the first folder of `path`, which DBackup names after the job), else
 *   `deleted-job:execution:<execution id>`: one job per run rather than one job for all.
 *   `job.name` is that name, else `Deleted job <id prefix>` / `Deleted job`. `collectRuns`
 *   also remembers the job of every DBackup run it delivered and restores it here.
 * - any other type (`Restore`, `System Restore`, `IntegrityCheck`, `Verification`) is a task that
 *   never had a job: `job.id` is `task:<type>` and `job.name` the type, so e.g. all integrity
 *   checks form one job in Backupchecks.
 *
 * **Fields.** `startedAt`/`endedAt` are converted to UTC ISO; a timestamp without an offset is
 * read as UTC (never in the local zone), and a string that is not ISO 8601 is rejected.
 * `durationMs` is `duration` (ms) once `endedAt` is set (while in flight DBackup reports elapsed
 * time, which changes every poll, so it is left out), else `endedAt - startedAt`. A run cancelled
 * while Pending (its log holds only the queue and the cancellation) never started and has no
 * `durationMs`: DBackup's `duration` is then its time in the queue. `trigger` is
 * `{type: triggerType, label?: triggerLabel}` when the item has a trigger type (history items do;
 * details do not).
 *
 * **Size.** `sizeBytes` is `size` (bytes stored; only details have it) for `Success` and `Partial`
 * runs only. On other runs DBackup's `size` is not a stored backup: a run cancelled while
 * uploading still reports the size of the dump it then discarded (with `path: null`).
 *
 * **No error count.** `errorCount` is never set: DBackup does not count errors, and counting
 * error-level log lines would overstate them (the one failed destination of a recorded `Partial`
 * run produced three).
 *
 * **Message.** `error` when present; otherwise, for every status but `Success`, the last
 * error-level log entry, then the last cancellation line (`Execution was cancelled by user…`),
 * then the last failed destination's error (DBackup leaves `error` null for `Partial` and
 * `Cancelled`). History items carry no logs: fetch details with `includeLogs` (as `collectRuns`
 * does for every run that is not a success) to get a message.
 *
 * **Objects.** One `destination` per `metadata.destinations[]` (`success`/`failed`/`skipped`, any
 * other value `unknown`; `message` = its error). When the metadata has none, one per upload outcome
 * line of the log (`[Local Broken] Upload FAILED: …` → `failed`, with the destination's first
 * error line as `message`; `[…] Upload complete: …` → `success`). Then one `database` per `metadata.names[]`, with
 * status `unknown`: DBackup reports no per-database result, so none is inferred from the run's
 * outcome. `metadata.label` is a display text (`"Single DB"`, `"3 DBs"`), never a database name.
 * `metadata` may be an object or a JSON string.
 *
 * DBackup 3.2.0 does **not** expose per-destination results after a run ends: the final metadata
 * with `destinations[]` and `names[]` is overwritten shortly after the run ends by the log flusher
 * (history items then carry only `{progress, stage, detail, heartbeat}`), and execution details
 * have no metadata at all. So runs read from a 3.2.0 server have destinations only when their log
 * was read (a detail fetched with `includeLogs=true`); otherwise `objects: []`, which means "not
 * reported", not "no destinations".
 *
 * @throws NormalizeError when the id is missing, or a field has the wrong type.
 */
export function normalizeDBackupExecution(input: unknown, statusMap: StatusMap): BackupRun {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new NormalizeError('execution', 'expected a DBackup execution object');
  }
  const execution = parseInput(executionSchema, unwrap(input), 'execution');
  const metadata = parseMetadata(execution.metadata);
  const logs = parseLogs(execution.logs);

  const vendorStatus = nonEmpty(execution.statusText) ?? nonEmpty(execution.status);
  if (vendorStatus === undefined) throw new NormalizeError('execution.status', 'expected a non-empty status');
  const mapped = lookupStatus(statusMap, vendorStatus);
  const status: RunStatus = mapped ?? 'unknown';

  const startedAt = isoTime(execution.startedAt, 'execution.startedAt');
  const endedAt = isoTime(execution.endedAt, 'execution.endedAt');
  let durationMs: number | undefined;
  if (endedAt !== undefined && !(vendorStatus === 'Cancelled' && neverStarted(logs))) {
    if (execution.duration !== null && execution.duration !== undefined) {
      durationMs = Math.round(execution.duration);
    } else if (startedAt !== undefined) {
      const elapsed = Date.parse(endedAt) - Date.parse(startedAt);
      if (elapsed >= 0) durationMs = elapsed;
    }
  }
  if (durationMs !== undefined && !Number.isSafeInteger(durationMs)) {
    throw new NormalizeError('execution.duration', 'duration is out of range');
  }
  let sizeBytes: number | undefined;
  if (execution.size !== null && execution.size !== undefined) {
    if (!Number.isSafeInteger(execution.size))
      throw new NormalizeError('execution.size', 'expected an integer byte count');
    if (STORED_STATUSES.has(vendorStatus)) sizeBytes = execution.size;
  }

  const fromMetadata = destinationObjects(metadata);
  const destinations = fromMetadata.length > 0 ? fromMetadata : destinationsFromLog(logs);
  let message = nonEmpty(execution.error);
  if (message === undefined && vendorStatus !== 'Success') {
    message =
      nonEmpty(logs?.filter((line) => line.level === 'error').at(-1)?.message) ??
      nonEmpty(logs?.filter((line) => CANCELLATION.test(line.message)).at(-1)?.message) ??
      destinations.filter((d) => d.status === 'failed').at(-1)?.message;
  }

  const databases = databaseObjects(metadata);
  const trigger = triggerOf(execution);
  const type = nonEmpty(execution.typeText) ?? nonEmpty(execution.type);
  const run: BackupRun = {
    id: `dbackup:${execution.id}`,
    source: 'dbackup',
    externalId: execution.id,
    software: DBACKUP_SOFTWARE,
    job: jobOf(execution, metadata, type, logs),
    status,
    vendorStatus,
    objects: [...destinations, ...databases],
  };
  if (mapped === undefined)
    run.statusReason = `DBackup status ${JSON.stringify(vendorStatus)} is not in the status map`;
  if (startedAt !== undefined) run.startedAt = startedAt;
  if (endedAt !== undefined) run.endedAt = endedAt;
  if (durationMs !== undefined) run.durationMs = durationMs;
  if (sizeBytes !== undefined) run.sizeBytes = sizeBytes;
  if (trigger !== undefined) run.trigger = trigger;
  if (message !== undefined) run.message = message;
  return orderRunKeys(run);
}

function jobOf(
  execution: z.infer<typeof executionSchema>,
  metadata: Metadata | undefined,
  type: string | undefined,
  logs: LogLine[] | undefined,
): BackupRun['job'] {
  const name = nonEmpty(execution.jobName) ?? nonEmpty(execution.job?.name) ?? nonEmpty(metadata?.jobName);
  const typed = type === undefined ? {} : { type };
  const jobId = nonEmpty(execution.jobId);
  if (jobId !== undefined) return { id: jobId, name: name ?? jobId, ...typed };
  if (type === undefined || type === 'Backup') {
    // A deleted job: its id survives in the runner's log, its name in the file's path.
    const known = name ?? jobNameFromPath(execution.path);
    const loggedId = logs
      ?.map((line) => RUNNER_JOB_ID.exec(line.message)?.[1])
      .find((id) => id !== undefined);
    if (loggedId !== undefined) {
      return { id: loggedId, name: known ?? `Deleted job ${loggedId.slice(0, 8)}`, ...typed };
    }
    if (known !== undefined) return { id: `deleted-job:${known}`, name: known, ...typed };
    return { id: `deleted-job:execution:${execution.id}`, name: 'Deleted job', ...typed };
  }
  return { id: `task:${type}`, name: name ?? type, ...typed };
}

/** `[Runner] Starting initialization for Job ID: <id>`, the runner's first line for a backup. */
const RUNNER_JOB_ID = /^\[Runner\] Starting initialization for Job ID: (\S+)/;
/** The warnings DBackup writes when a run is cancelled (pending, running, force-cancelled, restore). */
const CANCELLATION = /^(?:Execution|Restore) was (?:force-)?cancell?ed by user\b/;
/** DBackup's per-destination upload outcome: `[<destination>] Upload complete: …` / `Upload FAILED: …`. */
const UPLOAD_OUTCOME = /^\[(.+)\] Upload (complete|FAILED): (.*)$/s;

/** The job folder of a stored file: DBackup writes every backup to `<job name>/…`. */
function jobNameFromPath(path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const slash = path.indexOf('/');
  return slash > 0 ? nonEmpty(path.slice(0, slash)) : undefined;
}

/**
 * A cancelled run never started when its log holds only the queue and the cancellation (DBackup
 * replaces the log with "…cancelled by user before it started" when it cancels a Pending run).
 */
function neverStarted(logs: LogLine[] | undefined): boolean {
  if (logs === undefined || logs.length === 0) return false;
  return logs.every((line) => line.stage === 'Queued' || line.stage === 'Cancelled');
}

/**
 * Destinations from the upload step's log lines, for runs whose final metadata DBackup already
 * overwrote. A failed destination's message is its first error line (the cause; the `Upload
 * FAILED` line itself often says only "Adapter returned false").
 */
function destinationsFromLog(logs: LogLine[] | undefined): RunObject[] {
  const objects = new Map<string, RunObject>();
  for (const line of logs ?? []) {
    const outcome = UPLOAD_OUTCOME.exec(line.message);
    if (outcome === null) continue;
    const [, name = '', result, text] = outcome;
    if (result === 'complete') {
      objects.set(name, { name, type: 'destination', status: 'success' });
      continue;
    }
    const prefix = `[${name}] `;
    const cause = logs
      ?.find((l) => l.level === 'error' && l.message.startsWith(prefix) && !UPLOAD_OUTCOME.test(l.message))
      ?.message.slice(prefix.length);
    const message = nonEmpty(cause) ?? nonEmpty(text);
    objects.set(name, {
      name,
      type: 'destination',
      status: 'failed',
      ...(message === undefined ? {} : { message }),
    });
  }
  return [...objects.values()];
}

function destinationObjects(metadata: Metadata | undefined): RunObject[] {
  return (metadata?.destinations ?? []).map((destination, index) => {
    const name =
      nonEmpty(destination.name) ?? nonEmpty(destination.configId) ?? nonEmpty(destination.adapterId);
    if (name === undefined) {
      throw new NormalizeError(
        `execution.metadata.destinations[${index}].name`,
        'expected a destination name',
      );
    }
    const raw = typeof destination.statusText === 'string' ? destination.statusText : destination.status;
    const status =
      typeof raw === 'string' && Object.hasOwn(DESTINATION_STATUSES, raw)
        ? DESTINATION_STATUSES[raw]!
        : 'unknown';
    const message = nonEmpty(destination.error);
    return { name, type: 'destination', status, ...(message === undefined ? {} : { message }) };
  });
}

function databaseObjects(metadata: Metadata | undefined): RunObject[] {
  const names = (metadata?.names ?? []).map((name) => name.trim()).filter((name) => name !== '');
  return [...new Set(names)].map((name) => ({ name, type: 'database', status: 'unknown' }));
}

function triggerOf(execution: z.infer<typeof executionSchema>): BackupRun['trigger'] {
  const text = (value: unknown) => (typeof value === 'string' ? nonEmpty(value) : undefined);
  const type = text(execution.triggerTypeText) ?? text(execution.triggerType);
  if (type === undefined) return undefined;
  const label = text(execution.triggerLabel);
  return label === undefined ? { type } : { type, label };
}
