/**
 * DBackup 3.4 run (a `GET /api/history/runs` row or a `GET /api/history/runs/:id` detail) →
 * {@link BackupRun}. The run is read as the execution it describes and passed through the
 * execution mapping, so a run gets the same id, job, status, times and size whether it was read
 * from the 3.2 history or the 3.4 runs API; only `message` and `objects` come from what the runs
 * API adds (`note`, `problems`, `uploads`).
 *
 * @module
 */
import * as z from 'zod';
import type { BackupRun } from './backup-run';
import { nonEmpty as nonEmptyString, normalizeDBackupExecution, unwrap } from './dbackup';
import { NormalizeError, parseInput } from './errors';
import type { StatusMap } from './status-maps';

/**
 * A DBackup 3.4 run: a runs-list row, a run detail, the SDK's parsed form of either, or the
 * detail still wrapped in `{success, data}`. Only the fields below are read.
 */
export interface DBackupRunInput {
  /** The execution id. Required. */
  id: string;
  /** `Backup`, `Restore`, … */
  type?: string | null;
  /** `Pending`, `Running`, `Success`, `Partial`, `Failed`, `Cancelled`. */
  status?: string | null;
  /** The vendor's status word when a parsed `status` was narrowed (e.g. to `unknown`). */
  statusText?: string | null;
  /** The job's name (or a label for tasks). */
  name?: string | null;
  /** The job's id; `null` for tasks and deleted jobs. */
  jobId?: string | null;
  /** The job (detail). */
  job?: { id?: string | null; name?: string | null } | null;
  /** ISO 8601. */
  startedAt?: string | Date | null;
  /** ISO 8601; `null` while in flight. */
  endedAt?: string | Date | null;
  /** Duration of a finished run in ms; `null` while in flight. */
  durationMs?: number | string | null;
  /** Bytes stored. */
  size?: number | string | null;
  /** What went wrong, in a few words. */
  note?: string | null;
  /** Who started it: `kind` is `schedule`, `manual`, `api` or `none`. */
  starter?: { kind?: string | null; kindText?: string | null; label?: string | null } | null;
  /** Databases the run covered (detail). */
  databases?: readonly string[] | null;
  /** Problems (detail): the first `error` one is the message when there is no `note`. */
  problems?:
    | readonly {
        tone?: string | null;
        toneText?: string | null;
        title?: string | null;
        raw?: string | null;
      }[]
    | null;
  /** One entry per destination (detail): `done`, `failed`, `skipped`, `waiting`, `uploading`. */
  uploads?:
    | readonly {
        name?: string | null;
        configId?: string | null;
        adapterId?: string | null;
        state?: string | null;
        stateText?: string | null;
        error?: string | null;
      }[]
    | null;
}

const text = z.string().nullish();
const runSchema = z.object({
  id: z.string().trim().min(1, 'expected a non-empty run id'),
  type: text,
  status: text,
  statusText: text,
  name: text,
  jobId: text,
  job: z.object({ id: text, name: text }).nullish(),
  startedAt: z.union([z.string(), z.date()]).nullish(),
  endedAt: z.union([z.string(), z.date()]).nullish(),
  durationMs: z.unknown().optional(),
  size: z.unknown().optional(),
  note: text,
  starter: z
    .object({ kind: z.unknown().optional(), kindText: z.unknown().optional(), label: z.unknown().optional() })
    .nullish(),
  databases: z.array(z.string()).nullish(),
  problems: z
    .array(
      z.object({ tone: z.unknown().optional(), toneText: z.unknown().optional(), title: text, raw: text }),
    )
    .nullish(),
  uploads: z
    .array(
      z.object({
        name: text,
        configId: text,
        adapterId: text,
        state: z.unknown().optional(),
        stateText: z.unknown().optional(),
        error: text,
      }),
    )
    .nullish(),
});

/** The 3.4 starter kind → the trigger word DBackup's execution rows use. */
const TRIGGER_OF_STARTER: Readonly<Record<string, string>> = {
  schedule: 'Scheduler',
  manual: 'Manual',
  api: 'Api',
};

