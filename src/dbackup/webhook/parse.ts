/**
 * Reading the body DBackup's generic-webhook notification channel POSTs:
 * `{title, message, success, color, timestamp, eventType?, fields?}` (or a template that keeps
 * these keys). The body carries no execution id, job id or status enum: the job comes from the
 * `Job` field (or the title), the outcome from `eventType` (or the title).
 *
 * @module
 */
import { SdkError } from '../../core/errors';

/** Outcome of a backup as the notification tells it. DBackup sends `failure` for cancelled runs too. */
export type DBackupWebhookOutcome = 'success' | 'partial' | 'failure';

/** One `{name, value, inline?}` field of the notification. */
export interface DBackupWebhookField {
  /** Field name, e.g. `Job`, `Source`, `Duration`, `Size`, `Error`, `Details`, `Time`. */
  name: string;
  /** Field value as rendered (sizes and durations are display text, e.g. `343 B`, `12s`). */
  value: string;
  /** Display hint. */
  inline?: boolean;
}

/** A parsed generic-webhook notification. */
export interface DBackupWebhookEvent {
  /**
   * `backup` for a backup's end (`backup_success`, `backup_partial`, `backup_failure`, or a
   * `Backup …:` title), `test` for DBackup's "test notification", `other` for every other event
   * (restores, logins, storage alerts, …).
   */
  kind: 'backup' | 'test' | 'other';
  /** For a backup: how it ended (`failure` also for a cancelled run); otherwise `undefined`. */
  outcome: DBackupWebhookOutcome | undefined;
  /** For a backup: the job's name (the `Job` field, else the title after `Backup …: `). */
  jobName: string | undefined;
  /** When the run ended: the `Time` field when it is a timestamp, else `timestamp` (ISO 8601, UTC). */
  time: string;
  /** When DBackup sent the notification (`timestamp`, ISO 8601, UTC). */
  sentAt: string;
  /** `eventType` as sent (`backup_failure`, `test`, …), or `undefined` when the body has none. */
  eventType: string | undefined;
  /** The title, e.g. `Backup Failed: Nightly`. */
  title: string;
  /** The message text. */
  message: string;
  /** `success` as sent (`true` only for a successful backup). */
  success: boolean;
  /** The colour (`#hex`), when sent. */
  color: string | undefined;
  /** The fields, in order. */
  fields: DBackupWebhookField[];
  /** The value of the first field called `name` (case-insensitive), or `undefined`. */
  field(name: string): string | undefined;
}

/** The body is not a DBackup generic-webhook notification. `reason` says which key was wrong. */
export class DBackupWebhookPayloadError extends SdkError {
  override name = 'DBackupWebhookPayloadError';
  /** What was wrong, e.g. `"title" must be a non-empty string`. */
  readonly reason: string;

  constructor(reason: string) {
    super(
      `Not a DBackup generic-webhook notification: ${reason}. Expected JSON {title, message, success, color, timestamp, eventType?, fields?} ` +
        '(the default body, or a payload template that keeps these keys).',
    );
    this.reason = reason;
  }
}

const OUTCOME_OF_EVENT: Readonly<Record<string, DBackupWebhookOutcome>> = {
  backup_success: 'success',
  backup_partial: 'partial',
  backup_failure: 'failure',
};

const TITLE = /^Backup (Successful|Partial|Failed):\s*(.*)$/s;
const OUTCOME_OF_TITLE: Readonly<Record<string, DBackupWebhookOutcome>> = {
  Successful: 'success',
  Partial: 'partial',
  Failed: 'failure',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isoOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function fieldsOf(value: unknown): DBackupWebhookField[] {
  if (value === undefined || value === null || value === '') return [];
  let list: unknown = value;
  // A template renders `{{fields}}` as a JSON string; quoted in the template, it arrives as a string.
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value) as unknown;
    } catch {
      throw new DBackupWebhookPayloadError('"fields" is a string that is not a JSON array');
    }
  }
  if (!Array.isArray(list)) throw new DBackupWebhookPayloadError('"fields" must be an array');
  return list.map((item, index) => {
    if (!isRecord(item) || typeof item.name !== 'string' || typeof item.value !== 'string') {
      throw new DBackupWebhookPayloadError(`"fields[${index}]" must be {name, value} with string values`);
    }
    return typeof item.inline === 'boolean'
      ? { name: item.name, value: item.value, inline: item.inline }
      : { name: item.name, value: item.value };
  });
}

/**
 * Parses a generic-webhook notification: the JSON text of the request body, or the value it
 * parses to. Never throws anything but {@link DBackupWebhookPayloadError}.
 *
 * @example
 * ```ts
 * const event = parseDBackupWebhook(await request.text());
 * if (event.kind === 'backup') console.log(event.jobName, event.outcome, event.time);
 * ```
 * @throws DBackupWebhookPayloadError when the body is not JSON, or `title`, `success` or
 *   `timestamp` is missing or of the wrong type, or `fields` cannot be read.
 */
export function parseDBackupWebhook(body: unknown): DBackupWebhookEvent {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      throw new DBackupWebhookPayloadError('the body is not JSON');
    }
  }
  if (!isRecord(value)) throw new DBackupWebhookPayloadError('the body must be a JSON object');
  const title = typeof value.title === 'string' ? value.title.trim() : '';
  if (title === '') throw new DBackupWebhookPayloadError('"title" must be a non-empty string');
  const success = booleanOf(value.success);
  if (success === undefined) throw new DBackupWebhookPayloadError('"success" must be true or false');
  const sentAt = isoOf(value.timestamp);
  if (sentAt === undefined) throw new DBackupWebhookPayloadError('"timestamp" must be an ISO 8601 date-time');
  if (value.message !== undefined && typeof value.message !== 'string') {
    throw new DBackupWebhookPayloadError('"message" must be a string');
  }
  if (value.eventType !== undefined && typeof value.eventType !== 'string') {
    throw new DBackupWebhookPayloadError('"eventType" must be a string');
  }
  const fields = fieldsOf(value.fields);
  const field = (name: string) => fields.find((f) => f.name.toLowerCase() === name.toLowerCase())?.value;
  const eventType = value.eventType?.trim() || undefined;
  const titled = TITLE.exec(title);
  const outcome =
    (eventType === undefined ? undefined : OUTCOME_OF_EVENT[eventType]) ??
    (titled?.[1] === undefined ? undefined : OUTCOME_OF_TITLE[titled[1]]);
  const kind = outcome !== undefined ? 'backup' : eventType === 'test' ? 'test' : 'other';
  const jobName = kind === 'backup' ? field('Job')?.trim() || titled?.[2]?.trim() || undefined : undefined;
  return {
    kind,
    outcome,
    jobName,
    time: isoOf(field('Time')) ?? sentAt,
    sentAt,
    eventType,
    title,
    message: typeof value.message === 'string' ? value.message : '',
    success,
    color: typeof value.color === 'string' ? value.color : undefined,
    fields,
    field,
  };
}
