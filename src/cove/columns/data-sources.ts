/**
 * Cove's data sources (D-codes) with their legacy prefix letters (cove-api-facts §5.2). D13, D18,
 * D21 and D22 do not exist.
 *
 * @module
 */

/** The catalogue record of one data source. */
export interface DataSourceSpec {
  /** Human-readable name, as N-able documents it. */
  readonly name: string;
  /** The legacy prefix letter (e.g. `T` for Total), if the source has one. */
  readonly legacy?: string;
  /** A caveat worth reading before relying on the source. */
  readonly note?: string;
}

/**
 * Every documented data source, keyed by its padded code (browse with `listColumns()`). D02 and D07 share the legacy letter
 * `S`; legacy `S` codes resolve to **D02** (System State), so D07 columns have no legacy alias.
 *
 * @internal
 */
export const DATA_SOURCES = {
  D01: { legacy: 'F', name: 'Files and Folders' },
  D02: { legacy: 'S', name: 'System State', note: 'Legacy S is shared with D07; S codes resolve to D02.' },
  D03: { legacy: 'Q', name: 'MsSql', note: 'Legacy plug-in.' },
  D04: { legacy: 'X', name: 'VssExchange' },
  D05: { name: 'Microsoft 365 SharePoint' },
  D06: { legacy: 'N', name: 'Network Shares' },
  D07: {
    legacy: 'S',
    name: 'VssSystemState',
    note: 'Shares legacy S with D02; S codes resolve to D02, so use the D07 codes.',
  },
  D08: { legacy: 'W', name: 'VMware Virtual Machines' },
  D09: { legacy: 'T', name: 'Total', note: 'Aggregate over all data sources.' },
  D10: { legacy: 'Z', name: 'VssMsSql' },
  D11: { legacy: 'P', name: 'VssSharePoint' },
  D12: { legacy: 'Y', name: 'Oracle', note: 'Deprecated by N-able (2025-12-26).' },
  D14: { legacy: 'H', name: 'Hyper-V' },
  D15: { legacy: 'L', name: 'MySql' },
  D16: { legacy: 'V', name: 'Virtual Disaster Recovery' },
  D17: { legacy: 'B', name: 'Bare Metal Restore' },
  D19: { legacy: 'G', name: 'Microsoft 365 Exchange' },
  D20: { legacy: 'J', name: 'Microsoft 365 OneDrive' },
  D23: { name: 'Microsoft 365 Teams' },
} as const satisfies Readonly<Record<`D${number}`, DataSourceSpec>>;

/**
 * Data sources that exist only as legacy prefix letters, with no D-code. Their columns are
 * catalogued under the legacy code itself (e.g. `R0`).
 *
 * @internal
 */
export const LEGACY_ONLY_DATA_SOURCES = {
  R: { name: 'Removable Media', note: 'Legacy only; no D-code.' },
  K: { name: 'Linux System State', note: 'Legacy only and deprecated; no D-code.' },
} as const satisfies Readonly<Record<string, Omit<DataSourceSpec, 'legacy'>>>;
