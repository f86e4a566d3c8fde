/**
 * `BackupRun`: the one record shape every vendor run is normalized to. This file holds the zod
 * schema, the inferred types and the JSON Schema generator. It imports nothing but zod, so the
 * schema script can load it directly with Node's type stripping.
 *
 * @module
 */
import * as z from 'zod';

/** The sources a {@link BackupRun} can come from. */
export const RUN_SOURCES = ['cove', 'dbackup'] as const;

/** Where a run came from: `cove` (N-able Cove Data Protection) or `dbackup` (DBackup). */
export type RunSource = (typeof RUN_SOURCES)[number];

/**
 * Every normalized run status, in Backupchecks' vocabulary plus the in-flight and synthetic ones.
 * `success`, `warning`, `failed`, `cancelled` and `missed` are terminal; `running` and `pending`
 * are in flight; `unknown` means the vendor status could not be read or mapped (see
 * `BackupRun.statusReason`).
 */
export const RUN_STATUSES = [
  'success',
  'warning',
  'failed',
  'cancelled',
  'running',
  'pending',
  'missed',
  'unknown',
] as const;

/** A normalized run status; see {@link RUN_STATUSES}. */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses after which a run never changes again. */
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = [
  'success',
  'warning',
  'failed',
  'cancelled',
  'missed',
];

