/**
 * Seed data for the Cove mock: a small partner tree under the login partner and a deterministic set
 * of devices spread over it. Devices keep only a few cheap facts; their statistics columns are
 * computed on demand (see `columns.ts`), so tens of thousands of devices stay cheap.
 *
 * @module
 */

import { parseColumnCode } from './codes';
import { columnValue } from './columns';
import { hash32, hexString, Rng } from './random';

/** A partner (customer) in the mock's tree. */
export interface MockPartner {
  /** Partner id (`PartnerId` in rows, `Id` in PartnerInfo). */
  readonly id: number;
  /** Exact partner name; the root's name is the `partner` string used to log in. */
  readonly name: string;
  /** Parent partner id. The root's parent exists on the server but is outside the login scope. */
  readonly parentId: number | null;
  /** Partner level, e.g. `Reseller`, `EndCustomer`, `Site`. */
  readonly level: string;
  /** Partner state, e.g. `InProduction`, `InTrial`. */
  readonly state: string;
  /** `AllInclusive` or `SoftwareOnly`. */
  readonly serviceType: string;
  /** Unix seconds. */
  readonly creationTime: number;
  /** Partner GUID-like uid. */
  readonly uid: string;
  /** External reference code (often empty). */
  readonly externalCode: string;
  /** Country used for the company address and the devices' storage location. */
  readonly country: string;
}

/** A device (backup account) in the mock. Values mirror what `EnumerateAccountStatistics` returns. */
export interface MockDevice {
  /** Account id (`AccountId`, column `I0`). */
  readonly id: number;
  /** Device name (`I1`). */
  readonly name: string;
  /** Owning partner id (`PartnerId` in rows). */
  readonly partnerId: number;
  /** Owning partner name (`I8`). */
  readonly partnerName: string;
  /** Account type (`I59`): 1 Backup Manager (systems), 2 Microsoft 365. */
  readonly accountType: 1 | 2;
  /** OS type (`I32`): 0 undefined (M365), 1 workstation, 2 server. */
  readonly osType: 0 | 1 | 2;
  /** Computer name (`I18`); empty for M365 tenants. */
  readonly computerName: string;
  /** Active data sources by number, in the order `I78` lists them (e.g. `[1, 2]`, `[19, 20, 5]`). */
  readonly dataSources: readonly number[];
  /**
   * Last session status of the Total data source (`D09F00`). 0 means no backup ever ran. Changes
   * when `CoveMock.advanceSession` gives the device a new last session.
   */
  readonly status: number;
  /** Unix seconds (`I4`). */
  readonly creationTime: number;
  /** Row `Flags`, e.g. `['AutoDeployed']`, or `null`. */
  readonly flags: readonly string[] | null;
  /** Device token (secret; returned by `EnumerateAccounts` and `GetAccountInfoById`). */
  readonly token: string;
  /**
   * The raw string the server sends for a column code in any notation (`D09F00`, `D9F0`, `T0`,
   * `I14`, `US`, `AA843`…), or `undefined` when the server would leave the key out (unknown code,
   * or a data source this device does not have). Values describe the mock's current data, i.e. as of
   * the moment the mock was created.
   */
  column(code: string): string | undefined;
}

/** Internal device facts on top of the public shape. @internal */
export interface DeviceRecord extends MockDevice {
  /** Last session status; changed by `CoveMock.advanceSession`. */
  status: number;
  /** How many times `CoveMock.advanceSession` gave the device a new last session (0 = the seeded one). */
  sessionsAdvanced: number;
  /** Unix seconds of the newest advanced session (meaningful when `sessionsAdvanced > 0`). */
  advancedAtSecs: number;
  readonly seed: number;
  readonly password: string;
  readonly storageNode: StorageNode;
  readonly i78Format: 'padded' | 'comma' | 'compact';
  readonly os: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly profile: { id: number; name: string };
  readonly clientVersion: string;
  /** Per-anchor cache of computed data-source statistics. */
  readonly cache: Map<string, unknown>;
}

/** A storage node (`homeNodeInfo`). @internal */
export interface StorageNode {
  readonly id: number;
  readonly storageId: number;
  readonly name: string;
  readonly host: string;
  readonly locationId: number;
  readonly location: string;
  /** A self-hosted node this network cannot reach: its reporting service never answers. */
  readonly unreachable?: boolean;
}

/** The device (by index) that lives on an unreachable self-hosted storage node. */
export const SELF_HOSTED_DEVICE_INDEX = 6;

