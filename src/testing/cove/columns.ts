/**
 * Column values for the Cove mock, computed on demand from a device's seed. Every value is a string,
 * as on the real server: ids, sizes (bytes), Unix-second timestamps (`0` = never), status codes and
 * the 28-day colour bar. Values stay consistent with each other (errors only on failed or
 * partly-failed sessions, last success never after the last session, Total = the sum of sources…).
 *
 * @internal
 * @module
 */
import { type ColumnRef, PROPERTY_COLUMNS } from './codes';
import type { DeviceRecord, MockWorld } from './data';
import { hash32, hexString, Rng } from './random';

const DAY = 86_400;

/** Statistics of one data source (or of the Total, D09) for one device. */
interface SourceStats {
  status: number;
  selectedCount: number;
  processedCount: number;
  selectedSize: number;
  processedSize: number;
  sentSize: number;
  errors: number;
  protectedSize: number;
  colourBar: string;
  lastSuccess: number;
  preSelectedCount: number;
  preSelectedSize: number;
  duration: number;
  licenseItems: number;
  retention: number;
  lastSession: number;
  lastSuccessfulStatus: number;
  lastCompletedStatus: number;
  lastCompletedTime: number;
  mailboxes: number;
  sharedMailboxes: number;
}

/**
 * The raw string the server sends for `ref` on `device`, with statistics as they stood at
 * `anchorSecs`; `undefined` when the key is left out of the row.
 */
export function columnValue(
  device: DeviceRecord,
  ref: ColumnRef,
  world: MockWorld,
  anchorSecs: number,
): string | undefined {
  switch (ref.kind) {
    case 'I':
      return propertyValue(device, ref.n, world, anchorSecs);
    case 'D':
      return statisticValue(device, ref.source, ref.field, anchorSecs);
    case 'AA': {
      const column = world.customColumns.find((c) => c.id === ref.id);
      if (!column || column.values.length === 0) return undefined;
      return column.values[hash32(device.seed, 'AA', ref.id) % column.values.length] ?? '';
    }
  }
}

/** Formats the device's active data sources (`I78`) in its own style: `D01D02`, `D1,D2` or `D1D2`. */
export function formatDataSources(device: DeviceRecord): string {
  switch (device.i78Format) {
    case 'padded':
      return device.dataSources.map((n) => `D${String(n).padStart(2, '0')}`).join('');
    case 'comma':
      return device.dataSources.map((n) => `D${n}`).join(',');
    case 'compact':
      return device.dataSources.map((n) => `D${n}`).join('');
  }
}

