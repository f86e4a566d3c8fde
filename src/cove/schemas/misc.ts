/**
 * Results whose shape N-able does not publish: `EnumerateColumns` rows and `GetServerInfo`. Both
 * are read leniently and keep every key.
 *
 * @module
 */
import * as z from 'zod';
import { dropUndefined } from './records';

/** One column `EnumerateColumns` lists for a partner (shape undocumented; every key is kept). */
export interface ColumnDescriptor {
  /** Column id: a code such as `'D09F00'` or a number (custom columns are requested as `AA<Id>`). */
  Id?: string | number | undefined;
  /** Column name, when sent. */
  Name?: string | undefined;
  /** Any other field the server sent. */
  [key: string]: unknown;
}

/** Lenient schema of {@link ColumnDescriptor}. */
export const ColumnDescriptorSchema: z.ZodType<ColumnDescriptor> = z
  .looseObject({
    Id: z.union([z.number(), z.string()]).optional().catch(undefined),
    Name: z.string().optional().catch(undefined),
  })
  .transform((column) => dropUndefined(column) as ColumnDescriptor);

/** `GetServerInfo`'s result: server/version details (shape undocumented; every key is kept). */
export type ServerInfo = Record<string, unknown>;

/** Lenient schema of {@link ServerInfo}. */
export const ServerInfoSchema: z.ZodType<ServerInfo> = z.looseObject({});
