/**
 * The mock's generic-webhook notification channel: when a backup run of a job that uses the
 * channel ends, it renders DBackup's backup templates, POSTs the generic webhook body (or a
 * `{{var}}` template) to the configured target, and writes a `NotificationLog` row after the
 * delivery, as DBackup's completion step does (`src/lib/runner/steps/04-completion.ts`).
 *
 * @internal
 * @module
 */
import { humanSize, iso, ms, newId } from './fake';
import { adapter } from './state';
import type { DBackupMockAdapter, DBackupMockExecution, DBackupMockJob, DBackupMockState } from './types';

/**
 * Where the mock's generic-webhook channel delivers: a URL (sent with the global `fetch`), or a
 * Fetch-API handler called in-process (e.g. the one `createDBackupWebhookHandler` returns).
 */
export type DBackupMockWebhookTarget = string | ((request: Request) => Response | Promise<Response>);

/** Options of the mock's generic-webhook notification channel (`DBackupMockOptions.webhook`). */
export interface DBackupMockWebhookOptions {
  /** Where to deliver. A URL string is what DBackup stores as `webhookUrl`. */
  target: DBackupMockWebhookTarget;
  /** Extra headers (DBackup's "custom headers", e.g. a shared secret such as `X-Webhook-Secret`). */
  headers?: Record<string, string>;
  /** A `{{title}} {{message}} {{success}} {{color}} {{timestamp}} {{eventType}} {{fields}}` template; default: the JSON body. */
  payloadTemplate?: string;
  /** The channel's name. Default `Backupchecks`. */
  channelName?: string;
  /**
   * Which jobs use the channel, by id. Default: every seeded job (jobs created later through the
   * API use it when their `notificationIds` include {@link DBACKUP_MOCK_WEBHOOK_CHANNEL_ID}).
   */
  jobIds?: readonly string[];
}

/** Adapter config id of the mock's generic-webhook channel. */
export const DBACKUP_MOCK_WEBHOOK_CHANNEL_ID = '6b1c3f52-8d5e-4c0a-9a57-0c2f4b7e9d10';

const LEGACY_EVENTS: Readonly<Record<string, string>> = {
  ALWAYS: 'SUCCESS|PARTIAL|FAILED',
  FAILURE_ONLY: 'PARTIAL|FAILED',
  SUCCESS_ONLY: 'SUCCESS',
};

interface Rendered {
  eventType: string;
  title: string;
  message: string;
  success: boolean;
  color: string;
  fields: { name: string; value: string; inline?: boolean }[];
}

/** Renders DBackup's backup templates for a finished run. */
function render(
  record: DBackupMockExecution,
  job: DBackupMockJob,
  source: DBackupMockAdapter | undefined,
  final: Readonly<Record<string, unknown>>,
) {
  const endedAt = record.endedAt ?? record.startedAt;
  const duration = ms(endedAt) - ms(record.startedAt);
  const timestamp = endedAt;
  const jobField = { name: 'Job', value: job.name, inline: true };
  const sourceField = source ? [{ name: 'Source', value: source.name, inline: true }] : [];
  const timeField = { name: 'Time', value: timestamp, inline: true };
  const sizeField =
    record.size === null ? [] : [{ name: 'Size', value: humanSize(record.size), inline: true }];
  const durationField = [{ name: 'Duration', value: `${Math.round(duration / 1000)}s`, inline: true }];
  if (record.status === 'Success') {
    return {
      eventType: 'backup_success',
      title: `Backup Successful: ${job.name}`,
      message: `Backup job '${job.name}' completed successfully.`,
      success: true,
      color: '#22c55e',
      fields: [jobField, ...sourceField, ...durationField, ...sizeField, timeField],
    } satisfies Rendered;
  }
  if (record.status === 'Partial') {
    // The finalize step's metadata: the notification goes out before the log flusher overwrites it.
    const destinations = Array.isArray(final.destinations)
      ? (final.destinations as { name?: string; status?: string }[])
      : [];
    const summary = destinations
      .map((d) => `${d.status === 'success' ? '✓' : '✗'} ${d.name ?? ''}`)
      .join(', ');
    const error = `Partial upload: ${summary}`;
    return {
      eventType: 'backup_partial',
      title: `Backup Partial: ${job.name}`,
      message: `Backup job '${job.name}' completed with partial success - some destinations failed. Details: ${error}`,
      success: false,
      color: '#f97316',
      fields: [
        jobField,
        ...sourceField,
        ...durationField,
        ...sizeField,
        { name: 'Details', value: error, inline: false },
        timeField,
      ],
    } satisfies Rendered;
  }
  // Failed and Cancelled both send the failure event.
  const error = record.logs.find((l) => l.level === 'error')?.message;
  return {
    eventType: 'backup_failure',
    title: `Backup Failed: ${job.name}`,
    message: `Backup job '${job.name}' failed.${error ? ` Error: ${error}` : ''}`,
    success: false,
    color: '#ef4444',
    fields: [
      jobField,
      ...sourceField,
      ...(error ? [{ name: 'Error', value: error, inline: false }] : []),
      timeField,
    ],
  } satisfies Rendered;
}

function renderTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => variables[key] ?? '');
}

/** Sends the mock's webhook notifications and records them. */
export class MockNotifier {
  readonly #options: DBackupMockWebhookOptions;
  readonly #store: DBackupMockState;
  readonly #now: () => number;
  readonly #pending = new Set<Promise<void>>();
  /** Off while the seed history is replayed: those runs ended before the channel existed. */
  enabled = false;

  constructor(options: DBackupMockWebhookOptions, store: DBackupMockState, now: () => number) {
    this.#options = options;
    this.#store = store;
    this.#now = now;
  }

  /** The channel's adapter row (added to the store so jobs can reference it). */
  channel(): DBackupMockAdapter {
    const target = this.#options.target;
    const at = iso(this.#now());
    return adapter({
      id: DBACKUP_MOCK_WEBHOOK_CHANNEL_ID,
      name: this.#options.channelName ?? 'Backupchecks',
      type: 'notification',
      adapterId: 'generic-webhook',
      config: {
        webhookUrl: typeof target === 'string' ? target : 'https://backupchecks.mock.test/dbackup-webhook',
        method: 'POST',
        contentType: 'application/json',
        ...(this.#options.headers
          ? {
              customHeaders: Object.entries(this.#options.headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n'),
            }
          : {}),
        ...(this.#options.payloadTemplate ? { payloadTemplate: this.#options.payloadTemplate } : {}),
      },
      createdAt: at,
      updatedAt: at,
    });
  }

  /** Adds the channel to the store and subscribes the configured (or all) jobs. */
  install(): void {
    const channel = this.channel();
    this.#store.adapters.push(channel);
    const ids = this.#options.jobIds;
    for (const job of this.#store.jobs) {
      if ((ids === undefined || ids.includes(job.id)) && !job.notificationIds.includes(channel.id)) {
        job.notificationIds.push(channel.id);
      }
    }
  }

  /** Called by the run engine when a run reaches its terminal status. */
  onFinalize(record: DBackupMockExecution, final: Readonly<Record<string, unknown>>): void {
    if (!this.enabled || record.type !== 'Backup' || record.jobId === null) return;
    const job = this.#store.jobs.find((j) => j.id === record.jobId);
    if (!job?.notificationIds.includes(DBACKUP_MOCK_WEBHOOK_CHANNEL_ID)) return;
    const events = new Set(
      (LEGACY_EVENTS[job.notificationEvents] ?? job.notificationEvents ?? LEGACY_EVENTS.ALWAYS ?? '').split(
        '|',
      ),
    );
    const event =
      record.status === 'Success' ? 'SUCCESS' : record.status === 'Partial' ? 'PARTIAL' : 'FAILED';
    if (!events.has(event)) return;
    const source = this.#store.adapters.find((a) => a.id === job.sourceId);
    const delivery = this.#deliver(record, render(record, job, source, final)).finally(() => {
      this.#pending.delete(delivery);
    });
    this.#pending.add(delivery);
  }

  /** Resolves once every delivery started so far has finished (and its log row is written). */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async #deliver(record: DBackupMockExecution, payload: Rendered): Promise<void> {
    const timestamp = record.endedAt ?? iso(this.#now());
    const body = this.#options.payloadTemplate
      ? renderTemplate(this.#options.payloadTemplate, {
          title: payload.title,
          message: payload.message,
          success: String(payload.success),
          color: payload.color,
          timestamp,
          eventType: payload.eventType,
          fields: JSON.stringify(payload.fields),
        })
      : JSON.stringify({
          title: payload.title,
          message: payload.message,
          success: payload.success,
          color: payload.color,
          timestamp,
          eventType: payload.eventType,
          fields: payload.fields,
        });
    const target = this.#options.target;
    const url = typeof target === 'string' ? target : 'https://backupchecks.mock.test/dbackup-webhook';
    const init: RequestInit = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.#options.headers },
      body,
    };
    let error: string | undefined;
    try {
      const response =
        typeof target === 'string' ? await fetch(url, init) : await target(new Request(url, init));
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) error = 'Notification delivery failed (adapter returned false)';
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    const channel = this.channel();
    this.#store.notificationLogs.push({
      id: newId(),
      eventType: payload.eventType,
      channelId: channel.id,
      channelName: channel.name,
      adapterId: channel.adapterId,
      status: error === undefined ? 'Success' : 'Failed',
      title: error === undefined ? payload.title : 'Backup Notification',
      message: error === undefined ? payload.message : '',
      fields: error === undefined ? JSON.stringify(payload.fields) : null,
      color: error === undefined ? payload.color : null,
      renderedHtml: null,
      renderedPayload: null,
      error: error ?? null,
      executionId: record.id,
      sentAt: iso(this.#now()),
    });
  }
}