/** A partner-defined custom column (`AA<id>`). */
export interface MockCustomColumn {
  /** Numeric id; the column code is `AA<id>`. */
  readonly id: number;
  /** Display name. */
  readonly name: string;
  /** Values the generator draws from (empty string = not set). */
  readonly values: readonly string[];
}

/** Everything the mock serves, built once per mock. @internal */
export interface MockWorld {
  readonly seed: number;
  /** Unix seconds the statistics are generated relative to (the clock at mock creation). */
  readonly anchorSecs: number;
  readonly root: MockPartner;
  /** Root's parent: exists on the server, outside the login scope. */
  readonly foreignPartner: MockPartner;
  /** The login partner's subtree, depth-first, root first. */
  readonly partners: readonly MockPartner[];
  readonly devices: readonly DeviceRecord[];
  readonly customColumns: readonly MockCustomColumn[];
  readonly storageNodes: readonly StorageNode[];
  /** Devices whose `GetAccountInfoById` gives no node host (clients must fall back). */
  readonly hostless: Set<number>;
  partner(id: number): MockPartner | undefined;
  device(id: number): DeviceRecord | undefined;
  /** Ids of `partnerId` and all its descendants (empty when unknown). */
  subtree(partnerId: number): ReadonlySet<number>;
  /** `partnerId` and its ancestors up to the root, nearest first. */
  lineage(partnerId: number): readonly number[];
  /** Whether `partnerId` lies in the subtree of `scopeRootId`. */
  inScope(partnerId: number, scopeRootId: number): boolean;
}

/** Fixed partner ids of the seeded tree (independent of `seed`). */
export const MOCK_PARTNER_IDS = {
  distributor: 33000,
  root: 33491,
  brightDental: 33502,
  northwind: 33517,
  northwindRotterdam: 33561,
  northwindAntwerp: 33562,
  contoso: 33524,
  fabrikam: 33538,
  tailspin: 33549,
  muller: 33553,
} as const;

interface PartnerSeed {
  id: number;
  name: string;
  parentId: number;
  level: string;
  state: string;
  country: string;
  /** Relative share of the devices. */
  weight: number;
}

const ids = MOCK_PARTNER_IDS;
const CHILD_PARTNERS: readonly PartnerSeed[] = [
  {
    id: ids.brightDental,
    name: 'Bright Dental Group',
    parentId: ids.root,
    level: 'EndCustomer',
    state: 'InProduction',
    country: 'Netherlands',
    weight: 3,
  },
  {
    id: ids.northwind,
    name: 'Northwind Logistics',
    parentId: ids.root,
    level: 'EndCustomer',
    state: 'InProduction',
    country: 'Belgium',
    weight: 1,
  },
  {
    id: ids.northwindRotterdam,
    name: 'Northwind Logistics - Rotterdam',
    parentId: ids.northwind,
    level: 'Site',
    state: 'InProduction',
    country: 'Netherlands',
    weight: 3,
  },
  {
    id: ids.northwindAntwerp,
    name: 'Northwind Logistics - Antwerp',
    parentId: ids.northwind,
    level: 'Site',
    state: 'InProduction',
    country: 'Belgium',
    weight: 2,
  },
  {
    id: ids.contoso,
    name: 'Contoso Legal LLP',
    parentId: ids.root,
    level: 'EndCustomer',
    state: 'InProduction',
    country: 'United Kingdom',
    weight: 2,
  },
  {
    id: ids.fabrikam,
    name: 'Fabrikam Manufacturing',
    parentId: ids.root,
    level: 'EndCustomer',
    state: 'InProduction',
    country: 'Germany',
    weight: 4,
  },
  {
    id: ids.tailspin,
    name: 'Tailspin Clinics',
    parentId: ids.root,
    level: 'EndCustomer',
    state: 'InTrial',
    country: 'Netherlands',
    weight: 3,
  },
  {
    id: ids.muller,
    name: 'Müller & Söhne GmbH',
    parentId: ids.root,
    level: 'EndCustomer',
    state: 'InProduction',
    country: 'Germany',
    weight: 2,
  },
];

const CUSTOM_COLUMNS: readonly MockCustomColumn[] = [
  { id: 843, name: 'Contract', values: ['Gold', 'Silver', 'Bronze', ''] },
  { id: 2045, name: 'Ticket queue', values: ['Service Desk', 'Tier 2', 'Projects'] },
  { id: 2048, name: 'Notes', values: ['', '', '', 'Exclude from billing', 'Migrating to new hardware'] },
];

