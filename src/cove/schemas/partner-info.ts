/**
 * Partner (customer) records: `GetPartnerInfo`, `GetPartnerInfoById` and `EnumeratePartners` rows.
 *
 * @module
 */
import * as z from 'zod';
import { lenientNumber } from '../../core/lenient';

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
  Address?: string | undefined;
  City?: string | undefined;
  Country?: string | undefined;
  ZipCode?: string | undefined;
  [key: string]: unknown;
}

/** A partner's company details (many fields, all optional). */
export interface CompanyInfo {
  LegalCompanyName?: string | undefined;
  PhoneNumber?: string | undefined;
  PostAddress?: PostAddress | null | undefined;
  [key: string]: unknown;
}

/**
 * A partner (customer). `EnumeratePartners` returns only the fields asked for in `fields` plus
 * `Id`/`ParentId`, so everything except `Id` is optional. Extra keys are kept.
 */
export interface PartnerInfo {
  /** Partner id: pass it as `partnerId` to other calls. */
  Id: number;
  /** Parent partner id (absent for the root). */
  ParentId?: number | null | undefined;
  /** Name, exactly as Login's `partner` expects it. */
  Name?: string | undefined;
  /** Level in the partner tree. */
  Level?: PartnerLevel | undefined;
  /** State (trial, production, …). */
  State?: PartnerState | undefined;
  /** Service type. */
  ServiceType?: ServiceType | undefined;
  /** Service types allowed for children, or `null`. */
  ChildServiceTypes?: ServiceType[] | null | undefined;
  /** Unique id string. */
  Uid?: string | undefined;
  /** Location id. */
  LocationId?: number | undefined;
  /** External reference code. */
  ExternalCode?: string | undefined;
  /** Flags, or `null`. */
  Flags?: string[] | null | undefined;
  /** Creation time, Unix seconds. */
  CreationTime?: number | undefined;
  /** Company details. */
  Company?: CompanyInfo | null | undefined;
  /** Any other field the server sent. */
  [key: string]: unknown;
}

const openString = z.string() as z.ZodType<string & {}>;

const CompanySchema = z.looseObject({
  LegalCompanyName: z.string().optional(),
  PhoneNumber: z.string().optional(),
  PostAddress: z
    .looseObject({
      Address: z.string().optional(),
      City: z.string().optional(),
      Country: z.string().optional(),
      ZipCode: z.string().optional(),
    })
    .nullish(),
});

/** Lenient schema of {@link PartnerInfo}. */
export const PartnerInfoSchema: z.ZodType<PartnerInfo> = z.looseObject({
  Id: lenientNumber,
  ParentId: lenientNumber.nullish(),
  Name: z.string().optional(),
  Level: openString.optional(),
  State: openString.optional(),
  ServiceType: openString.optional(),
  ChildServiceTypes: z.array(openString).nullish(),
  Uid: z.string().optional(),
  LocationId: lenientNumber.optional(),
  ExternalCode: z.string().optional(),
  Flags: z.array(z.string()).nullish(),
  CreationTime: lenientNumber.optional(),
  Company: CompanySchema.nullish(),
});
