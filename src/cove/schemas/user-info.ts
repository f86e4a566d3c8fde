/**
 * The user record `Login` returns (`result.result`).
 *
 * @module
 */
import * as z from 'zod';
import { lenientNumber } from '../../core/lenient';
import { dropUndefined } from './records';

/**
 * A Cove user as `Login` returns it. Only `PartnerId` is required (the SDK relies on nothing else):
 * a restricted API user's Login result may carry just `PartnerId`, `Name` and `Flags`. Every other
 * field is kept when present. `Password` (always `null` in practice) is removed.
 */
export interface UserInfo {
  /** The partner (customer) the user belongs to: the root of everything the client can see. */
  PartnerId: number;
  /** User flags, e.g. `AllowApiAuthentication`, `SecurityOfficer`, `NonInteractive`; `[]` when not sent. */
  Flags: string[];
  /** The user id, when sent. */
  Id?: number | undefined;
  /** Login name, when sent. */
  Name?: string | undefined;
  /** E-mail address, when sent (`null` when the server sent `null`). */
  EmailAddress?: string | null | undefined;
  /** First name, when sent. */
  FirstName?: string | null | undefined;
  /** Full name (Cove puts the surname here), when sent. */
  FullName?: string | null | undefined;
  /** Role id, when sent. */
  RoleId?: number | undefined;
  /** Title, when sent. */
  Title?: string | null | undefined;
  /** First login, Unix seconds, when sent. */
  FirstLoginTime?: number | undefined;
  /** Previous login, Unix seconds, when sent. */
  LastLoginTime?: number | undefined;
  /** Any other field the server sent. */
  [key: string]: unknown;
}

const optional = <T>(schema: z.ZodType<T>) => schema.optional().catch(undefined);

/** Lenient schema of {@link UserInfo}: only `PartnerId` is validated strictly. */
export const UserInfoSchema: z.ZodType<UserInfo> = z
  .looseObject({
    PartnerId: lenientNumber,
    Flags: z
      .array(z.string())
      .nullish()
      .catch(null)
      .transform((flags) => flags ?? []),
    Id: optional(lenientNumber),
    Name: optional(z.string()),
    EmailAddress: optional(z.string().nullable()),
    FirstName: optional(z.string().nullable()),
    FullName: optional(z.string().nullable()),
    RoleId: optional(lenientNumber),
    Title: optional(z.string().nullable()),
    FirstLoginTime: optional(lenientNumber),
    LastLoginTime: optional(lenientNumber),
  })
  .transform(({ Password: _password, ...user }) => dropUndefined(user) as UserInfo);
