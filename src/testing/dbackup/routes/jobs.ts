/**
 * `/api/jobs` routes: list, create, update, delete, and `POST /api/jobs/:id/run`.
 *
 * @internal
 * @module
 */
import * as z from 'zod';
import { authStyles, requireKey } from '../auth';
import { iso, newId } from '../fake';
import { planBackup } from '../plans';
import { jobView } from '../render';
import { isRecord, json, readJson } from '../responses';
import type { MockRuntime, RouteDefinition } from '../router';
import type { DBackupMockJob, DBackupMockJobDestination } from '../types';

const runBodySchema = z.object({ lock: z.boolean().optional() });

const destinationSchema = z.object({
  configId: z.string(),
  priority: z.number().int().optional(),
  retention: z.record(z.string(), z.unknown()).optional(),
  retentionPolicyId: z.string().nullable().optional(),
});

const jobFieldsSchema = z.object({
  name: z.string().min(1),
  schedule: z.string().min(1),
  destinations: z.array(destinationSchema).min(1),
  sourceId: z.string().nullable(),
  databases: z.array(z.string()),
  notificationIds: z.array(z.string()),
  enabled: z.boolean(),
  encryptionProfileId: z.string().nullable(),
  compression: z.string(),
  pgCompression: z.string(),
  notificationEvents: z.string(),
  namingTemplateId: z.string().nullable(),
  schedulePresetId: z.string().nullable(),
  skipVerification: z.boolean(),
  backupMode: z.string(),
  fullEveryDays: z.number().int(),
  verifyByHash: z.boolean(),
});
const jobPatchSchema = jobFieldsSchema.partial();
type JobPatch = z.infer<typeof jobPatchSchema>;

const FK_ERROR = (model: string) =>
  `\nInvalid \`prisma.${model}.create()\` invocation:\n\n\nForeign key constraint violated on the foreign key`;

function toDestinations(input: z.infer<typeof destinationSchema>[], at: string): DBackupMockJobDestination[] {
  return input.map((d, index) => ({
    id: newId(),
    configId: d.configId,
    priority: d.priority ?? index,
    retention: d.retention ?? {},
    retentionPolicyId: d.retentionPolicyId ?? null,
    createdAt: at,
    updatedAt: at,
  }));
}

/** Whether `patch` references adapters or profiles that do not exist (a foreign-key failure on the server). */
function missingReference(patch: JobPatch, runtime: MockRuntime): boolean {
  const ids = new Set(runtime.store.adapters.map((a) => a.id));
  if (patch.sourceId && !ids.has(patch.sourceId)) return true;
  if (patch.destinations?.some((d) => !ids.has(d.configId))) return true;
  if (patch.notificationIds?.some((id) => !ids.has(id))) return true;
  if (
    patch.encryptionProfileId &&
    !runtime.store.encryptionProfiles.some((p) => p.id === patch.encryptionProfileId)
  ) {
    return true;
  }
  return false;
}

function applyPatch(job: DBackupMockJob, patch: JobPatch, at: string): void {
  const { destinations, ...scalars } = patch;
  Object.assign(job, Object.fromEntries(Object.entries(scalars).filter(([, v]) => v !== undefined)));
  if (destinations) job.destinations = toDestinations(destinations, at);
  job.updatedAt = at;
}

