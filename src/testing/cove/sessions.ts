/**
 * Session history for the Cove mock's reporting services, derived from the statistics the mock
 * already serves: each data source's newest session has that source's `F15` time, `F00` status,
 * `F06` errors, `F12` duration and `F01`–`F05` sizes and counts; older sessions follow the 28-day
 * `F08` colour bar, one a day. A device whose last status is "in process" has a running newest
 * session (`EndTime` 0). A few older sessions carry an `ErrorsCount` that disagrees with their
 * errors, as real ones do. Sessions are built lazily per device and can then be changed by tests
 * (`addSession`, `finishSession`).
 *
 * @internal
 * @module
 */
import { sessionStatusName } from '../../cove/columns/status';
import type { DeviceRecord } from './data';
import { hash32, Rng } from './random';

const DAY = 86_400;

/** `PluginId` texts (repserv) and `DataSourceType` (M365) by data-source number. */
const PLUGIN_NAMES: Readonly<Record<number, string>> = {
  1: 'FileSystem',
  2: 'VssSystemState',
  4: 'VssExchange',
  5: 'SharePoint',
  6: 'NetworkShares',
  8: 'VMware',
  10: 'VssMsSql',
  14: 'VssHyperV',
  15: 'MySql',
  19: 'Exchange',
  20: 'OneDrive',
  23: 'Teams',
};

/** The `Plugin` number the repserv query language filters on. */
const PLUGIN_IDS: Readonly<Record<number, number>> = { 2: 7 };

