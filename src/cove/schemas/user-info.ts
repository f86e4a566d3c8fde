/**
 * The user record `Login` returns (`result.result`).
 *
 * @module
 */
import * as z from 'zod';
import { lenientNumber, nullableString } from '../../core/lenient';

/**
 * A Cove user as `Login` returns it. Extra keys the server adds are kept. `Password` (always
 * `null` in practice) is removed.
 */
export interface UserInfo {
  /** The user id. */
  Id: number;
  /** Login name. */
  Name: string;
  /** The partner (customer) the user belongs to: the root of everything the client can see. */
  PartnerId: number;
  /** User flags, e.g. `AllowApiAuthentication`, `SecurityOfficer`, `NonInteractive`. */
  Flags: string[];
  /** E-mail address, or `null`. */
  EmailAddress: string | null;
  /** First name, or `null`. */
  FirstName: string | null;
  /** Full name (Cove puts the surname here), or `null`. */
  FullName: string | null;
  /** Role id, when sent. */
  RoleId?: number | undefined;
  /** Title, or `null`. */
  Title: string | null;
  /** First login, Unix seconds, when sent. */
  FirstLoginTime?: number | undefined;
  /** Previous login, Unix seconds, when sent. */
  LastLoginTime?: number | undefined;
  /** Any other field the server sent. */
  [key: string]: unknown;
}

/** Lenient schema of {@link UserInfo}. */
export const UserInfoSchema: z.ZodType<UserInfo> = z
  .looseObject({
    Id: lenientNumber,
    Name: z.string(),
    PartnerId: lenientNumber,
    Flags: z
      .array(z.string())
      .nullish()
      .transform((flags) => flags ?? []),
    EmailAddress: nullableString,
    FirstName: nullableString,
    FullName: nullableString,
    RoleId: lenientNumber.optional(),
    Title: nullableString,
    FirstLoginTime: lenientNumber.optional(),
    LastLoginTime: lenientNumber.optional(),
  })
  .transform(({ Password: _password, ...user }) => user);