function propertyValue(
  device: DeviceRecord,
  n: number,
  world: MockWorld,
  anchorSecs: number,
): string | undefined {
  const column = PROPERTY_COLUMNS.get(n);
  if (!column) return undefined;
  const rng = new Rng(hash32(device.seed, 'I', n));
  const isM365 = device.accountType === 2;
  const partner = world.partner(device.partnerId);
  switch (n) {
    case 0:
      return String(device.id);
    case 1:
      return device.name;
    case 4:
      return String(device.creationTime);
    case 6: {
      const total = sourceStats(device, 9, anchorSecs);
      return String(total && total.lastSession > 0 ? total.lastSession : device.creationTime);
    }
    case 8:
    case 63:
      return device.partnerName;
    case 9:
      return String(28_382 + device.accountType);
    case 10:
      return `Retention ${deviceProfile(device).retention} days`;
    case 11:
      return device.storageNode.location;
    case 14: {
      const total = sourceStats(device, 9, anchorSecs);
      return String(total ? Math.round(total.protectedSize * 0.55) : 0);
    }
    case 16:
      return device.os;
    case 17:
      return device.clientVersion;
    case 18:
      return device.computerName;
    case 19:
      return isM365 ? '' : `10.${rng.int(0, 40)}.${rng.int(0, 20)}.${rng.int(2, 250)}`;
    case 20:
      return isM365 ? '' : `203.0.113.${rng.int(1, 254)}`;
    case 21:
      return isM365
        ? ''
        : `00-15-5D-${hexString(6, device.seed, 'mac').match(/../g)?.join('-') ?? '00-00-00'}`;
    case 23:
      return 'en';
    case 24:
      return partner?.country === 'United Kingdom' ? '0' : '3600';
    case 32:
      return String(device.osType);
    case 33:
      return '1';
    case 35:
      return hasLsv(device) ? '1' : '0';
    case 36:
      return device.status === 1 ? '50' : deviceProfile(device).stale ? '-2' : '100';
    case 37:
      return hasLsv(device) ? (device.status === 1 ? '50' : '100') : '0';
    case 41:
      return String(device.dataSources.includes(14) ? rng.int(1, 12) : 0);
    case 42:
      return String(device.dataSources.includes(8) ? rng.int(1, 20) : 0);
    case 44:
      return device.manufacturer;
    case 45:
      return device.model;
    case 46:
      return isM365 ? '' : hexString(32, device.seed, 'installation').toLowerCase();
    case 47:
      return isM365 ? '0' : '1';
    case 54:
      return String(device.profile.id);
    case 55:
      return device.profile.id ? '3' : '0';
    case 56:
      return device.profile.name;
    case 59:
      return String(device.accountType);
    case 66:
      return partner?.country ?? '';
    case 78:
      return formatDataSources(device);
    case 80:
      return device.osType === 2 && rng.chance(0.1) ? '1' : '0';
    case 81:
      return isM365 ? 'Undefined' : /VMware|Virtual/.test(device.model) ? 'Virtual' : 'Physical';
    case 82:
      return isM365 ? 'No' : rng.chance(0.2) ? 'Yes' : 'No';
    case 84:
      return isM365 ? '0' : String(device.osType === 2 ? rng.pick([4, 8, 16, 32]) : rng.pick([4, 8, 12]));
    case 85:
      return isM365 ? '0' : String(rng.pick([8, 16, 32, 64]) * 1024 ** 3);
    default:
      return column.type === 'String' ? '' : '0';
  }
}

function statisticValue(
  device: DeviceRecord,
  source: number,
  field: number,
  anchorSecs: number,
): string | undefined {
  const stats = sourceStats(device, source, anchorSecs);
  if (!stats) return undefined;
  switch (field) {
    case 0:
      return String(stats.status);
    case 1:
      return String(stats.selectedCount);
    case 2:
      return String(stats.processedCount);
    case 3:
      return String(stats.selectedSize);
    case 4:
      return String(stats.processedSize);
    case 5:
      return String(stats.sentSize);
    case 6:
      return String(stats.errors);
    case 7:
      return String(stats.protectedSize);
    case 8:
      return stats.colourBar;
    case 9:
      return String(stats.lastSuccess);
    case 10:
      return String(stats.preSelectedCount);
    case 11:
      return String(stats.preSelectedSize);
    case 12:
      return String(stats.duration);
    case 13:
      return String(stats.licenseItems);
    case 14:
      return String(stats.retention);
    case 15:
      return String(stats.lastSession);
    case 16:
      return String(stats.lastSuccessfulStatus);
    case 17:
      return String(stats.lastCompletedStatus);
    case 18:
      return String(stats.lastCompletedTime);
    case 19:
      return '';
    case 20:
      return String(stats.mailboxes);
    case 21:
      return String(stats.sharedMailboxes);
    default:
      return undefined;
  }
}

interface DeviceProfile {
  /** Seconds between the last session and the anchor. */
  age: number;
  stale: boolean;
  neverSucceeded: boolean;
  retention: number;
}

function deviceProfile(device: DeviceRecord): DeviceProfile {
  const rng = new Rng(hash32(device.seed, 'profile'));
  const stale = device.status === 7 || rng.chance(0.04);
  const age = stale ? rng.int(2, 40) * DAY + rng.int(0, DAY - 1) : rng.int(600, 26 * 3600);
  return {
    age,
    stale,
    neverSucceeded: device.status === 2 ? rng.chance(0.15) : rng.chance(0.01) && device.status !== 5,
    retention: device.accountType === 2 ? 365 : rng.pick([28, 30, 60, 90]),
  };
}