const STORAGE_LOCATIONS: Record<string, { locationId: number; code: string }> = {
  Netherlands: { locationId: 1, code: 'nl-ams' },
  Belgium: { locationId: 1, code: 'nl-ams' },
  Germany: { locationId: 4, code: 'de-fra' },
  'United Kingdom': { locationId: 3, code: 'uk-lon' },
};

/**
 * Status mix for devices after the first few: mostly Completed, some CompletedWithErrors, Failed,
 * InProcess, Interrupted, NotStarted and Restarted, with a rare Aborted, "never ran" (0) and 4.
 */
const STATUS_WEIGHTS: readonly [readonly [number, number], ...(readonly [number, number])[]] = [
  [5, 72],
  [8, 10],
  [2, 6],
  [1, 4],
  [6, 2.5],
  [7, 2.5],
  [12, 1.5],
  [0, 0.8],
  [3, 0.4],
  [4, 0.3],
];

/** The first devices cycle through these so even a 25-device mock shows every common outcome. */
const SHOWCASE_STATUSES = [5, 8, 5, 2, 1, 5, 6, 7, 12, 0];

/** Options for {@link buildWorld}. @internal */
export interface WorldOptions {
  seed: number;
  deviceCount: number;
  anchorSecs: number;
  rootName: string;
}