/** Whether `status` is terminal (`success`, `warning`, `failed`, `cancelled` or `missed`). */
export function isTerminalStatus(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

/**
 * Per-object statuses: every run status, plus `skipped` for an object the vendor deliberately did
 * not process (a DBackup destination with status `skipped`).
 */
export const RUN_OBJECT_STATUSES = [...RUN_STATUSES, 'skipped'] as const;

/** A per-object status; see {@link RUN_OBJECT_STATUSES}. */
export type RunObjectStatus = (typeof RUN_OBJECT_STATUSES)[number];

/** Zod schema of {@link RunStatus}. */
export const RunStatusSchema = z.enum(RUN_STATUSES).meta({
  description:
    'Normalized status. Terminal: success, warning, failed, cancelled, missed. In flight: running, pending. ' +
    'unknown: the vendor status was missing or unmapped (see statusReason).',
});

/** Zod schema of {@link RunObjectStatus}. */
export const RunObjectStatusSchema = z.enum(RUN_OBJECT_STATUSES).meta({
  description:
    'Per-object status: a run status, or skipped when the vendor deliberately did not process the object.',
});

const isoUtc = z.iso
  .datetime({ offset: false })
  .meta({ description: 'ISO 8601 timestamp in UTC (Z suffix).' });
const nonNegativeInt = z.number().int().nonnegative();

/** Zod schema of {@link RunObject}. */
export const RunObjectSchema = z
  .object({
    name: z.string().min(1).meta({ description: 'Object name: data source, destination or database.' }),
    type: z.string().min(1).meta({ description: 'Object type: "data-source", "destination" or "database".' }),
    status: RunObjectStatusSchema,
    message: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Error text for this object, when the vendor gave one.' }),
  })
  .meta({ title: 'RunObject', description: 'A per-object result inside a run.' });

/** A per-object result inside a run: a Cove data source, a DBackup destination or database. */
export type RunObject = z.infer<typeof RunObjectSchema>;

/** Zod schema of {@link BackupRun}. Its JSON Schema ships as `schema/backup-run.schema.json`. */
export const BackupRunSchema = z
  .object({
    id: z.string().min(1).meta({ description: 'Globally unique, stable run id: "<source>:<externalId>".' }),
    source: z.enum(RUN_SOURCES).meta({ description: 'Where the run came from.' }),
    externalId: z.string().min(1).meta({
      description:
        'Stable per-source run key (Backupchecks JobRun.external_id): the same run gives the same value on every poll.',
    }),
    idDerivation: z
      .object({
        method: z.literal('fingerprint').meta({
          description: 'fingerprint: a hash of the last-session figures the vendor returned.',
        }),
        columns: z.array(z.string().min(1)).min(1).meta({
          description: 'The vendor columns the fingerprint was computed from, e.g. ["D01F02", "D09F00"].',
        }),
      })
      .optional()
      .meta({
        description:
          'Present when the vendor gave no session id or time, so externalId was derived (Cove without D09F15: ' +
          '"<device>:fp-<hash>"). It changes when the last session changes, but two sessions with identical ' +
          "figures get the same id. Absent when externalId is the vendor's own session key.",
      }),
    software: z.string().min(1).meta({ description: 'Display name of the backup software.' }),
    instance: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          'Which server or tenant the run came from, as named by the caller (e.g. the DBackup base URL). ' +
          'Job identity across servers is (instance, job.id): job ids such as "task:IntegrityCheck" repeat ' +
          'on every DBackup server. Absent when the caller did not name one; id does not depend on it.',
      }),
    job: z
      .object({
        id: z.string().min(1).meta({ description: 'Stable job identity, used to group runs into one job.' }),
        name: z.string().min(1).meta({ description: 'Job display name.' }),
        type: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'Job or run type, e.g. "Backup", "IntegrityCheck".' }),
      })
      .meta({ description: 'The job (DBackup) or device (Cove) the run belongs to.' }),
    customer: z
      .object({
        id: z.string().min(1).meta({ description: 'Vendor customer/partner id.' }),
        name: z.string().min(1).optional().meta({ description: 'Customer display name.' }),
      })
      .optional()
      .meta({ description: 'The vendor-side customer, when the vendor has one.' }),
    host: z.string().min(1).optional().meta({ description: 'Computer / host name.' }),
    trigger: z
      .object({
        type: z.string().min(1).meta({
          description: "How the run was started, in the vendor's word (DBackup: Manual, Scheduler, Api).",
        }),
        label: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'Who or what started it: a user name, an API-key name, "Scheduler".' }),
      })
      .optional()
      .meta({ description: 'What started the run, when the vendor reports it.' }),
    status: RunStatusSchema,
    vendorStatus: z.string().min(1).optional().meta({ description: "The vendor's own status word or code." }),
    statusReason: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Why the status is unknown or how it was derived.' }),
    startedAt: isoUtc.optional(),
    endedAt: isoUtc.optional(),
    durationMs: nonNegativeInt.optional().meta({ description: 'Run duration in milliseconds.' }),
    sizeBytes: nonNegativeInt.optional().meta({ description: 'Bytes this run wrote to backup storage.' }),
    errorCount: nonNegativeInt.optional().meta({
      description:
        'Number of errors the vendor itself counted for the run (Cove D09F06). Absent when the vendor reports no count (DBackup).',
    }),
    message: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Main error text of the run, for override matching.' }),
    objects: z.array(RunObjectSchema).meta({
      description:
        'Per-object results; empty when the vendor gave none. Empty means "not reported", not "no objects": ' +
        'DBackup 3.2.0 does not expose per-destination results once a run has ended.',
    }),
  })
  .meta({
    title: 'BackupRun',
    description:
      'One backup run, normalized from Cove Data Protection or DBackup by @backupchecks/sdk. Absent data stays absent.',
  });

/** One backup run, normalized from any source. Absent data stays absent: no field is ever defaulted. */
export type BackupRun = z.infer<typeof BackupRunSchema>;

/**
 * The JSON Schema (draft 2020-12) of {@link BackupRun}, generated from {@link BackupRunSchema}.
 * `schema/backup-run.schema.json` is this value, written by `.ci/scripts/gen-json-schema.ts`; a test
 * fails when the checked-in file and this output differ.
 */
export function backupRunJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(BackupRunSchema, { target: 'draft-2020-12', io: 'output' }) as Record<
    string,
    unknown
  >;
}

const KEY_ORDER = [
  'id',
  'source',
  'externalId',
  'idDerivation',
  'software',
  'instance',
  'job',
  'customer',
  'host',
  'trigger',
  'status',
  'vendorStatus',
  'statusReason',
  'startedAt',
  'endedAt',
  'durationMs',
  'sizeBytes',
  'errorCount',
  'message',
  'objects',
] as const;

/**
 * Returns a copy of `run` with its keys in schema order and `undefined` fields dropped, so that
 * output is stable byte for byte and reads well.
 */
export function orderRunKeys(run: BackupRun): BackupRun {
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (run[key] !== undefined) out[key] = run[key];
  return out as BackupRun;
}
