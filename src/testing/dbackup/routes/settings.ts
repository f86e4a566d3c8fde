/**
 * `/api/settings/system-tasks`: list (GET), update (POST) and run now (PUT).
 *
 * @internal
 * @module
 */
import * as z from 'zod';
import { authStyles, KEY_OWNER_NAME, requireKey } from '../auth';
import { nextCronRun } from '../cron';
import { iso, newId } from '../fake';
import { planIntegrityCheck } from '../plans';
import { json, readJson } from '../responses';
import type { RouteDefinition } from '../router';

const taskUpdateSchema = z.object({
  taskId: z.string(),
  schedule: z.string().trim().min(1).optional(),
  runOnStartup: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

/** Settings routes. */
export const settingsRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/settings/system-tasks',
    handle({ auth, now }, { store }) {
      const key = requireKey(auth, 'settings:read', authStyles.uncaught);
      if (key instanceof Response) return key;
      return json(
        store.systemTasks.map((task) => {
          const next = task.enabled ? nextCronRun(task.schedule, now) : null;
          return {
            id: task.id,
            schedule: task.schedule,
            runOnStartup: task.runOnStartup,
            enabled: task.enabled,
            label: task.label,
            description: task.description,
            lastRunAt: task.lastRunAt,
            nextRunAt: next === null ? null : iso(next),
            timezone: 'UTC',
          };
        }),
      );
    },
  },
  {
    method: 'POST',
    path: '/api/settings/system-tasks',
    async handle({ auth, request }, { store }) {
      const key = requireKey(auth, 'settings:write', authStyles.uncaught);
      if (key instanceof Response) return key;
      const parsed = taskUpdateSchema.safeParse((await readJson(request)).value ?? null);
      if (!parsed.success) return json({ error: parsed.error.issues[0]?.message ?? 'Invalid input' }, 400);
      const task = store.systemTasks.find((t) => t.id === parsed.data.taskId);
      if (!task) return json({ error: 'Unknown system task' }, 400);
      const { schedule, runOnStartup, enabled } = parsed.data;
      if (schedule !== undefined) {
        if (nextCronRun(schedule, 0) === null)
          return json({ error: `Invalid cron expression: ${schedule}` }, 400);
        task.schedule = schedule;
      }
      if (runOnStartup !== undefined) task.runOnStartup = runOnStartup;
      if (enabled !== undefined) task.enabled = enabled;
      return json({ success: true });
    },
  },
  {
    method: 'PUT',
    path: '/api/settings/system-tasks',
    async handle({ auth, request, now }, runtime) {
      const key = requireKey(auth, 'settings:write', authStyles.uncaught);
      if (key instanceof Response) return key;
      const parsed = z.object({ taskId: z.string() }).safeParse((await readJson(request)).value ?? null);
      const task = parsed.success
        ? runtime.store.systemTasks.find((t) => t.id === parsed.data.taskId)
        : undefined;
      if (!task) return json({ error: 'Unknown system task' }, 400);
      if (task.id !== 'system.integrity_check') {
        task.lastRunAt = iso(now);
        return json({ success: true });
      }
      const running = runtime.store.executions.some(
        (e) => e.type === 'IntegrityCheck' && runtime.engine.isActive(e.id),
      );
      if (running) return json({ error: 'Task is already running' }, 409);
      const id = newId();
      const plan = planIntegrityCheck({
        store: runtime.store,
        queuedAt: now,
        pendingMs: runtime.timings.pendingMs,
        runningMs: runtime.timings.runningMs,
      });
      task.lastRunAt = iso(plan.runningAt);
      // System tasks record the key owner's user name as a manual trigger.
      runtime.engine.start(
        { id, jobId: null, type: 'IntegrityCheck', triggerType: 'Manual', triggerLabel: KEY_OWNER_NAME },
        plan,
        now,
      );
      return json({ success: true, executionId: id });
    },
  },
];
