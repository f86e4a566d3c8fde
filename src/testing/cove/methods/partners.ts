/**
 * Partner methods: `GetPartnerInfo`, `GetPartnerInfoById` and `EnumeratePartners`. Only partners in
 * the login partner's subtree are visible; anything else (including unknown ids and names) is
 * refused with 13501.
 *
 * @internal
 * @module
 */
import type { MockPartner, MockWorld } from '../data';
import { securityError } from '../rpc';
import { asInt, type MethodHandler, scopedPartnerId, sessionOf, sortedKeys } from './context';

const ADDRESSES: Readonly<Record<string, { Address: string; City: string; ZipCode: string; phone: string }>> =
  {
    Netherlands: { Address: 'Keizersgracht 120', City: 'Amsterdam', ZipCode: '1015 CW', phone: '+31 20 555' },
    Belgium: { Address: 'Meir 48', City: 'Antwerpen', ZipCode: '2000', phone: '+32 3 555' },
    Germany: { Address: 'Hauptstraße 7', City: 'Frankfurt am Main', ZipCode: '60311', phone: '+49 69 555' },
    'United Kingdom': {
      Address: '1 Finsbury Square',
      City: 'London',
      ZipCode: 'EC2A 1AE',
      phone: '+44 20 7946',
    },
  };

function company(partner: MockPartner): Record<string, unknown> {
  const address = ADDRESSES[partner.country] ?? ADDRESSES.Netherlands;
  return {
    BankAccountNumber: '',
    BillingContactPersonId: 0,
    ChamberOfCommerceNumber: '',
    FaxNumber: '',
    LegalCompanyName: partner.name.replace(/\s*\(.*\)\s*$/, ''),
    PhoneNumber: `${address?.phone ?? '+31 20 555'} ${String(partner.id % 10_000).padStart(4, '0')}`,
    PostAddress: {
      Address: address?.Address ?? '',
      City: address?.City ?? '',
      Country: partner.country,
      ZipCode: address?.ZipCode ?? '',
    },
    VatNumber: '',
    WebsiteAddress: '',
  };
}

const hasChildren = (partner: MockPartner): boolean =>
  partner.level !== 'EndCustomer' && partner.level !== 'Site';

function trialTimes(partner: MockPartner): { TrialExpirationTime: number; TrialRegistrationTime: number } {
  return partner.state === 'InTrial'
    ? { TrialExpirationTime: partner.creationTime + 30 * 86_400, TrialRegistrationTime: partner.creationTime }
    : { TrialExpirationTime: 0, TrialRegistrationTime: 0 };
}

/** PartnerInfo as returned by GetPartnerInfo (`byId: false`) or GetPartnerInfoById (`byId: true`). */
function partnerInfo(partner: MockPartner, byId: boolean): Record<string, unknown> {
  return {
    AdvancedPartnerProperties: byId ? { RegionId: 0, ResponsibleUserId: 0 } : null,
    ChildServiceTypes: hasChildren(partner) ? ['AllInclusive', 'SoftwareOnly'] : null,
    Company: company(partner),
    CreationTime: partner.creationTime,
    ...(byId ? {} : { Discount: 0 }),
    ExternalCode: partner.externalCode,
    Flags: null,
    Id: partner.id,
    Level: partner.level,
    LocationId: 1,
    MailFrom: '',
    MailingOption: 'Undefined',
    Name: partner.name,
    ParentId: partner.parentId,
    PrivateFlags: null,
    ...(byId ? { Privilege: 'Regular' } : {}),
    RegistrationOrigin: 'Domestic',
    ...(byId ? { ServiceType: partner.serviceType } : {}),
    State: partner.state,
    ...trialTimes(partner),
    Uid: partner.uid,
    UpdatePackagesMaxAllowedVersion: '',
  };
}

/** `GetPartnerInfo {name}` → PartnerInfo of a partner in scope, matched by exact name. */
export const getPartnerInfo: MethodHandler = (params, ctx) => {
  const scope = ctx.world.subtree(sessionOf(ctx).partnerId);
  const partner = ctx.world.partners.find((p) => p.name === params.name && scope.has(p.id));
  if (!partner) throw securityError();
  return { result: partnerInfo(partner, false) };
};

/** `GetPartnerInfoById {partnerId}` → PartnerInfo with AdvancedPartnerProperties, Privilege, ServiceType. */
export const getPartnerInfoById: MethodHandler = (params, ctx) => {
  const partner = ctx.world.partner(scopedPartnerId(params.partnerId, ctx));
  if (!partner) throw securityError();
  return { result: partnerInfo(partner, true) };
};

/**
 * EnumeratePartners rows carry `Id`, `ParentId`, `Company` (`{PostAddress: null}` unless field 10 is
 * asked) and `ExternalPartnerProperties`, plus the requested `fields`: 0 Name, 1 Level,
 * 3 ChildServiceTypes, 4 ServiceType, 5 State, 8 LocationId, 9 Flags, 10 Company, 18 ExternalCode
 * and MailFrom, 20 CreationTime and trial times. No `fields` means all of them.
 */
export const enumeratePartners: MethodHandler = (params, ctx) => {
  if (params.parentPartnerId === undefined) throw securityError();
  const parentId = scopedPartnerId(params.parentPartnerId, ctx);
  const recursive = params.fetchRecursively === true || params.fetchRecursively === 'true';
  const fields = Array.isArray(params.fields)
    ? new Set(params.fields.map(asInt).filter((n): n is number => n !== undefined))
    : undefined;
  const partners = descendants(ctx.world, parentId, recursive);
  return { result: partners.map((partner) => partnerRow(partner, fields)) };
};

function descendants(world: MockWorld, parentId: number, recursive: boolean): MockPartner[] {
  const subtree = world.subtree(parentId);
  return world.partners.filter(
    (p) => p.id !== parentId && (recursive ? subtree.has(p.id) : p.parentId === parentId),
  );
}

function partnerRow(partner: MockPartner, fields: ReadonlySet<number> | undefined): Record<string, unknown> {
  const want = (n: number): boolean => fields === undefined || fields.has(n);
  const row: Record<string, unknown> = {
    Company: want(10) ? company(partner) : { PostAddress: null },
    ExternalPartnerProperties: null,
    Id: partner.id,
    ParentId: partner.parentId,
  };
  if (want(0)) row.Name = partner.name;
  if (want(1)) row.Level = partner.level;
  if (want(3)) row.ChildServiceTypes = hasChildren(partner) ? ['AllInclusive', 'SoftwareOnly'] : null;
  if (want(4)) row.ServiceType = partner.serviceType;
  if (want(5)) row.State = partner.state;
  if (want(8)) row.LocationId = 1;
  if (want(9)) row.Flags = null;
  if (want(18)) {
    row.ExternalCode = partner.externalCode;
    row.MailFrom = '';
  }
  if (want(20)) Object.assign(row, { CreationTime: partner.creationTime }, trialTimes(partner));
  return sortedKeys(row);
}
