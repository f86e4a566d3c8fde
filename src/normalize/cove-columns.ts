/**
 * The few Cove column facts normalization needs, kept local so that `normalize/` depends on no
 * vendor runtime code: code canonicalisation (padded `D09F00`, unpadded `D9F0`, legacy `T0`/`AN`),
 * data-source names, and the I78 "active data sources" formats.
 *
 * @module
 */

/** Legacy two-letter device-property codes normalization reads → their `I` code. */
const LEGACY_DEVICE_CODES: Readonly<Record<string, string>> = {
  AU: 'I0',
  AN: 'I1',
  TS: 'I6',
  AR: 'I8',
  MN: 'I18',
  TZ: 'I24',
  AT: 'I59',
  AP: 'I78',
};

/** Legacy data-source letter → two-digit data-source number. `S` is System State (D02; D07 shares it). */
const LEGACY_SOURCE_LETTERS: Readonly<Record<string, string>> = {
  F: '01',
  S: '02',
  Q: '03',
  X: '04',
  N: '06',
  W: '08',
  T: '09',
  Z: '10',
  P: '11',
  Y: '12',
  H: '14',
  L: '15',
  V: '16',
  B: '17',
  G: '19',
  J: '20',
};

/** Legacy field character → two-digit field number. Note `7` = F06 (errors) and `6` = F07 (protected). */
const LEGACY_FIELD_CHARS: Readonly<Record<string, string>> = {
  '0': '00',
  '1': '01',
  '2': '02',
  '3': '03',
  '4': '04',
  '5': '05',
  '7': '06',
  '6': '07',
  B: '08',
  L: '09',
  '8': '10',
  '9': '11',
  A: '12',
  I: '13',
  R: '14',
  G: '15',
  Q: '16',
  J: '17',
  O: '18',
  K: '19',
  M: '20',
  '@': '21',
};

const pad2 = (digits: string): string => String(Number(digits)).padStart(2, '0');

/**
 * Canonical form of a Cove column code: `D<nn>F<nn>` padded for statistics, `I<n>` unpadded for
 * device properties. Accepts padded (`D09F00`), unpadded (`D9F0`, `D9F00`), legacy data-source
 * codes (`T0`, `TL`, `TG`, `T7`, `F0`…) and the legacy device codes normalization reads (`AN`,
 * `AR`, `MN`, `AP`…). Anything else is returned unchanged.
 */
export function canonicalCoveCode(code: string): string {
  let canonical = canonicalCache.get(code);
  if (canonical === undefined) {
    canonical = resolveCoveCode(code);
    // Every row repeats the same few dozen codes; bounded against endless distinct keys.
    if (canonicalCache.size >= 4096) canonicalCache.clear();
    canonicalCache.set(code, canonical);
  }
  return canonical;
}

const canonicalCache = new Map<string, string>();

function resolveCoveCode(code: string): string {
  const trimmed = code.trim();
  const upper = trimmed.toUpperCase();
  const stat = /^D(\d{1,2})F(\d{1,2})$/.exec(upper);
  if (stat) return `D${pad2(stat[1]!)}F${pad2(stat[2]!)}`;
  const device = /^I(\d{1,3})$/.exec(upper);
  if (device) return `I${Number(device[1])}`;
  const legacyDevice = LEGACY_DEVICE_CODES[upper];
  if (legacyDevice !== undefined && Object.hasOwn(LEGACY_DEVICE_CODES, upper)) return legacyDevice;
  if (trimmed.length === 2) {
    const source = Object.hasOwn(LEGACY_SOURCE_LETTERS, upper[0]!)
      ? LEGACY_SOURCE_LETTERS[upper[0]!]
      : undefined;
    const field = Object.hasOwn(LEGACY_FIELD_CHARS, upper[1]!) ? LEGACY_FIELD_CHARS[upper[1]!] : undefined;
    if (source !== undefined && field !== undefined) return `D${source}F${field}`;
  }
  return trimmed;
}

/**
 * Names of Cove data sources, keyed by two-digit number (`D09` is the Total, not a data source),
 * plus the legacy-only letters `R` and `K`, which have no D number.
 */
export const COVE_DATA_SOURCE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  D01: 'Files and Folders',
  D02: 'System State',
  D03: 'MsSql',
  D04: 'VssExchange',
  D05: 'Microsoft 365 SharePoint',
  D06: 'NetworkShares',
  D07: 'VssSystemState',
  D08: 'VMware Virtual Machines',
  D10: 'VssMsSql',
  D11: 'VssSharePoint',
  D12: 'Oracle',
  D14: 'Hyper-V',
  D15: 'MySql',
  D16: 'Virtual Disaster Recovery',
  D17: 'Bare Metal Restore',
  D19: 'Microsoft 365 Exchange',
  D20: 'Microsoft 365 OneDrive',
  D23: 'Microsoft 365 Teams',
  R: 'Removable Media',
  K: 'Linux System State',
});

/** Display name of a data source key (`D01`, `R`…); unlisted numbers keep their code as name. */
export function dataSourceName(key: string): string {
  return Object.hasOwn(COVE_DATA_SOURCE_NAMES, key) ? COVE_DATA_SOURCE_NAMES[key]! : key;
}

/**
 * Parses I78 / AP ("active data sources") into data-source keys, in order, without duplicates and
 * without the Total (`D09`). Accepts `D01D02`, `D1,D2`, `D19D20D05` and legacy letters (`FSZ`, one
 * letter per source; `R` and `K` stay as letters since they have no D number).
 */
export function parseActiveDataSources(value: string): string[] {
  const keys: string[] = [];
  const add = (key: string) => {
    if (key !== 'D09' && !keys.includes(key)) keys.push(key);
  };
  const upper = value.toUpperCase();
  const numbered = upper.match(/D\d{1,2}/g);
  if (numbered) {
    for (const token of numbered) add(`D${pad2(token.slice(1))}`);
    return keys;
  }
  for (const char of upper) {
    if (Object.hasOwn(LEGACY_SOURCE_LETTERS, char)) add(`D${LEGACY_SOURCE_LETTERS[char]}`);
    else if (char === 'R' || char === 'K') add(char);
  }
  return keys;
}