/** Job routes. */
export const jobRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/jobs',
    handle({ auth, now }, { store }) {
      const key = requireKey(auth, 'jobs:read', authStyles.caughtFixed('Failed to fetch jobs'));
      if (key instanceof Response) return key;
      const jobs = [...store.jobs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      return json(jobs.map((job) => jobView(job, store, now, 'list')));
    },
  },
  {
    method: 'POST',
    path: '/api/jobs',
    async handle({ auth, request, now }, runtime) {
      const key = requireKey(auth, 'jobs:write', authStyles.caughtMessage);
      if (key instanceof Response) return key;
      const { value, error } = await readJson(request);
      if (!isRecord(value)) return json({ error: error ?? 'Invalid request body' }, 500);
      if (
        typeof value.name !== 'string' ||
        !value.name ||
        typeof value.schedule !== 'string' ||
        !value.schedule ||
        !Array.isArray(value.destinations) ||
        value.destinations.length === 0
      ) {
        return json({ error: 'Missing required fields (name, schedule, destinations)' }, 400);
      }
      const parsed = jobPatchSchema.safeParse(value);
      if (!parsed.success)
        return json({ error: parsed.error.issues[0]?.message ?? 'Invalid request body' }, 400);
      const patch = parsed.data;
      if (runtime.store.jobs.some((j) => j.name === patch.name)) {
        return json({ error: `A job with the name "${patch.name}" already exists` }, 409);
      }
      if (missingReference(patch, runtime)) return json({ error: FK_ERROR('job') }, 500);
      const at = iso(now);
      const job: DBackupMockJob = {
        id: newId(),
        name: patch.name ?? '',
        schedule: patch.schedule ?? '',
        enabled: true,
        sourceId: null,
        databases: [],
        encryptionProfileId: null,
        compression: 'NONE',
        pgCompression: '',
        namingTemplateId: null,
        schedulePresetId: null,
        createdAt: at,
        updatedAt: at,
        notificationEvents: 'ALWAYS',
        skipVerification: false,
        backupMode: 'FULL',
        fullEveryDays: 7,
        verifyByHash: false,
        destinations: [],
        notificationIds: [],
      };
      applyPatch(job, patch, at);
      job.updatedAt = at;
      runtime.store.jobs.push(job);
      return json(jobView(job, runtime.store, now, 'written'), 201);
    },
  },
  {
    method: 'PUT',
    path: '/api/jobs/:id',
    async handle({ auth, request, params, now }, runtime) {
      const key = requireKey(auth, 'jobs:write', authStyles.uncaught);
      if (key instanceof Response) return key;
      const job = runtime.store.jobs.find((j) => j.id === params.id);
      if (!job) return json({ error: 'Job not found' }, 404);
      const { value, error } = await readJson(request);
      if (!isRecord(value)) return json({ error: error ?? 'Invalid request body' }, 500);
      const parsed = jobPatchSchema.safeParse(value);
      if (!parsed.success)
        return json({ error: parsed.error.issues[0]?.message ?? 'Invalid request body' }, 400);
      const patch = parsed.data;
      if (patch.name && runtime.store.jobs.some((j) => j.name === patch.name && j.id !== job.id)) {
        return json({ error: `A job with the name "${patch.name}" already exists` }, 409);
      }
      if (missingReference(patch, runtime)) return json({ error: FK_ERROR('job') }, 500);
      applyPatch(job, patch, iso(now));
      return json(jobView(job, runtime.store, now, 'written'));
    },
  },
  {
    method: 'DELETE',
    path: '/api/jobs/:id',
    handle({ auth, params }, { store }) {
      const key = requireKey(auth, 'jobs:write', authStyles.uncaught);
      if (key instanceof Response) return key;
      const index = store.jobs.findIndex((j) => j.id === params.id);
      if (index < 0) return json({ error: 'Job not found' }, 404);
      store.jobs.splice(index, 1);
      // Execution.jobId is ON DELETE SET NULL.
      for (const execution of store.executions) if (execution.jobId === params.id) execution.jobId = null;
      return json({ success: true });
    },
  },
  {
    method: 'POST',
    path: '/api/jobs/:id/run',
    async handle({ auth, request, params, now }, runtime) {
      const key = requireKey(auth, 'jobs:execute', authStyles.strict);
      if (key instanceof Response) return key;
      let lock = false;
      // The body is only read when the content-type says JSON; unparseable JSON counts as empty.
      if (request.headers.get('content-type')?.includes('application/json')) {
        const { value } = await readJson(request);
        if (value !== undefined) {
          const parsed = runBodySchema.safeParse(value);
          if (!parsed.success) return json({ success: false, error: 'Invalid request body' }, 400);
          lock = parsed.data.lock === true;
        }
      }
      const job = runtime.store.jobs.find((j) => j.id === params.id);
      if (!job) return json({ success: false, error: FK_ERROR('execution') }, 500);
      const id = newId();
      const trigger = { type: 'Api', label: key.name };
      runtime.engine.start(
        { id, jobId: job.id, type: 'Backup', triggerType: trigger.type, triggerLabel: trigger.label },
        planBackup({
          job,
          source: runtime.store.adapters.find((a) => a.id === job.sourceId),
          destinations: [...job.destinations]
            .sort((a, b) => a.priority - b.priority)
            .flatMap((d) => runtime.store.adapters.filter((a) => a.id === d.configId)),
          queuedAt: now,
          pendingMs: runtime.timings.pendingMs,
          runningMs: runtime.timings.runningMs,
          lock,
          trigger,
        }),
        now,
      );
      return json({ success: true, executionId: id, message: 'Job queued successfully' });
    },
  },
];
