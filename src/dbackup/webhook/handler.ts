/**
 * `createDBackupWebhookHandler`: a Fetch-API handler `(Request) => Promise<Response>` that
 * receives DBackup's generic-webhook notifications and turns each backup notification into the
 * normalized {@link BackupRun} of the execution it announces, within seconds of the run's end.
 * It runs unchanged in Hono, Next.js route handlers, Bun, Deno and Cloudflare Workers; use
 * `toNodeListener` for Node's `http` module.
 *
 * @module
 */
import { readCappedText } from '../../core/body';
import { ConfigError, SdkError } from '../../core/errors';
import { type BackupRun, orderRunKeys } from '../../normalize/backup-run';
import { normalizeDBackupExecution } from '../../normalize/dbackup';
import { normalizeDBackupRun } from '../../normalize/dbackup-run';
import type { NormalizeOptions } from '../../normalize/normalize-run';
import { resolveStatusMap, type StatusMap } from '../../normalize/status-maps';
import type { DBackupClient } from '../client';
import type { DBackupHistoryEntry } from '../schemas';
import { type DBackupWebhookEvent, DBackupWebhookPayloadError, parseDBackupWebhook } from './parse';

/** What the handler needs from a `DBackupClient` (a test fake may implement just this). */
export type DBackupWebhookClient = Pick<
  DBackupClient,
  'detectVersion' | 'executions' | 'history' | 'notificationLogs'
>;

/** What {@link DBackupWebhookHandlerOptions.onRuns} is told besides the runs. */
export interface DBackupWebhookContext {
  /** The notification that announced the run. */
  event: DBackupWebhookEvent;
  /** The execution id the notification was matched to. */
  executionId: string;
}

/** Options of {@link createDBackupWebhookHandler}. */
export interface DBackupWebhookHandlerOptions {
  /** The client of the DBackup server that sends the notifications (needs `history:read`). */
  client: DBackupWebhookClient;
  /**
   * A shared secret. When set, every request must carry it in `secretHeader`, or as
   * `Authorization: Bearer <secret>` (DBackup's "Authorization header" setting); otherwise the
   * answer is 401. Add it in DBackup's generic-webhook channel as a custom header
   * (`X-Webhook-Secret: <secret>`). Compared in constant time.
   */
  secret?: string;
  /** The header that carries `secret`. Default `x-webhook-secret`. */
  secretHeader?: string;
  /**
   * Called with the normalized run of each backup notification, once per execution (a repeated
   * notification of the same execution is not passed on again by this handler). Called after the
   * response was sent; what it throws goes to `onError`.
   */
  onRuns(runs: BackupRun[], context: DBackupWebhookContext): void | Promise<void>;
  /**
   * Called when a notification was accepted but its run could not be imported (not found after
   * every retry, a DBackup error, or `onRuns` threw). Default: ignore, so a failure never crashes
   * the process; `collectRuns` still imports the run on its next poll.
   */
  onError?(error: unknown, event: DBackupWebhookEvent): void;
  /** Passed to `normalizeRun` (status-map overrides, `instance`). */
  normalize?: NormalizeOptions;
  /**
   * Waits before each look-up of the announced run, in ms. DBackup sends the notification right
   * after it wrote the run's final status, and writes its notification log only after the POST
   * was answered, so the first look-up waits a moment. Default `[500, 1000, 2000, 4000, 8000]`.
   */
  retryDelaysMs?: readonly number[];
  /** Largest body accepted, in bytes (413 above). Default 65 536. */
  maxBodyBytes?: number;
  /**
   * Keeps the import alive after the response on serverless platforms: pass Cloudflare's
   * `ctx.waitUntil` or Vercel's `waitUntil`. On a long-running server it is not needed.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** The handler: a Fetch-API function plus a way to wait for imports in flight. */
export interface DBackupWebhookHandler {
  /**
   * Answers one request: 202 for an accepted backup notification (the import continues in the
   * background), 200 for other notifications (ignored), 400 for a body that is not a DBackup
   * notification, 401 for a missing or wrong secret, 405 for a method other than POST, 413 for a
   * body over `maxBodyBytes`. Never throws.
   */
  (request: Request): Promise<Response>;
  /** Resolves once every import started so far has finished (for tests and graceful shutdown). */
  idle(): Promise<void>;
}

/** A backup notification was accepted, but the run it announces was not found. */
export class DBackupWebhookLookupError extends SdkError {
  override name = 'DBackupWebhookLookupError';
  /** The job the notification named. */
  readonly jobName: string | undefined;

