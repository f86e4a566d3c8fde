/**
 * Schemas for system tasks: `GET /api/settings/system-tasks`, `POST` (update) and `PUT`
 * (run now).
 *
 * @module
 */
import * as z from 'zod';
import { lenientBoolean } from '../../core/lenient';
import { dbackupSuccessResultSchema } from './shared';

/**
 * One system task of `GET /api/settings/system-tasks`. `id` is required; unknown keys are kept.
 */
export const dbackupSystemTaskSchema = z.looseObject({
  /** Namespaced task id (`system.integrity_check`, `system.health_check`, …). */
  id: z.string(),
  /** Display name. */
  label: z.string().optional(),
  /** What the task does. */
  description: z.string().optional(),
  /** 5-part cron expression. */
  schedule: z.string().optional(),
  /** Whether it also runs when the server starts. */
  runOnStartup: lenientBoolean.optional(),
  /** Whether the scheduler runs it. */
  enabled: lenientBoolean.optional(),
  /** Last run (ISO 8601), or `null`. */
  lastRunAt: z.string().nullish(),
  /** Next scheduled run (ISO 8601), or `null` when disabled. */
  nextRunAt: z.string().nullish(),
  /** Time zone the schedule is evaluated in. */
  timezone: z.string().optional(),
});

/** One system task. */
export interface DBackupSystemTask extends z.output<typeof dbackupSystemTaskSchema> {}

/** The body of `GET /api/settings/system-tasks`: an array of tasks. */
export const dbackupSystemTaskListSchema = z.array(dbackupSystemTaskSchema);

/** A parsed system-task list. */
export type DBackupSystemTaskList = z.output<typeof dbackupSystemTaskListSchema>;

/** The body of `POST /api/settings/system-tasks` (update a task): `{ success: true }`. */
export const dbackupSystemTaskUpdateResultSchema = dbackupSuccessResultSchema;

/** A parsed system-task update result. */
export interface DBackupSystemTaskUpdateResult extends z.output<typeof dbackupSystemTaskUpdateResultSchema> {}

/**
 * The body of `PUT /api/settings/system-tasks` (run now). Tasks that create an execution (the
 * integrity check: type `IntegrityCheck`, `jobId` null) return its `executionId`; the docs show
 * `{ success, message }` instead.
 */
export const dbackupSystemTaskRunResultSchema = z.looseObject({
  /** `true` when the task started. */
  success: lenientBoolean.optional(),
  /** The execution created by the task, when it creates one. */
  executionId: z.string().optional(),
  /** A message such as `"Task started"`. */
  message: z.string().optional(),
});

/** A parsed run-now result. */
export interface DBackupSystemTaskRunResult extends z.output<typeof dbackupSystemTaskRunResultSchema> {}