function hasLsv(device: DeviceRecord): boolean {
  return device.osType === 2 && hash32(device.seed, 'lsv') % 5 === 0;
}

/** Statistics of `source` (9 = Total) for `device` as of `anchorSecs`, or `undefined` if it lacks it. */
function sourceStats(device: DeviceRecord, source: number, anchorSecs: number): SourceStats | undefined {
  if (source !== 9 && !device.dataSources.includes(source)) return undefined;
  const key = `${source}@${anchorSecs}#${device.sessionsAdvanced}`;
  const cached = device.cache.get(key) as SourceStats | undefined;
  if (cached) return cached;
  if (device.cache.size > 64) device.cache.clear();
  const stats = source === 9 ? totalStats(device, anchorSecs) : singleSourceStats(device, source, anchorSecs);
  device.cache.set(key, stats);
  return stats;
}

const SIZE_RANGES_GB: Record<number, readonly [number, number]> = {
  1: [5, 600],
  2: [10, 40],
  4: [20, 300],
  5: [5, 800],
  6: [50, 1000],
  8: [100, 4000],
  10: [5, 500],
  14: [100, 4000],
  15: [1, 50],
  19: [5, 500],
  20: [10, 2000],
  23: [1, 100],
};

function singleSourceStats(device: DeviceRecord, source: number, anchorSecs: number): SourceStats {
  // An advanced session draws new figures; the seeded one keeps the original draw.
  const advanced = device.sessionsAdvanced;
  const rng = new Rng(
    advanced === 0 ? hash32(device.seed, 'source', source) : hash32(device.seed, 'source', source, advanced),
  );
  const profile = deviceProfile(device);
  const primary = device.dataSources[0] === source;
  const status = primary || rng.chance(0.8) ? device.status : 5;
  const [minGb, maxGb] = SIZE_RANGES_GB[source] ?? [1, 100];
  const scale = device.osType === 1 && source === 1 ? 0.4 : 1;
  const selectedSize = Math.round(rng.int(minGb, maxGb) * scale * 1024 ** 3 + rng.int(0, 1024 ** 3));
  const filesLike = source === 1 || source === 6 || source === 20 || source === 5;
  const selectedCount = filesLike
    ? Math.max(1, Math.round(selectedSize / rng.int(150_000, 2_000_000)))
    : rng.int(1, 60);
  const changeRate = 0.005 + rng.next() * 0.07;
  const processedSize = Math.round(selectedSize * changeRate);
  const never = status === 0;
  const lastSession = never
    ? 0
    : advanced > 0
      ? device.advancedAtSecs
      : anchorSecs - profile.age - rng.int(0, 3600);
  const succeeded = status === 5 || status === 8;
  const lastSuccess =
    never || (profile.neverSucceeded && !succeeded)
      ? 0
      : succeeded
        ? lastSession
        : Math.max(device.creationTime, lastSession - rng.int(1, 6) * DAY - rng.int(0, 7200));
  const inProcess = status === 1;
  const mailboxes = source === 19 ? rng.int(5, 300) : 0;
  return {
    status,
    selectedCount,
    processedCount: Math.round(selectedCount * (0.001 + rng.next() * 0.05)),
    selectedSize,
    processedSize,
    sentSize: Math.round(processedSize * (0.2 + rng.next() * 0.5)),
    errors: errorCount(status, rng),
    protectedSize: Math.round(selectedSize * (0.95 + rng.next() * 0.1)),
    colourBar: colourBar(
      new Rng(hash32(device.seed, 'bar', source)),
      status,
      profile.age,
      anchorSecs - device.creationTime,
    ),
    lastSuccess,
    preSelectedCount: Math.round(selectedCount * (0.97 + rng.next() * 0.03)),
    preSelectedSize: Math.round(selectedSize * (0.97 + rng.next() * 0.03)),
    duration: never
      ? 0
      : device.accountType === 2
        ? rng.int(600, 10_800)
        : rng.int(60, device.osType === 2 ? 7200 : 2400),
    licenseItems: source === 19 ? mailboxes : source === 20 ? rng.int(5, 300) : 0,
    retention: profile.retention,
    lastSession,
    lastSuccessfulStatus: lastSuccess > 0 ? (status === 8 ? 8 : 5) : 0,
    lastCompletedStatus: inProcess ? 5 : status,
    lastCompletedTime: never ? 0 : inProcess ? Math.max(0, lastSession - DAY) : lastSession,
    mailboxes,
    sharedMailboxes: source === 19 ? rng.int(0, 20) : 0,
  };
}