  constructor(message: string, jobName: string | undefined) {
    super(message);
    this.jobName = jobName;
  }
}

const DEFAULT_DELAYS = [500, 1000, 2000, 4000, 8000] as const;
/** A run ends at most this long before its notification is rendered. */
const BEFORE_MS = 10 * 60_000;
/** Clocks may disagree a little. */
const AFTER_MS = 60_000;
const REMEMBERED_IDS = 1000;

const STATUSES_OF_OUTCOME: Readonly<Record<string, readonly string[]>> = {
  success: ['Success'],
  partial: ['Partial'],
  failure: ['Failed', 'Cancelled'],
};

function reply(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Compares two strings in time that depends on neither content (both are hashed first). */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Reads at most `limit` bytes of the body; `undefined` when it is larger. */
async function readBody(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return undefined;
  if (!request.body) return '';
  return readCappedText(request.body.getReader(), limit);
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates the webhook handler. It checks the secret, parses the notification, answers at once,
 * and then, in the background, finds the execution the notification announces and calls
 * `onRuns` with its normalized run.
 *
 * **Finding the run.** The body names no execution. The handler asks `GET /api/notification-logs`
 * (newest first) for the row DBackup wrote for this notification (same title, sent around the
 * same time), which carries the execution id; where that is not allowed or not there yet, it
 * takes the job's terminal run from `GET /api/history` whose status matches the outcome and whose
 * end is closest to the notification's time (from 10 minutes before to 1 minute after), skipping
 * runs it already delivered. Then it reads the run: `history.runs.get` on DBackup 3.4 (message
 * from the run's note, objects from its uploads), otherwise `executions.get` with logs. It tries
 * again after each of `retryDelaysMs`. Cost per notification: 2–3 requests.
 *
 * @example
 * ```ts
 * const handler = createDBackupWebhookHandler({
 *   client: dbackup,
 *   secret: process.env.WEBHOOK_SECRET,
 *   onRuns: (runs) => backupchecks.ingest(runs),
 * });
 * export default { fetch: handler }; // Bun, Deno, Workers; Hono: app.post('/dbackup', (c) => handler(c.req.raw))
 * ```
 * @throws ConfigError when an option is missing or of the wrong type.
 */
export function createDBackupWebhookHandler(options: DBackupWebhookHandlerOptions): DBackupWebhookHandler {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('createDBackupWebhookHandler needs an options object: `{ client, onRuns }`.');
  }
  const { client, onRuns, secret } = options;
  if (client === null || typeof client !== 'object' || typeof client.history?.list !== 'function') {
    throw new ConfigError('`client` must be a DBackupClient.');
  }
  if (typeof onRuns !== 'function') throw new ConfigError('`onRuns` must be a function.');
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
    throw new ConfigError('`secret` must be a non-empty string when given.');
  }
  const secretHeader = (options.secretHeader ?? 'x-webhook-secret').toLowerCase();
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  if (!Array.isArray(delays) || delays.length === 0 || delays.some((d) => !Number.isFinite(d) || d < 0)) {
    throw new ConfigError('`retryDelaysMs` must be a non-empty array of non-negative numbers.');
  }
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new ConfigError('`maxBodyBytes` must be a positive integer.');
  }
  // The DBackup mappings `normalizeRun` uses, without loading the Cove one into this entry point.
  let statusMap: StatusMap;
  try {
    statusMap = resolveStatusMap('dbackup', options.normalize?.statusMap);
  } catch (error) {
    throw new ConfigError(`\`normalize.statusMap\` is not valid: ${(error as Error).message}`);
  }
  const instance: unknown = options.normalize?.instance;
  if (instance !== undefined && (typeof instance !== 'string' || instance.trim() === '')) {
    throw new ConfigError('`normalize.instance` must be a non-empty string when given.');
  }
  const withInstance = (run: BackupRun) =>
    typeof instance === 'string' ? orderRunKeys({ ...run, instance }) : run;
  const pending = new Set<Promise<void>>();
  /** Execution ids this handler delivered or is delivering, oldest first. */
  const claimed = new Set<string>();
  /** Set once the notification log answered "not allowed": the handler then uses the history only. */
  let noNotificationLogs = false;

  const claim = (id: string) => {
    claimed.add(id);
    if (claimed.size > REMEMBERED_IDS) claimed.delete(claimed.values().next().value as string);
  };

  async function fromNotificationLogs(event: DBackupWebhookEvent): Promise<string | undefined> {
    if (noNotificationLogs) return undefined;
    try {
      const page = await client.notificationLogs.list({
        pageSize: 50,
        ...(event.eventType ? { eventType: event.eventType } : {}),
      });
      const sent = Date.parse(event.sentAt);
      const rows = page.data.filter((row) => {
        const at = Date.parse(row.sentAt ?? '');
        return (
          row.executionId &&
          row.title === event.title &&
          !claimed.has(row.executionId) &&
          at >= sent - AFTER_MS &&
          at <= sent + BEFORE_MS
        );
      });
      rows.sort(
        (a, b) => Math.abs(Date.parse(a.sentAt ?? '') - sent) - Math.abs(Date.parse(b.sentAt ?? '') - sent),
      );
      return rows[0]?.executionId ?? undefined;
    } catch (error) {
      const { status, serverMessage } = error as { status?: unknown; serverMessage?: unknown };
      // 3.4 answers a missing permission with 403, 3.2 with a 500 "Failed to fetch notification logs".
      if (
        status === 403 ||
        status === 404 ||
        (error as Error).name === 'DBackupPermissionError' ||
        (status === 500 && serverMessage === 'Failed to fetch notification logs')
      ) {
        noNotificationLogs = true;
      }
      return undefined;
    }
  }

  function fromHistory(event: DBackupWebhookEvent, entries: readonly DBackupHistoryEntry[]) {
    const time = Date.parse(event.time);
    const statuses = STATUSES_OF_OUTCOME[event.outcome ?? ''] ?? [];
    const matches = entries.filter((entry) => {
      const ended = Date.parse(entry.endedAt ?? '');
      return (
        entry.job?.name === event.jobName &&
        statuses.includes(entry.statusText) &&
        !claimed.has(entry.id) &&
        ended >= time - BEFORE_MS &&
        ended <= time + AFTER_MS
      );
    });
    matches.sort(
      (a, b) => Math.abs(Date.parse(a.endedAt ?? '') - time) - Math.abs(Date.parse(b.endedAt ?? '') - time),
    );
    return matches[0];
  }

  async function load(id: string, entry: DBackupHistoryEntry | undefined): Promise<BackupRun> {
    const capabilities = await client.detectVersion().catch(() => undefined);
    if (capabilities?.runs) {
      return withInstance(normalizeDBackupRun(await client.history.runs.get(id), statusMap));
    }
    const detail = await client.executions.get(id, { includeLogs: true });
    return withInstance(normalizeDBackupExecution({ ...entry, ...detail }, statusMap));
  }

  async function importRun(event: DBackupWebhookEvent): Promise<void> {
    for (const delay of delays) {
      await sleep(delay);
      let id = await fromNotificationLogs(event);
      let entry: DBackupHistoryEntry | undefined;
      const capabilities = await client.detectVersion().catch(() => undefined);
      if (id === undefined || !capabilities?.runs) {
        const history = await client.history.list();
        entry =
          id === undefined
            ? fromHistory(event, history.executions)
            : history.executions.find((e) => e.id === id);
        id ??= entry?.id;
      }
      if (id === undefined || claimed.has(id)) continue;
      claim(id);
      let run: BackupRun;
      try {
        run = await load(id, entry);
      } catch (error) {
        claimed.delete(id);
        throw error;
      }
      await onRuns([run], { event, executionId: id });
      return;
    }
    throw new DBackupWebhookLookupError(
      `No run of job "${event.jobName ?? '?'}" matching the notification "${event.title}" (${event.time}) was found ` +
        `after ${delays.length} look-ups. The next collectRuns poll will import it; check that the API key has \`history:read\`.`,
      event.jobName,
    );
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      if (request.method.toUpperCase() !== 'POST') {
        return new Response(JSON.stringify({ error: 'Use POST.' }), {
          status: 405,
          headers: { 'content-type': 'application/json', allow: 'POST' },
        });
      }
      if (secret !== undefined) {
        const authorization = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
        const given = request.headers.get(secretHeader) ?? authorization ?? '';
        if (!(await sameSecret(given, secret)))
          return reply(401, { error: 'Missing or wrong webhook secret.' });
      }
      const text = await readBody(request, maxBodyBytes);
      if (text === undefined) return reply(413, { error: `The body is larger than ${maxBodyBytes} bytes.` });
      let event: DBackupWebhookEvent;
      try {
        event = parseDBackupWebhook(text);
      } catch (error) {
        if (error instanceof DBackupWebhookPayloadError) return reply(400, { error: error.message });
        throw error;
      }
      if (event.kind !== 'backup')
        return reply(200, { accepted: false, reason: `ignored ${event.kind} notification` });
      const task = importRun(event)
        .catch((error: unknown) => {
          try {
            options.onError?.(error, event);
          } catch {
            // onError must never take the process down.
          }
        })
        .finally(() => {
          pending.delete(task);
        });
      pending.add(task);
      options.waitUntil?.(task);
      return reply(202, { accepted: true, job: event.jobName ?? null, outcome: event.outcome });
    } catch {
      return reply(400, { error: 'The request could not be read.' });
    }
  };
  return Object.assign(handler, {
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  });
}