const ERROR_TEXTS: readonly (readonly [code: number, text: string, file: string])[] = [
  [
    32,
    'The process cannot access the file because it is being used by another process.',
    'C:\\Users\\{u}\\AppData\\Local\\Microsoft\\Outlook\\{u}.ost',
  ],
  [5, 'Access is denied.', 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys'],
  [3, 'The system cannot find the path specified.', 'D:\\Shares\\Finance\\Archive\\2019'],
  [1450, 'Insufficient system resources exist to complete the requested service.', 'E:\\Data\\scan-{n}.pdf'],
  [-2147024864, 'VSS snapshot creation failed: VSS_E_INSUFFICIENT_STORAGE', 'C:\\'],
  [1392, 'The file or directory is corrupted and unreadable.', 'C:\\Users\\{u}\\Documents\\report-{n}.xlsx'],
];

const M365_ERROR_TEXTS: readonly (readonly [text: string, path: string])[] = [
  ['Graph API error: ErrorItemNotFound', '/Inbox/Archive'],
  ['Mailbox is not licensed for backup', '/'],
  ['The item is too large to back up', '/Documents/Video/{n}.mp4'],
  ['Throttled by Microsoft 365 (429); will retry next session', '/Sent Items'],
];

/** One error group of a mock session (as QueryErrors returns it). */
export interface MockSessionError {
  /** Group id (unique per device). */
  readonly id: number;
  /** Cove error code (0 for M365). */
  readonly code: number;
  /** Error text. */
  readonly text: string;
  /** File or path. */
  readonly fileName: string;
  /** M365: mailbox or user. */
  readonly item: string;
  /** Unix seconds. */
  readonly time: number;
  /** Repeats of the same code, text and file. */
  readonly count: number;
}

/** A backup session of one data source on one device. Tests may change it through the mock. */
export interface MockSession {
  /** Session id (unique per device, increasing with time). */
  readonly id: number;
  /** Device (account) id. */
  readonly deviceId: number;
  /** Data-source number (1 = Files and Folders, 19 = M365 Exchange…). */
  readonly source: number;
  /** `PluginId` / `DataSourceType` text. */
  readonly plugin: string;
  /** Cove status code (1 = running). */
  status: number;
  /** Unix seconds. */
  readonly startTime: number;
  /** Unix seconds; 0 while running. */
  endTime: number;
  /** What the server reports in `ErrorsCount` (may disagree with `errors`). */
  errorsCount: number;
  /** The errors `QueryErrors` / `EnumerateSessionErrors` return. */
  errors: MockSessionError[];
  readonly selectedCount: number;
  readonly processedCount: number;
  readonly selectedSize: number;
  readonly processedSize: number;
  readonly sentSize: number;
}

/** Status text of a code, as the reporting services send it (repserv says `InProgress`, M365 `InProcess`). */
export function statusText(code: number, m365: boolean): string {
  if (code === 1) return m365 ? 'InProcess' : 'InProgress';
  const name = sessionStatusName(code);
  return name === 'unknown' ? 'Unknown' : name;
}

/** The `PluginId` text of a data source number. */
export function pluginName(source: number): string {
  return PLUGIN_NAMES[source] ?? `Plugin${source}`;
}

/** The `Plugin` filter number of a data source number. */
export function pluginId(source: number): number {
  return PLUGIN_IDS[source] ?? source;
}

const pad = (n: number) => String(n).padStart(2, '0');

function columnNumber(device: DeviceRecord, source: number, field: number): number {
  return Number(device.column(`D${pad(source)}F${pad(field)}`) ?? 0) || 0;
}

/** Builds `count` errors in groups. */
export function makeErrors(
  device: DeviceRecord,
  session: { id: number; startTime: number; source: number },
  count: number,
  nextId: () => number,
): MockSessionError[] {
  if (count <= 0) return [];
  const rng = new Rng(hash32(device.seed, 'errors', session.id));
  const m365 = device.accountType === 2;
  const groups = Math.min(count, rng.int(1, 4));
  const out: MockSessionError[] = [];
  let left = count;
  for (let g = 0; g < groups; g++) {
    const repeats = g === groups - 1 ? left : Math.max(1, Math.floor(left / (groups - g)));
    left -= repeats;
    const user = `user${rng.int(1, 40)}`;
    const n = String(rng.int(100, 999));
    if (m365) {
      const [text, path] = rng.pick(M365_ERROR_TEXTS as [(typeof M365_ERROR_TEXTS)[number]]);
      out.push({
        id: nextId(),
        code: 0,
        text,
        fileName: path.replace('{n}', n),
        item: `${user}@${device.name.split('-')[0] ?? 'tenant'}.example`,
        time: session.startTime + rng.int(30, 600),
        count: repeats,
      });
    } else {
      const [code, text, file] = rng.pick(ERROR_TEXTS as [(typeof ERROR_TEXTS)[number]]);
      out.push({
        id: nextId(),
        code,
        text,
        fileName: file.replace(/\{u\}/g, user).replace('{n}', n),
        item: '',
        time: session.startTime + rng.int(30, 600),
        count: repeats,
      });
    }
  }
  return out;
}

/** A device's sessions plus the id counters for sessions and errors added later. */
export interface DeviceSessions {
  readonly sessions: MockSession[];
  nextSessionId: number;
  nextErrorId: number;
}

/**
 * Generates a device's sessions, oldest first, from its statistics. The newest session of each
 * data source always reports the statistics' error count; older ones sometimes disagree with
 * their own errors.
 */
export function generateSessions(device: DeviceRecord, anchorSecs: number): DeviceSessions {
  const planned: { draft: Omit<MockSession, 'id' | 'errors'>; trueErrors: number; newest: boolean }[] = [];
  for (const source of device.dataSources) {
    const last = columnNumber(device, source, 15);
    if (last <= 0) continue;
    const status = columnNumber(device, source, 0);
    const duration = Math.max(60, columnNumber(device, source, 12));
    const bar = device.column(`D${pad(source)}F08`) ?? '';
    const idle = Math.floor((anchorSecs - last) / DAY);
    const rng = new Rng(hash32(device.seed, 'history', source));
    const base = {
      deviceId: device.id,
      source,
      plugin: pluginName(source),
      selectedCount: columnNumber(device, source, 1),
      processedCount: columnNumber(device, source, 2),
      selectedSize: columnNumber(device, source, 3),
      processedSize: columnNumber(device, source, 4),
      sentSize: columnNumber(device, source, 5),
    };
    // Older sessions: one a day, with the colour bar's status (index 27 is today).
    for (let daysAgo = 27; daysAgo > idle; daysAgo--) {
      const digit = Number(bar.charAt(27 - daysAgo) || '0');
      if (digit === 0) continue;
      const start = last - (daysAgo - idle) * DAY + rng.int(-600, 600);
      const errors = digit === 8 ? rng.int(1, 30) : digit === 2 ? rng.int(1, 6) : 0;
      const change = 0.4 + rng.next() * 1.2;
      planned.push({
        draft: {
          ...base,
          processedCount: Math.round(base.processedCount * change),
          processedSize: Math.round(base.processedSize * change),
          sentSize: Math.round(base.sentSize * change),
          status: digit === 1 ? 2 : digit,
          startTime: start,
          endTime: start + Math.max(60, Math.round(duration * (0.6 + rng.next() * 0.8))),
          errorsCount: errors,
        },
        trueErrors: errors,
        newest: false,
      });
    }
    const running = status === 1 || status === 9;
    planned.push({
      draft: {
        ...base,
        status,
        startTime: last,
        endTime: running ? 0 : last + duration,
        errorsCount: columnNumber(device, source, 6),
      },
      trueErrors: columnNumber(device, source, 6),
      newest: true,
    });
  }
  planned.sort((a, b) => a.draft.startTime - b.draft.startTime || a.draft.source - b.draft.source);
  let sessionId = 700 + (hash32(device.seed, 'session-base') % 300);
  let errorId = 90_000 + (hash32(device.seed, 'error-base') % 9_000);
  const sessions: MockSession[] = [];
  for (const { draft, trueErrors, newest } of planned) {
    sessionId += 1 + (hash32(device.seed, 'gap', sessionId) % 3);
    const roll = hash32(device.seed, 'mismatch', sessionId) % 100;
    // The server's ErrorsCount is unreliable: now and then it reports errors QueryErrors does not
    // have, or none although QueryErrors has some.
    let reported = draft.errorsCount;
    let actual = trueErrors;
    if (actual > 0 && roll < 8 && !newest) reported = actual + 1 + (roll % 3);
    if (actual > 0 && roll >= 8 && roll < 14 && !newest) actual = 0;
    if (actual === 0 && draft.status === 5 && roll < 4 && !newest) {
      actual = 1;
      reported = 0;
    }
    const session: MockSession = {
      ...draft,
      id: sessionId,
      errorsCount: reported,
      errors: [],
    };
    session.errors = makeErrors(device, session, actual, () => ++errorId);
    sessions.push(session);
  }
  return { sessions, nextSessionId: sessionId + 1, nextErrorId: errorId + 1 };
}
