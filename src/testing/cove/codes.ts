/**
 * The column-code catalogue the Cove mock understands: device property columns (`I##`), data-source
 * statistics (`D##F##`, padded or unpadded), legacy short codes (`AN`, `T0`, `TL`…) and partner
 * custom columns (`AA###`). Every notation is resolved to one {@link ColumnRef}, so restrictions,
 * filters and values work the same whichever spelling a client sends.
 *
 * @internal
 * @module
 */

/** A parsed column code. */
export type ColumnRef =
  | { readonly kind: 'I'; readonly n: number }
  | { readonly kind: 'D'; readonly source: number; readonly field: number }
  | { readonly kind: 'AA'; readonly id: number };

/** The value kinds used in the catalogue (and in the mock's `EnumerateColumns` rows). */
export type ColumnType = 'String' | 'Int' | 'Time' | 'Size' | 'Status' | 'ColourBar' | 'Bitmask' | 'Number';

/** Device property columns by number, with their legacy short code. */
export const PROPERTY_COLUMNS: ReadonlyMap<number, { name: string; type: ColumnType; legacy?: string }> =
  new Map(
    (
      [
        [0, 'AU', 'Device ID', 'String'],
        [1, 'AN', 'Device name', 'String'],
        [2, 'AL', 'Device name alias', 'String'],
        [3, 'QW', 'Password', 'String'],
        [4, 'CD', 'Creation date', 'Time'],
        [5, 'ED', 'Expiration date', 'Time'],
        [6, 'TS', 'Time stamp', 'Time'],
        [8, 'AR', 'Customer', 'String'],
        [9, 'PD', 'Product ID', 'Int'],
        [10, 'PN', 'Product', 'String'],
        [11, 'LN', 'Storage location', 'String'],
        [12, 'AG', 'Device group name', 'String'],
        [13, 'OU', 'Own user name', 'String'],
        [14, 'US', 'Used storage', 'Size'],
        [15, 'EM', 'Email', 'String'],
        [16, 'OS', 'OS version', 'String'],
        [17, 'VN', 'Client version', 'String'],
        [18, 'MN', 'Computer name', 'String'],
        [19, 'IP', 'Internal IPs', 'String'],
        [20, 'EI', 'External IPs', 'String'],
        [21, 'MA', 'MAC address', 'String'],
        [22, 'DF', 'Dashboard frequency', 'Bitmask'],
        [23, 'DL', 'Dashboard language', 'String'],
        [24, 'TZ', 'Time offset', 'Number'],
        [26, 'SE', 'Cabinet Storage Efficiency', 'Int'],
        [27, 'CC', 'Total Cabinets Count', 'Int'],
        [28, 'E0', 'Efficient Cabinet Count 0-25', 'Int'],
        [29, 'E1', 'Efficient Cabinet Count 26-50', 'Int'],
        [30, 'E2', 'Efficient Cabinet Count 50-75', 'Int'],
        [31, 'UV', 'Used Virtual Storage', 'Size'],
        [32, 'OT', 'OS type', 'Int'],
        [33, 'IS', 'Seeding mode', 'Int'],
        [34, 'AC', 'Anti Crypto enabled', 'Int'],
        [35, 'VE', 'LocalSpeedVault', 'Int'],
        [36, 'YS', 'Storage status', 'Int'],
        [37, 'YV', 'LSV status', 'Int'],
        [38, 'AS', 'Archived size', 'String'],
        [39, 'RU', 'Retention units', 'String'],
        [40, 'DS', 'Activity description', 'String'],
        [41, 'HN', 'Number of Hyper-V VMs', 'String'],
        [42, 'EN', 'Number of ESX VMs', 'String'],
        [43, 'ES', 'Encryption status', 'String'],
        [44, 'MF', 'Computer manufacturer', 'String'],
        [45, 'MO', 'Computer model', 'String'],
        [46, 'II', 'Installation ID', 'String'],
        [47, 'IM', 'Installation Mode', 'Int'],
        [48, 'REM', 'Restore email', 'String'],
        [49, 'RDF', 'Restore dashboard frequency', 'Bitmask'],
        [50, 'RDL', 'Restore dashboards language', 'String'],
        [54, 'OI', 'Profile ID', 'Int'],
        [55, 'OV', 'Profile version', 'String'],
        [56, 'OP', 'Profile', 'String'],
        [57, 'KU', 'Stock Keeping Unit', 'String'],
        [58, 'PU', 'SKU of the previous month', 'String'],
        [59, 'AT', 'Account type', 'Int'],
        [60, 'PT', 'Proxy Type', 'Int'],
        [62, 'RP', 'Most Recent Restore Plug-in', 'String'],
        [63, 'NC', 'Company Name', 'String'],
        [64, 'AD', 'Address', 'String'],
        [65, 'ZP', 'Zip Code', 'String'],
        [66, 'CY', 'Country', 'String'],
        [67, 'CT', 'City', 'String'],
        [68, 'PH', 'Phone Number', 'String'],
        [69, 'FX', 'Fax Number', 'String'],
        [70, 'CP', 'Contract Name', 'String'],
        [71, 'GN', 'Group Name', 'String'],
        [72, 'DE', 'Demo', 'Int'],
        [73, 'EU', 'Edu', 'Int'],
        [74, 'AI', 'Unattended Installation account ID', 'String'],
        [75, 'IF', 'First Installation Flag', 'Int'],
        [76, 'MV', 'Maximum Allowed Version', 'String'],
        [77, 'PF', 'Customer reference', 'String'],
        [78, 'AP', 'Active data sources', 'String'],
        [80, undefined, 'Recovery Testing', 'Int'],
        [81, undefined, 'Physicality', 'String'],
        [82, undefined, 'Passphrase', 'String'],
        [84, undefined, 'CPU cores', 'Int'],
        [85, undefined, 'RAM', 'Size'],
      ] as const
    ).map(([n, legacy, name, type]) => [n, legacy === undefined ? { name, type } : { name, type, legacy }]),
  );

