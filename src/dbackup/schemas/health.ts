/**
 * Schema for `GET /api/health` (public; 200 when healthy, 503 with the same shape when not).
 *
 * @module
 */
import * as z from 'zod';
import { lenientNumber, requiredLenientEnum } from '../../core/lenient';
import { rawTextRequired, withRawText } from './shared';

/** Health states of the server. Anything else parses as `'unknown'`. */
export const DBACKUP_HEALTH_STATUSES = ['healthy', 'unhealthy'] as const;

/** A server health state as parsed, or `'unknown'`. */
export type DBackupHealthStatus = (typeof DBACKUP_HEALTH_STATUSES)[number] | 'unknown';

/** The body of `GET /api/health`. `status` is required; unknown keys are kept. */
export const dbackupHealthSchema = withRawText(
  z.looseObject({
    /** `healthy` or `unhealthy` (database unreachable), mapped leniently. */
    status: requiredLenientEnum(DBACKUP_HEALTH_STATUSES),
    /** The status exactly as sent. */
    statusText: rawTextRequired,
    /** Process uptime in seconds. */
    uptime: lenientNumber.optional(),
    /** Server time (ISO 8601). */
    timestamp: z.string().optional(),
    /** Database state (`connected`, …). */
    database: z.string().optional(),
    /** Process memory in MB. */
    memory: z
      .looseObject({
        /** Resident set size, MB. */
        rss: lenientNumber.optional(),
        /** Heap used, MB. */
        heapUsed: lenientNumber.optional(),
        /** Heap total, MB. */
        heapTotal: lenientNumber.optional(),
      })
      .optional(),
    /** Time the check took, in milliseconds. */
    responseTime: lenientNumber.optional(),
  }),
  { status: 'statusText' },
);

/** A parsed health body. */
export interface DBackupHealth extends z.output<typeof dbackupHealthSchema> {}
