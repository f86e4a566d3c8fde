/**
 * Device (account) records from `EnumerateAccounts` and `GetAccountInfoById`, and the storage node
 * record `GetAccountInfoById` returns beside them. Device `Password` and `Token` are secrets: the
 * client strips them unless the caller asks for them.
 *
 * @module
 */
import * as z from 'zod';
import { lenientNumber, nullableString } from '../../core/lenient';
import { dropUndefined, optionalField } from './records';

/** Account types seen so far (`BackupManager`); open-ended. */
export type AccountType = 'BackupManager' | (string & {});

/**
 * A device (account) without its secrets. `Id` and `Name` are required (the storage-node calls
 * authenticate with the device name); every other field is optional and kept as sent. Extra keys
 * the server sent are kept, except `Password` and `Token`.
 */
export interface AccountInfo {
  /** Device (account) id: the `AccountId` of statistics rows. */
  Id: number;
  /** Device name. */
  Name: string;
  /** The partner (customer) the device belongs to, when sent. */
  PartnerId?: number | null | undefined;
  /** Alias, or `null`. */
  NameAlias: string | null;
  /** Account type. */
  Type?: AccountType | null | undefined;
  /** Creation time, Unix seconds. */
  CreationTime?: number | null | undefined;
  /** Expiration time, Unix seconds; `2147483647` means never. */
  ExpirationTime?: number | null | undefined;
  /** Removal time, Unix seconds; `0` means not removed. */
  RemovalTime?: number | null | undefined;
  /** Product (retention policy) id. */
  ProductId?: number | null | undefined;
  /** Location id. */
  LocationId?: number | null | undefined;
  /** Storage location id. */
  StorageLocationId?: number | null | undefined;
  /** Any other field the server sent. */
  [key: string]: unknown;
}

/**
 * A device with its secrets, returned only with `includeSecrets: true`. The `Token`
 * authenticates repserv and reporting calls for this device: keep it out of logs.
 */
export interface AccountInfoWithSecrets extends AccountInfo {
  /** The device password (may be masked by the server). */
  Password: string | null;
  /** The device token. */
  Token: string | null;
}

/** Lenient schema of an account, secrets included (the client strips them afterwards). */
export const AccountInfoSchema: z.ZodType<AccountInfoWithSecrets> = z
  .looseObject({
    Id: lenientNumber,
    Name: z.string(),
    PartnerId: optionalField(lenientNumber),
    NameAlias: nullableString.catch(null),
    Type: optionalField(z.string() as z.ZodType<string & {}>),
    CreationTime: optionalField(lenientNumber),
    ExpirationTime: optionalField(lenientNumber),
    RemovalTime: optionalField(lenientNumber),
    ProductId: optionalField(lenientNumber),
    LocationId: optionalField(lenientNumber),
    StorageLocationId: optionalField(lenientNumber),
    Password: nullableString.catch(null),
    Token: nullableString.catch(null),
  })
  .transform((account) => dropUndefined(account) as AccountInfoWithSecrets);

/** Returns a copy of `account` without `Password` and `Token`. The values are never logged. */
export function stripAccountSecrets(account: AccountInfoWithSecrets): AccountInfo {
  const { Password: _password, Token: _token, ...rest } = account;
  return rest;
}

/** The storage node that holds a device (`homeNodeInfo`); its `CommonInfo.Host` locates repserv. */
export interface StorageNodeInfo {
  /** Storage node id. */
  Id?: number | undefined;
  /** Connection details. `Host` is `host:port`. */
  CommonInfo?:
    | { Host?: string | undefined; Name?: string | undefined; [key: string]: unknown }
    | null
    | undefined;
  /** Any other field the server sent. */
  [key: string]: unknown;
}

/** Lenient schema of {@link StorageNodeInfo}. */
export const StorageNodeInfoSchema: z.ZodType<StorageNodeInfo> = z.looseObject({
  Id: lenientNumber.optional().catch(undefined),
  CommonInfo: z
    .looseObject({
      Host: z.string().optional().catch(undefined),
      Name: z.string().optional().catch(undefined),
    })
    .nullish()
    .catch(undefined),
});