/** Data sources by number, with their legacy source letter. D09 is the "Total" aggregate. */
export const DATA_SOURCES: ReadonlyMap<number, { name: string; legacy?: string }> = new Map(
  (
    [
      [1, 'F', 'Files and Folders'],
      [2, 'S', 'System State'],
      [3, 'Q', 'MsSql'],
      [4, 'X', 'VssExchange'],
      [5, undefined, 'Microsoft 365 SharePoint'],
      [6, 'N', 'NetworkShares'],
      [7, undefined, 'VssSystemState'],
      [8, 'W', 'VMware Virtual Machines'],
      [9, 'T', 'Total'],
      [10, 'Z', 'VssMsSql'],
      [11, 'P', 'VssSharePoint'],
      [12, 'Y', 'Oracle'],
      [14, 'H', 'Hyper-V'],
      [15, 'L', 'MySql'],
      [16, 'V', 'Virtual Disaster Recovery'],
      [17, 'B', 'Bare Metal Restore'],
      [19, 'G', 'Microsoft 365 Exchange'],
      [20, 'J', 'Microsoft 365 OneDrive'],
      [23, undefined, 'Microsoft 365 Teams'],
    ] as const
  ).map(([n, legacy, name]) => [n, legacy === undefined ? { name } : { name, legacy }]),
);