function totalStats(device: DeviceRecord, anchorSecs: number): SourceStats {
  const parts = device.dataSources
    .map((source) => sourceStats(device, source, anchorSecs))
    .filter((s) => s !== undefined);
  const primary = parts[0];
  const sum = (pick: (s: SourceStats) => number): number => parts.reduce((total, s) => total + pick(s), 0);
  if (!primary) {
    return {
      status: device.status,
      selectedCount: 0,
      processedCount: 0,
      selectedSize: 0,
      processedSize: 0,
      sentSize: 0,
      errors: 0,
      protectedSize: 0,
      colourBar: '0'.repeat(28),
      lastSuccess: 0,
      preSelectedCount: 0,
      preSelectedSize: 0,
      duration: 0,
      licenseItems: 0,
      retention: deviceProfile(device).retention,
      lastSession: 0,
      lastSuccessfulStatus: 0,
      lastCompletedStatus: 0,
      lastCompletedTime: 0,
      mailboxes: 0,
      sharedMailboxes: 0,
    };
  }
  const lastSession = Math.max(...parts.map((s) => s.lastSession));
  const succeeded = device.status === 5 || device.status === 8;
  return {
    ...primary,
    status: device.status,
    lastSession,
    lastSuccess: succeeded ? lastSession : primary.lastSuccess,
    lastCompletedTime: device.status === 1 ? primary.lastCompletedTime : lastSession,
    selectedCount: sum((s) => s.selectedCount),
    processedCount: sum((s) => s.processedCount),
    selectedSize: sum((s) => s.selectedSize),
    processedSize: sum((s) => s.processedSize),
    sentSize: sum((s) => s.sentSize),
    errors: sum((s) => s.errors),
    protectedSize: sum((s) => s.protectedSize),
    preSelectedCount: sum((s) => s.preSelectedCount),
    preSelectedSize: sum((s) => s.preSelectedSize),
    duration: sum((s) => s.duration),
    licenseItems: sum((s) => s.licenseItems),
    mailboxes: sum((s) => s.mailboxes),
    sharedMailboxes: sum((s) => s.sharedMailboxes),
  };
}

function errorCount(status: number, rng: Rng): number {
  switch (status) {
    case 8:
      return rng.int(1, 250);
    case 2:
      return rng.int(1, 40);
    case 6:
      return rng.int(0, 5);
    case 12:
      return rng.int(0, 3);
    default:
      return 0;
  }
}

/** Digits observed in real colour bars; other statuses are folded onto the nearest one. */
function barDigit(status: number): string {
  if ([0, 1, 2, 5, 6, 7, 8].includes(status)) return String(status);
  return status === 12 ? '6' : '2';
}

/**
 * 28 daily status digits, oldest first (clients reverse it to show newest first). Days after the
 * last session and before the device existed are `0`.
 */
function colourBar(rng: Rng, status: number, ageSecs: number, lifetimeSecs: number): string {
  if (status === 0) return '0'.repeat(28);
  const idleDays = Math.floor(ageSecs / DAY);
  const lifetimeDays = Math.floor(lifetimeSecs / DAY);
  const digits: string[] = [];
  for (let daysAgo = 27; daysAgo >= 0; daysAgo--) {
    if (daysAgo < idleDays || daysAgo > lifetimeDays) digits.push('0');
    else if (daysAgo === idleDays) digits.push(barDigit(status));
    else
      digits.push(
        rng.weighted([
          ['5', 85],
          ['8', 8],
          ['2', 4],
          ['6', 2],
          ['0', 1],
        ] as const),
      );
  }
  return digits.join('');
}