/** The 3.4 upload state → the destination status of execution metadata (others: unknown). */
const DESTINATION_STATUS_OF_UPLOAD: Readonly<Record<string, string>> = {
  done: 'success',
  failed: 'failed',
  skipped: 'skipped',
};

/** A trimmed non-empty string, or `undefined` (also for values that are not strings). */
function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' ? nonEmptyString(value) : undefined;
}

/**
 * Normalizes one DBackup 3.4 run to a {@link BackupRun}.
 *
 * The run is read as its execution (`durationMs` → `duration`, `starter` → `triggerType`/
 * `triggerLabel` with the words 3.2 uses: `Scheduler`, `Manual`, `Api`) and mapped by
 * `normalizeDBackupExecution`, so `id` is `dbackup:<execution id>` exactly as from the history:
 * a checkpoint carries across a server upgrade. Then:
 *
 * - **message**: `note` (DBackup's "what went wrong", which survives log retention), else the
 *   first `error` problem (`raw`, else `title`).
 * - **objects**: one `destination` per `uploads[]` entry (`done` → `success`, `failed`,
 *   `skipped`; `waiting`/`uploading`/other → `unknown`; `message` = its error), then one
 *   `database` per `databases[]` with status `unknown`. A runs-list row has neither, so its
 *   `objects` is `[]` ("not reported").
 *
 * @throws NormalizeError when the id is missing, or a field has the wrong type.
 */
export function normalizeDBackupRun(input: unknown, statusMap: StatusMap): BackupRun {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new NormalizeError('run', 'expected a DBackup run object');
  }
  const run = parseInput(runSchema, unwrap(input), 'run');
  const starterKind = nonEmpty(run.starter?.kindText) ?? nonEmpty(run.starter?.kind);
  const trigger = starterKind === undefined ? undefined : (TRIGGER_OF_STARTER[starterKind] ?? starterKind);
  const firstError = run.problems?.find((p) => (nonEmpty(p.toneText) ?? nonEmpty(p.tone)) === 'error');
  const message = nonEmpty(run.note) ?? nonEmpty(firstError?.raw) ?? nonEmpty(firstError?.title);
  const destinations = (run.uploads ?? []).map((upload, index) => {
    const state = nonEmpty(upload.stateText) ?? nonEmpty(upload.state);
    const name = nonEmpty(upload.name) ?? nonEmpty(upload.configId) ?? nonEmpty(upload.adapterId);
    if (name === undefined)
      throw new NormalizeError(`run.uploads[${index}].name`, 'expected a destination name');
    return {
      name,
      status: state === undefined ? undefined : (DESTINATION_STATUS_OF_UPLOAD[state] ?? state),
      error: nonEmpty(upload.error) ?? null,
    };
  });
  const execution = {
    id: run.id,
    jobId: nonEmpty(run.jobId) ?? nonEmpty(run.job?.id) ?? null,
    jobName: nonEmpty(run.job?.name) ?? nonEmpty(run.name) ?? null,
    type: run.type ?? null,
    status: nonEmpty(run.statusText) ?? run.status ?? null,
    startedAt: run.startedAt ?? null,
    endedAt: run.endedAt ?? null,
    duration: run.durationMs ?? null,
    size: run.size ?? null,
    error: message ?? null,
    metadata: { destinations, names: run.databases ?? [] },
    ...(trigger === undefined
      ? {}
      : {
          triggerType: trigger,
          triggerLabel: typeof run.starter?.label === 'string' ? run.starter.label : null,
        }),
  };
  try {
    return normalizeDBackupExecution(execution, statusMap);
  } catch (error) {
    // Name the run's own fields in the error, not the execution it was read as.
    if (error instanceof NormalizeError) {
      const field = error.field
        .replace(/^execution\.duration$/, 'run.durationMs')
        .replace(/^execution\.metadata\.destinations/, 'run.uploads')
        .replace(/^execution/, 'run');
      const problem = error.message.slice(`Cannot normalize run: ${error.field}: `.length);
      throw new NormalizeError(field, problem, { cause: error.cause });
    }
    throw error;
  }
}