/** Per-data-source statistic fields by number, with their legacy field character. */
export const STATISTIC_FIELDS: ReadonlyMap<number, { name: string; type: ColumnType; legacy: string }> =
  new Map(
    (
      [
        [0, '0', 'Last Session Status', 'Status'],
        [1, '1', 'Last Session Selected Count', 'Int'],
        [2, '2', 'Last Session Processed Count', 'Int'],
        [3, '3', 'Last Session Selected Size', 'Size'],
        [4, '4', 'Last Session Processed Size', 'Size'],
        [5, '5', 'Last Session Sent Size', 'Size'],
        [6, '7', 'Last Session Errors Count', 'Int'],
        [7, '6', 'Protected size', 'Size'],
        [8, 'B', 'Color bar, last 28 days', 'ColourBar'],
        [9, 'L', 'Last successful session Timestamp', 'Time'],
        [10, '8', 'Pre Recent Session Selected Count', 'Int'],
        [11, '9', 'Pre Recent Session Selected Size', 'Size'],
        [12, 'A', 'Session duration', 'Int'],
        [13, 'I', 'Last Session License Items count', 'Int'],
        [14, 'R', 'Retention', 'Int'],
        [15, 'G', 'Last Session Timestamp', 'Time'],
        [16, 'Q', 'Last Successful Session Status', 'Status'],
        [17, 'J', 'Last Completed Session Status', 'Status'],
        [18, 'O', 'Last Completed Session Timestamp', 'Time'],
        [19, 'K', 'Last Session Verification Data', 'String'],
        [20, 'M', 'Last Session User Mailboxes Count', 'Int'],
        [21, '@', 'Last Session Shared Mailboxes Count', 'Int'],
      ] as const
    ).map(([n, legacy, name, type]) => [n, { name, type, legacy }]),
  );

const LEGACY_PROPERTY = new Map<string, number>();
for (const [n, column] of PROPERTY_COLUMNS) if (column.legacy) LEGACY_PROPERTY.set(column.legacy, n);
const LEGACY_SOURCE = new Map<string, number>();
for (const [n, source] of DATA_SOURCES) if (source.legacy) LEGACY_SOURCE.set(source.legacy, n);
const LEGACY_FIELD = new Map<string, number>();
for (const [n, field] of STATISTIC_FIELDS) LEGACY_FIELD.set(field.legacy, n);

/**
 * Parses any column notation the real API accepts. Returns `undefined` for text that is not a
 * column code at all (for example the typo `Do9F00` from N-able's own sample).
 */
export function parseColumnCode(code: string): ColumnRef | undefined {
  const property = /^I(\d{1,3})$/.exec(code);
  if (property) return { kind: 'I', n: Number(property[1]) };
  const statistic = /^D(\d{1,2})F(\d{1,2})$/.exec(code);
  if (statistic) return { kind: 'D', source: Number(statistic[1]), field: Number(statistic[2]) };
  const custom = /^AA(\d{1,6})$/.exec(code);
  if (custom) return { kind: 'AA', id: Number(custom[1]) };
  const legacyProperty = LEGACY_PROPERTY.get(code);
  if (legacyProperty !== undefined) return { kind: 'I', n: legacyProperty };
  if (code.length === 2) {
    const source = LEGACY_SOURCE.get(code.charAt(0));
    const field = LEGACY_FIELD.get(code.charAt(1));
    if (source !== undefined && field !== undefined) return { kind: 'D', source, field };
  }
  return undefined;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The canonical (new, zero-padded) spelling: `I14`, `D09F00`, `AA843`. */
export function canonicalCode(ref: ColumnRef): string {
  switch (ref.kind) {
    case 'I':
      return `I${ref.n}`;
    case 'D':
      return `D${pad2(ref.source)}F${pad2(ref.field)}`;
    case 'AA':
      return `AA${ref.id}`;
  }
}

/** The unpadded spelling some clients use and the server sometimes echoes: `D9F0`. */
export function unpaddedCode(ref: ColumnRef): string {
  return ref.kind === 'D' ? `D${ref.source}F${ref.field}` : canonicalCode(ref);
}

/** Normalises a code to its canonical form, or returns it unchanged when it is not a column code. */
export function normalizeCode(code: string): string {
  const ref = parseColumnCode(code);
  return ref ? canonicalCode(ref) : code;
}

/** Whether the catalogue defines this property or data-source column (custom columns are per partner). */
export function isCataloguedColumn(ref: ColumnRef): boolean {
  if (ref.kind === 'I') return PROPERTY_COLUMNS.has(ref.n);
  if (ref.kind === 'D') return DATA_SOURCES.has(ref.source) && STATISTIC_FIELDS.has(ref.field);
  return false;
}
