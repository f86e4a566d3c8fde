/**
 * Partner (customer) records: `GetPartnerInfo`, `GetPartnerInfoById` and `EnumeratePartners` rows.
 *
 * @module
 */
import * as z from 'zod';
import { lenientNumber } from '../../core/lenient';
import { dropUndefined, optionalField } from './records';

/** Partner levels seen so far; new ones arrive as plain strings. */
export type PartnerLevel =
  | 'Root'
  | 'SubRoot'
  | 'Distributor'
  | 'SubDistributor'
  | 'Reseller'
  | 'ServiceOrganization'
  | 'EndCustomer'
  | 'Site'
  | (string & {});

/** Partner states seen so far (`InTrial`, `Registered`, `InProduction`); open-ended. */
export type PartnerState = 'InTrial' | 'Registered' | 'InProduction' | (string & {});

/** Service types: `AllInclusive`, `SoftwareOnly`; open-ended. */
export type ServiceType = 'AllInclusive' | 'SoftwareOnly' | (string & {});

/** A partner's postal address. */
export interface PostAddress {
  Address?: string | null | undefined;
  City?: string | null | undefined;
  Country?: string | null | undefined;
  ZipCode?: string | null | undefined;
  [key: string]: unknown;
}

/** A partner's company details (many fields, all optional). */
export interface CompanyInfo {
  LegalCompanyName?: string | null | undefined;
  PhoneNumber?: string | null | undefined;
  PostAddress?: PostAddress | null | undefined;
  [key: string]: unknown;
}

/**
 * A partner (customer). `EnumeratePartners` returns only the fields asked for in `fields` plus
 * `Id`/`ParentId`, so everything except `Id` is optional; any field may also be `null` (e.g.
 * `ExternalCode: null`). Extra keys are kept.
 */
export interface PartnerInfo {
  /** Partner id: pass it as `partnerId` to other calls. */
  Id: number;
  /** Parent partner id (absent for the root). */
  ParentId?: number | null | undefined;
  /** Name, exactly as Login's `partner` expects it. */
  Name?: string | null | undefined;
  /** Level in the partner tree. */
  Level?: PartnerLevel | null | undefined;
  /** State (trial, production, …). */
  State?: PartnerState | null | undefined;
  /** Service type. */
  ServiceType?: ServiceType | null | undefined;
  /** Service types allowed for children, or `null`. */
  ChildServiceTypes?: ServiceType[] | null | undefined;
  /** Unique id string. */
  Uid?: string | null | undefined;
  /** Location id. */
  LocationId?: number | null | undefined;
  /** External reference code. */
  ExternalCode?: string | null | undefined;
  /** Flags, or `null`. */
  Flags?: string[] | null | undefined;
  /** Creation time, Unix seconds. */
  CreationTime?: number | null | undefined;
  /** Company details. */
  Company?: CompanyInfo | null | undefined;
  /** Any other field the server sent. */
  [key: string]: unknown;
}

const openString = z.string() as z.ZodType<string & {}>;

const optional = optionalField;

const CompanySchema = z.looseObject({
  LegalCompanyName: optional(z.string()),
  PhoneNumber: optional(z.string()),
  PostAddress: z
    .looseObject({
      Address: optional(z.string()),
      City: optional(z.string()),
      Country: optional(z.string()),
      ZipCode: optional(z.string()),
    })
    .nullish()
    .catch(undefined),
});

/** Lenient schema of {@link PartnerInfo}: only `Id` is required; every other field is kept as sent. */
export const PartnerInfoSchema: z.ZodType<PartnerInfo> = z
  .looseObject({
    Id: lenientNumber,
    ParentId: optional(lenientNumber),
    Name: optional(z.string()),
    Level: optional(openString),
    State: optional(openString),
    ServiceType: optional(openString),
    ChildServiceTypes: optional(z.array(openString)),
    Uid: optional(z.string()),
    LocationId: optional(lenientNumber),
    ExternalCode: optional(z.string()),
    Flags: optional(z.array(z.string())),
    CreationTime: optional(lenientNumber),
    Company: CompanySchema.nullish().catch(undefined),
  })
  .transform((partner) => dropUndefined(partner) as PartnerInfo);