/** Builds the partner tree and devices. @internal */
export function buildWorld(options: WorldOptions): MockWorld {
  const { seed, anchorSecs } = options;
  const foreignPartner: MockPartner = makePartner(
    {
      id: ids.distributor,
      name: 'Cove Distribution EMEA',
      parentId: 1,
      level: 'Distributor',
      state: 'InProduction',
      country: 'Netherlands',
      weight: 0,
    },
    seed,
    anchorSecs,
  );
  const root = makePartner(
    {
      id: ids.root,
      name: options.rootName,
      parentId: ids.distributor,
      level: 'Reseller',
      state: 'InProduction',
      country: 'Netherlands',
      weight: 0.5,
    },
    seed,
    anchorSecs,
  );
  const seeds: PartnerSeed[] = [
    {
      id: root.id,
      name: root.name,
      parentId: ids.distributor,
      level: root.level,
      state: root.state,
      country: root.country,
      weight: 0.5,
    },
    ...CHILD_PARTNERS,
  ];
  const byId = new Map<number, MockPartner>([[root.id, root]]);
  for (const child of CHILD_PARTNERS) byId.set(child.id, makePartner(child, seed, anchorSecs));
  const children = new Map<number, number[]>();
  for (const partner of byId.values()) {
    if (partner.parentId === null || partner.id === root.id) continue;
    children.set(partner.parentId, [...(children.get(partner.parentId) ?? []), partner.id]);
  }
  const ordered: MockPartner[] = [];
  const visit = (id: number): void => {
    const partner = byId.get(id);
    if (!partner) return;
    ordered.push(partner);
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(root.id);

  const storageNodes = buildStorageNodes(seed);
  let built: MockWorld | undefined;
  const devices = buildDevices(options, seeds, byId, storageNodes, () => {
    if (!built) throw new Error('Cove mock: world used before it was built.');
    return built;
  });
  const deviceById = new Map(devices.map((device) => [device.id, device]));
  const subtreeCache = new Map<number, ReadonlySet<number>>();

  const world: MockWorld = {
    seed,
    anchorSecs,
    root,
    foreignPartner,
    partners: ordered,
    devices,
    customColumns: CUSTOM_COLUMNS,
    storageNodes,
    hostless: new Set(),
    partner: (id) => byId.get(id),
    device: (id) => deviceById.get(id),
    subtree(partnerId) {
      const cached = subtreeCache.get(partnerId);
      if (cached) return cached;
      const out = new Set<number>();
      const walk = (id: number): void => {
        if (!byId.has(id)) return;
        out.add(id);
        for (const child of children.get(id) ?? []) walk(child);
      };
      walk(partnerId);
      subtreeCache.set(partnerId, out);
      return out;
    },
    lineage(partnerId) {
      const out: number[] = [];
      let current = byId.get(partnerId);
      while (current) {
        out.push(current.id);
        current = current.parentId === null ? undefined : byId.get(current.parentId);
      }
      return out;
    },
    inScope: (partnerId, scopeRootId) => world.subtree(scopeRootId).has(partnerId),
  };
  built = world;
  return world;
}

function makePartner(seed: PartnerSeed, worldSeed: number, anchorSecs: number): MockPartner {
  const rng = new Rng(hash32(worldSeed, 'partner', seed.id));
  const creationTime = anchorSecs - rng.int(400, 3000) * 86_400;
  const uid = [8, 4, 4, 4, 12]
    .map((len, i) => hexString(len, worldSeed, 'uid', seed.id, i).toLowerCase())
    .join('-');
  return {
    id: seed.id,
    name: seed.name,
    parentId: seed.parentId,
    level: seed.level,
    state: seed.state,
    serviceType: 'AllInclusive',
    creationTime,
    uid,
    externalCode: seed.level === 'EndCustomer' ? `CRM-${1000 + (seed.id % 1000)}` : '',
    country: seed.country,
  };
}

function buildStorageNodes(seed: number): StorageNode[] {
  const nodes: StorageNode[] = [];
  for (const [location, { locationId, code }] of Object.entries(STORAGE_LOCATIONS)) {
    if (nodes.some((node) => node.locationId === locationId)) continue;
    const rng = new Rng(hash32(seed, 'node', code));
    const rack = String(rng.int(1, 4)).padStart(2, '0') + String(rng.int(1, 9)).padStart(2, '0');
    const unitNo = rng.int(10, 40);
    nodes.push({
      id: 2_345_600 + nodes.length * 17 + rng.int(0, 9),
      storageId: 1_234_500 + nodes.length,
      name: `${code}-${rack}-${unitNo}`,
      host: `${code}-${rack}-${unitNo}.cloudbackup.management:443`,
      locationId,
      location,
    });
  }
  return nodes;
}

const WORKSTATION_OS = [
  'Windows 11 Pro (10.0.22631)',
  'Windows 11 Pro (10.0.26100)',
  'Windows 10 Pro (10.0.19045)',
  'macOS 14.6 Sonoma',
] as const;
const SERVER_OS = [
  'Windows Server 2022 Standard (10.0.20348)',
  'Windows Server 2019 Standard (10.0.17763)',
  'Windows Server 2016 Standard (10.0.14393)',
  'Ubuntu 22.04.4 LTS',
] as const;
type Hardware = readonly [manufacturer: string, model: string];
const SERVER_HARDWARE: readonly [Hardware, ...Hardware[]] = [
  ['VMware, Inc.', 'VMware7,1'],
  ['Microsoft Corporation', 'Virtual Machine'],
  ['Dell Inc.', 'PowerEdge R650'],
];
const WORKSTATION_HARDWARE: readonly [Hardware, ...Hardware[]] = [
  ['Dell Inc.', 'OptiPlex 7090'],
  ['HP', 'EliteDesk 800 G6'],
  ['Lenovo', 'ThinkCentre M70q'],
];
const CLIENT_VERSIONS = ['25.10.0.25286', '25.8.0.25201', '25.4.0.25107', '24.12.0.24338'] as const;

function buildDevices(
  options: WorldOptions,
  seeds: readonly PartnerSeed[],
  partners: ReadonlyMap<number, MockPartner>,
  storageNodes: StorageNode[],
  getWorld: () => MockWorld,
): DeviceRecord[] {
  const { seed, anchorSecs } = options;
  const count = Math.max(0, Math.floor(options.deviceCount));
  const weights = seeds.filter((p) => p.weight > 0).map((p) => [p.id, p.weight] as const);
  const [firstWeight, ...restWeights] = weights;
  const devices: DeviceRecord[] = [];
  const perPartnerCount = new Map<string, number>();
  let nextId = 1_200_000 + (hash32(seed, 'base') % 5_000);
  for (let i = 0; i < count; i++) {
    const rng = new Rng(hash32(seed, 'device', i));
    nextId += rng.int(1, 3);
    const partnerId =
      i < CHILD_PARTNERS.length
        ? (CHILD_PARTNERS[i]?.id ?? ids.root)
        : firstWeight
          ? rng.weighted([firstWeight, ...restWeights])
          : ids.root;
    const partner = partners.get(partnerId) ?? partners.get(ids.root);
    if (!partner) throw new Error('Cove mock: partner tree is inconsistent.');
    const isM365 = i === 2 || (i >= SHOWCASE_STATUSES.length && rng.chance(0.07));
    const status = SHOWCASE_STATUSES[i] ?? rng.weighted(STATUS_WEIGHTS);
    const osType: 0 | 1 | 2 = isM365 ? 0 : rng.chance(0.3) ? 2 : 1;
    const counterKey = `${partnerId}:${osType}`;
    const ordinal = (perPartnerCount.get(counterKey) ?? 0) + 1;
    perPartnerCount.set(counterKey, ordinal);
    const prefix = partnerPrefix(partner.name);
    const computerName = isM365
      ? ''
      : `${prefix}-${osType === 2 ? 'SRV' : 'WS'}${String(ordinal).padStart(3, '0')}`;
    const name = isM365 ? `${prefix.toLowerCase()}-m365-${ordinal}` : computerName.toLowerCase();
    const dataSources = status === 0 ? [] : pickSources(rng, isM365, osType);
    const homeNode =
      storageNodes.find((n) => n.location === partner.country) ??
      storageNodes[0] ??
      ({
        id: 1,
        storageId: 1,
        name: 'node',
        host: 'node.cloudbackup.management:443',
        locationId: 1,
        location: '',
      } as const);
    const node = i === SELF_HOSTED_DEVICE_INDEX ? selfHostedNode(homeNode, partner, storageNodes) : homeNode;
    const hardware = osType === 2 ? rng.pick(SERVER_HARDWARE) : rng.pick(WORKSTATION_HARDWARE);
    const device: DeviceRecord = {
      id: nextId,
      name,
      partnerId: partner.id,
      partnerName: partner.name,
      accountType: isM365 ? 2 : 1,
      osType,
      computerName,
      dataSources,
      status,
      sessionsAdvanced: 0,
      advancedAtSecs: 0,
      creationTime: anchorSecs - rng.int(20, 1500) * 86_400 - rng.int(0, 86_399),
      flags: rng.chance(0.3) ? ['AutoDeployed'] : null,
      token: [8, 4, 4, 4, 12]
        .map((len, k) => hexString(len, seed, 'token', nextId, k).toLowerCase())
        .join('-'),
      password: hexString(24, seed, 'password', nextId).toLowerCase(),
      seed: hash32(seed, 'stats', nextId),
      storageNode: node,
      i78Format: isM365
        ? 'padded'
        : rng.weighted([
            ['padded', 55],
            ['comma', 30],
            ['compact', 15],
          ] as const),
      os: isM365 ? '' : osType === 2 ? rng.pick(SERVER_OS) : rng.pick(WORKSTATION_OS),
      manufacturer: isM365 ? '' : hardware[0],
      model: isM365 ? '' : hardware[1],
      profile: isM365
        ? { id: 0, name: '' }
        : osType === 2
          ? { id: 5101, name: 'Servers - Daily' }
          : { id: 5102, name: 'Workstations - Documents' },
      clientVersion: isM365 ? '' : rng.pick(CLIENT_VERSIONS),
      cache: new Map(),
      column: (code) => {
        const ref = parseColumnCode(code);
        return ref ? columnValue(device, ref, getWorld(), anchorSecs) : undefined;
      },
    };
    devices.push(device);
  }
  return devices;
}

/** A customer's own (software-only) storage node, in the same location as its cloud node. */
function selfHostedNode(home: StorageNode, partner: MockPartner, nodes: StorageNode[]): StorageNode {
  const slug = partnerPrefix(partner.name).toLowerCase();
  const node: StorageNode = {
    ...home,
    id: home.id + 1000,
    storageId: home.storageId + 1000,
    name: `${slug}-selfhosted-01`,
    host: `backup.${slug}.example:8443`,
    unreachable: true,
  };
  nodes.push(node);
  return node;
}

function partnerPrefix(name: string): string {
  const letters = name
    .replace(/\(.*\)/g, '')
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .split(/\s+/)
    .filter((word) => word.length > 0 && word !== 'LLP' && word !== 'GmbH')
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
  return (letters || 'DEV').slice(0, 4);
}

function pickSources(rng: Rng, isM365: boolean, osType: 0 | 1 | 2): number[] {
  if (isM365) {
    const sources = [19];
    if (rng.chance(0.9)) sources.push(20);
    if (rng.chance(0.7)) sources.push(5);
    if (rng.chance(0.5)) sources.push(23);
    return sources;
  }
  const server = osType === 2;
  const sources: number[] = [];
  if (rng.chance(0.95)) sources.push(1);
  if (rng.chance(server ? 0.9 : 0.6)) sources.push(2);
  if (server && rng.chance(0.05)) sources.push(4);
  if (rng.chance(0.08)) sources.push(6);
  if (server && rng.chance(0.05)) sources.push(8);
  if (server && rng.chance(0.25)) sources.push(10);
  if (server && rng.chance(0.1)) sources.push(14);
  if (server && rng.chance(0.03)) sources.push(15);
  if (sources.length === 0) sources.push(1);
  return sources;
}
