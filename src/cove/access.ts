/**
 * `CoveClient.checkAccess()`: one call that tells a user what their API user can do for
 * monitoring, and what to ask the Cove administrator for. It checks, in order:
 *
 * 1. Login, and the Login partner's level (customer or reseller), from `GetPartnerInfoById`.
 * 2. Whether child partners can be enumerated (`EnumeratePartners`).
 * 3. Which of {@link COVE_MONITORING_COLUMNS} the user may read, by probing (`probeColumns`, with
 *    its call budget: about 1 call when nothing is restricted, 10–25 for a tight allow-list).
 * 4. Whether session history and error texts can be read for a sample storage-node device
 *    (`repserv_json`) and a sample Microsoft 365 device (`reporting_api`): one statistics call to
 *    find them, then a few sessions and one session's errors each.
 *
 * Nothing it finds is thrown: every check lands in the typed {@link CoveAccessReport}, whose
 * `text` says in a few lines what works and what to ask for. Only bad input (`ConfigError`) and an
 * abort (`AbortError`) are thrown.
 *
 * @module
 */
import { checkCallOptions } from '../core/arguments';
import { AbortError, ConfigError } from '../core/errors';
import { type ColumnCode, canonicalColumn } from './columns';
import type { CoveCallOptions } from './connection';
import { COVE_ERROR_CODES, CoveError, CoveSecurityError } from './errors';
import { CoveStorageNodeError } from './reporting';
import type { PartnerLevel } from './schemas/partner-info';

/**
 * The columns the SDK reads for monitoring: device name (I1), customer name (I8), computer name
 * (I18), account type (I59: M365 or not), active data sources (I78), and the Total's last session
 * status (D09F00), sent size (D09F05), errors (D09F06), last success time (D09F09), duration
 * (D09F12) and last session time (D09F15, which gives each session its own run id).
 */
export const COVE_MONITORING_COLUMNS = [
  'I1',
  'I8',
  'I18',
  'I59',
  'I78',
  'D09F00',
  'D09F05',
  'D09F06',
  'D09F09',
  'D09F12',
  'D09F15',
] as const satisfies readonly ColumnCode[];

/** Partner levels that have customers below them. */
const RESELLER_LEVELS = new Set([
  'Root',
  'SubRoot',
  'Distributor',
  'SubDistributor',
  'Reseller',
  'ServiceOrganization',
]);
/** Partner levels of a single customer. */
const CUSTOMER_LEVELS = new Set(['EndCustomer', 'Site']);

/** How one check went. */
export type AccessStatus =
  /** It works. */
  | 'ok'
  /** Cove refused it for security reasons (13501): the API user's role or scope does not allow it. */
  | 'refused'
  /** It failed for another reason (see `error`). */
  | 'failed'
  /** It could not be tried (see `error`: e.g. Login failed, or no sample device). */
  | 'skipped';

/** Where the Login partner sits in the partner tree. */
export type AccessScope = 'reseller' | 'customer' | 'unknown';

/** Login, and the level of the partner the API user logged in to. */
export interface LoginAccess {
  /** Whether Login works. */
  status: AccessStatus;
  /** The Login partner, when Login worked. */
  partnerId?: number | undefined;
  /** Its name, when `GetPartnerInfoById` could be read. */
  partnerName?: string | undefined;
  /** Its level (`Reseller`, `EndCustomer`, …), when `GetPartnerInfoById` could be read. */
  level?: PartnerLevel | undefined;
  /** `reseller` (has customers below it), `customer`, or `unknown` when the level could not be read. */
  scope: AccessScope;
  /** The API user's flags, e.g. `SecurityOfficer`, `NonInteractive`. */
  flags: string[];
  /** What went wrong, when something did. */
  error?: string | undefined;
  /** The Cove error code when Login failed with one (2100: wrong partner string, username or token). */
  errorCode?: number | null | undefined;
}

/** Whether child partners can be listed. */
export interface PartnersAccess {
  /** `ok` when `EnumeratePartners` answered. */
  status: AccessStatus;
  /** Child partners (the whole subtree) it returned. */
  count?: number | undefined;
  /** What went wrong, when something did. */
  error?: string | undefined;
}

/** Which monitoring columns the API user may read. */
export interface ColumnsAccess {
  /** `ok` when the probe ran (even if some columns are restricted). */
  status: AccessStatus;
  /** The columns checked, in order. */
  checked: string[];
  /** The ones the API user may read. */
  allowed: string[];
  /** The ones Cove refuses (13501): ask for these. */
  restricted: string[];
  /** Statistics calls the probe sent. */
  probeCalls: number;
  /** What went wrong, when the probe failed. */
  error?: string | undefined;
}

/** Whether a sample device's session history and error texts can be read. */
export interface SessionAccess {
  /** `ok` when sessions (and, if one was found, a session's errors) could be read. */
  status: AccessStatus;
  /** The sample device, when one was found. */
  deviceId?: number | undefined;
  /** Sessions read (at most a few: this is a check, not a walk). */
  sessions?: number | undefined;
  /** Whether a session's error texts could be read (`undefined` when there was no session). */
  errorsReadable?: boolean | undefined;
  /** What went wrong, or why it was skipped. */
  error?: string | undefined;
}

/** What {@link CoveClient.checkAccess} found. */
export interface CoveAccessReport {
  /** The username checked. */
  username: string;
  /** Login and partner level. */
  login: LoginAccess;
  /** Listing child partners. */
  partners: PartnersAccess;
  /** The monitoring columns ({@link COVE_MONITORING_COLUMNS}). */
  columns: ColumnsAccess;
  /** Session history and error texts: a storage-node device (`repserv_json`) and an M365 device (`reporting_api`). */
  sessions: { storageNode: SessionAccess; m365: SessionAccess };
  /** What to ask the Cove administrator for; empty when nothing is missing. */
  requests: string[];
  /** A short, human-readable summary: what works, what does not, and the requests. */
  text: string;
}

/** Options of {@link CoveClient.checkAccess}. */
export interface CheckAccessOptions extends CoveCallOptions {
  /** The partner to check columns and devices under. Default: the Login partner. */
  partnerId?: number | undefined;
}

/** The client surface `checkAccess` uses (a `CoveClient`). @internal */
export interface AccessCheckClient {
  readonly username: string;
  login(options?: CoveCallOptions): Promise<{ partnerId: number; flags: string[] }>;
  getPartnerInfoById(
    partnerId: number,
    options?: CoveCallOptions,
  ): Promise<{ Name?: string | null; Level?: string | null }>;
  enumeratePartners(
    query: { parentPartnerId?: number; fetchRecursively?: boolean; fields?: readonly number[] },
    options?: CoveCallOptions,
  ): Promise<unknown[]>;
  probeColumns(
    columns: readonly ColumnCode[],
    options: CoveCallOptions & { partnerId: number },
  ): Promise<{ allowed: string[]; restricted: string[]; calls: number }>;
  enumerateAccountStatistics(
    query: { partnerId: number; columns: readonly ColumnCode[]; recordsCount?: number },
    options?: CoveCallOptions,
  ): Promise<{ rows: { accountId: number; raw: Record<string, string> }[] }>;
  sessions(
    deviceId: number,
    options?: CoveCallOptions & { pageSize?: number; m365?: boolean | undefined },
  ): AsyncIterable<{ id: number; errorsCount?: number | null }>;
  sessionErrors(
    deviceId: number,
    sessionId: number,
    options?: CoveCallOptions & { m365?: boolean | undefined },
  ): Promise<unknown[]>;
}

/** Sessions read per sample device. */
const SAMPLE_SESSIONS = 3;
/** `pageSize` of the sample `sessions()` call. */
const SESSION_PAGE = 100;
/** Devices read to find the samples. */
const SAMPLE_ROWS = 100;
/** Data sources that only Microsoft 365 devices have. */
const M365_SOURCES = /D(19|20|5|05|23)(?!\d)/;

/** Runs every check; see the module description. */
export async function checkAccess(
  client: AccessCheckClient,
  options: CheckAccessOptions = {},
): Promise<CoveAccessReport> {
  // An array, null or a number is refused too; signal, timeoutMs and maxResponseBytes are checked.
  options = checkCallOptions(options, 'checkAccess');
  const { partnerId: requestedPartner, ...call } = options;
  if (
    requestedPartner !== undefined &&
    (typeof requestedPartner !== 'number' || !Number.isSafeInteger(requestedPartner) || requestedPartner <= 0)
  ) {
    throw new ConfigError('checkAccess: `partnerId` must be a positive integer (a Cove partner id).');
  }
  const skipped = (error: string): SessionAccess => ({ status: 'skipped', error });
  const report: Omit<CoveAccessReport, 'requests' | 'text'> = {
    username: client.username,
    login: { status: 'skipped', scope: 'unknown', flags: [] },
    partners: { status: 'skipped' },
    columns: {
      status: 'skipped',
      checked: [...COVE_MONITORING_COLUMNS],
      allowed: [],
      restricted: [],
      probeCalls: 0,
    },
    sessions: { storageNode: skipped('Login failed'), m365: skipped('Login failed') },
  };

  let loginPartner: number;
  try {
    const login = await client.login(call);
    loginPartner = login.partnerId;
    report.login = { status: 'ok', partnerId: login.partnerId, scope: 'unknown', flags: login.flags };
  } catch (error) {
    rethrowAbort(error);
    report.login = {
      status: statusOf(error),
      scope: 'unknown',
      flags: [],
      error: describe(error),
      ...(error instanceof CoveError ? { errorCode: error.code } : {}),
    };
    const skip = 'Login failed';
    report.partners = { status: 'skipped', error: skip };
    report.columns = { ...report.columns, error: skip };
    return finish(report);
  }
  const partnerId = requestedPartner ?? loginPartner;

  try {
    const partner = await client.getPartnerInfoById(loginPartner, call);
    const level = partner.Level ?? undefined;
    report.login.partnerName = partner.Name ?? undefined;
    report.login.level = level;
    report.login.scope =
      level === undefined
        ? 'unknown'
        : RESELLER_LEVELS.has(level)
          ? 'reseller'
          : CUSTOMER_LEVELS.has(level)
            ? 'customer'
            : 'unknown';
  } catch (error) {
    rethrowAbort(error);
    report.login.error = `the Login partner's level could not be read: ${describe(error)}`;
  }

  try {
    const partners = await client.enumeratePartners(
      { parentPartnerId: partnerId, fetchRecursively: true, fields: [0, 1] },
      call,
    );
    report.partners = { status: 'ok', count: partners.length };
  } catch (error) {
    rethrowAbort(error);
    report.partners = { status: statusOf(error), error: describe(error) };
  }

  try {
    const probe = await client.probeColumns(COVE_MONITORING_COLUMNS, { ...call, partnerId });
    report.columns = {
      status: 'ok',
      checked: [...COVE_MONITORING_COLUMNS],
      allowed: probe.allowed,
      restricted: probe.restricted,
      probeCalls: probe.calls,
    };
  } catch (error) {
    rethrowAbort(error);
    report.columns = { ...report.columns, status: statusOf(error), error: describe(error) };
  }

  const samples = await findSamples(client, partnerId, report.columns.allowed, call);
  report.sessions = {
    storageNode: samples.error
      ? skipped(samples.error)
      : samples.storageNode === undefined
        ? skipped('no storage-node device with a backup session was found')
        : await checkSessions(client, samples.storageNode, samples.guessed ? undefined : false, call),
    m365: samples.error
      ? skipped(samples.error)
      : samples.m365 === undefined
        ? skipped(samples.m365Unknown ? samples.m365Unknown : 'no Microsoft 365 device was found')
        : await checkSessions(client, samples.m365, true, call),
  };
  return finish(report);
}

interface Samples {
  storageNode?: number | undefined;
  m365?: number | undefined;
  /** The storage-node sample may be an M365 device (nothing told them apart). */
  guessed?: boolean | undefined;
  /** Why M365 devices could not be told apart, when they could not. */
  m365Unknown?: string | undefined;
  error?: string | undefined;
}

/**
 * One statistics call for sample devices: a storage-node device and an M365 device that have run
 * a backup. A device is M365 by I59 = 2, else by its data sources (I78, or which `D..F00` came back).
 */
async function findSamples(
  client: AccessCheckClient,
  partnerId: number,
  allowed: readonly string[],
  call: CoveCallOptions,
): Promise<Samples> {
  const allowedSet = new Set(allowed.map((code) => canonicalColumn(code) ?? code));
  if (!allowedSet.has('I59') && !allowedSet.has('I78')) {
    // Which data sources a device has still tells M365 apart: Files (D01) or M365 Exchange (D19).
    try {
      const extra = await client.probeColumns(['D01F00', 'D19F00'], { ...call, partnerId });
      for (const code of extra.allowed) allowedSet.add(code);
    } catch (error) {
      rethrowAbort(error);
    }
  }
  const wanted = ['I59', 'I78', 'D09F00', 'D01F00', 'D19F00'] as const;
  const columns = wanted.filter((code) => allowedSet.has(code));
  // Any allowed column will do to list devices when none of the telling ones is allowed.
  const query = columns.length > 0 ? columns : (allowed.slice(0, 1) as ColumnCode[]);
  // Only Files (D01F00) tells storage-node devices apart, not M365 ones: say so rather than guess.
  const canTellM365 = columns.some((code) => code === 'I59' || code === 'I78' || code === 'D19F00');
  if (query.length === 0) return { error: 'no statistics column is allowed, so no device could be listed' };
  let rows: { accountId: number; raw: Record<string, string> }[];
  try {
    rows = (
      await client.enumerateAccountStatistics({ partnerId, columns: query, recordsCount: SAMPLE_ROWS }, call)
    ).rows;
  } catch (error) {
    rethrowAbort(error);
    return { error: `devices could not be listed: ${describe(error)}` };
  }
  const value = (row: { raw: Record<string, string> }, code: string) => row.raw[code]?.trim() || undefined;
  const canTell = columns.some((code) => code !== 'D09F00');
  const kind = (row: { raw: Record<string, string> }): 'm365' | 'storage' | undefined => {
    const type = value(row, 'I59');
    if (type !== undefined) return type === '2' ? 'm365' : 'storage';
    const sources = value(row, 'I78');
    if (sources !== undefined) return M365_SOURCES.test(sources.toUpperCase()) ? 'm365' : 'storage';
    if (value(row, 'D19F00') !== undefined) return 'm365';
    if (value(row, 'D01F00') !== undefined) return 'storage';
    // Nothing tells them apart: any device will do, and `sessions()` finds out which kind it is.
    return canTell ? undefined : 'storage';
  };
  const ran = (row: { raw: Record<string, string> }) => {
    const status = value(row, 'D09F00');
    return status === undefined || Number(status) !== 0;
  };
  const candidates = rows.filter(ran);
  return {
    storageNode: candidates.find((row) => kind(row) === 'storage')?.accountId,
    ...(canTell ? {} : { guessed: true }),
    m365: candidates.find((row) => kind(row) === 'm365')?.accountId,
    ...(canTellM365
      ? {}
      : {
          m365Unknown:
            'Microsoft 365 devices cannot be told apart: I59 (account type), I78 and D19F00 are restricted',
        }),
  };
}

/** Reads a few sessions of `deviceId`, then the errors of the first one. */
async function checkSessions(
  client: AccessCheckClient,
  deviceId: number,
  m365: boolean | undefined,
  call: CoveCallOptions,
): Promise<SessionAccess> {
  const sessions: { id: number; errorsCount?: number | null }[] = [];
  try {
    // A full page: M365 sessions are read whole and sorted on the client, so small pages cost calls.
    for await (const session of client.sessions(deviceId, { ...call, m365, pageSize: SESSION_PAGE })) {
      sessions.push(session);
      if (sessions.length >= SAMPLE_SESSIONS) break;
    }
  } catch (error) {
    rethrowAbort(error);
    return { status: statusOf(error), deviceId, error: describe(error) };
  }
  const sample = sessions.find((session) => (session.errorsCount ?? 0) > 0) ?? sessions[0];
  if (sample === undefined) return { status: 'ok', deviceId, sessions: 0 };
  try {
    await client.sessionErrors(deviceId, sample.id, { ...call, m365 });
    return { status: 'ok', deviceId, sessions: sessions.length, errorsReadable: true };
  } catch (error) {
    rethrowAbort(error);
    return {
      status: statusOf(error),
      deviceId,
      sessions: sessions.length,
      errorsReadable: false,
      error: `sessions can be read, their error texts cannot: ${describe(error)}`,
    };
  }
}

function rethrowAbort(error: unknown): void {
  if (error instanceof AbortError || error instanceof ConfigError) throw error;
}

function statusOf(error: unknown): AccessStatus {
  if (error instanceof CoveSecurityError) return 'refused';
  if (error instanceof CoveStorageNodeError && error.cause instanceof CoveSecurityError) return 'refused';
  return 'failed';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Adds the requests to the administrator and the text. */
function finish(report: Omit<CoveAccessReport, 'requests' | 'text'>): CoveAccessReport {
  const requests: string[] = [];
  const { login, partners, columns, sessions } = report;
  if (login.status !== 'ok') {
    requests.push(
      login.errorCode === COVE_ERROR_CODES.auth
        ? 'Check the exact partner string (as the Cove console shows it, e.g. "Acme (admin@acme.com)"), the API user\'s login name and its token.'
        : 'A working API user: Login failed (see above).',
    );
  }
  const narrow = login.scope === 'customer' || partners.status === 'refused';
  const sessionRefused = sessions.storageNode.status === 'refused' || sessions.m365.status === 'refused';
  if (login.status === 'ok' && (narrow || columns.restricted.length > 0 || sessionRefused)) {
    requests.push(
      'A read-only Supporter API user created at the top-level reseller (Management > Users > API Users), ' +
        'so that every customer and device below it can be monitored.',
    );
  }
  if (columns.restricted.length > 0) {
    requests.push(
      `Read access to these columns, in new notation (not legacy codes such as T0 or TG, which Cove refuses with 13501): ${columns.restricted.join(', ')}.`,
    );
  }
  if (columns.restricted.some((code) => canonicalColumn(code) === 'D09F15')) {
    requests.push(
      'D09F15 above all: without it each run id is a fingerprint of the session figures, and two sessions with identical figures look like one.',
    );
  }
  const lines = [
    `Cove access check for API user "${report.username}"`,
    `${mark(login.status)} Login: ${
      login.status === 'ok'
        ? `partner ${login.partnerId}${login.partnerName ? ` "${login.partnerName}"` : ''}${
            login.level ? `, level ${login.level}` : ''
          } (${login.scope === 'unknown' ? 'level unknown' : `${login.scope} level`})${login.error ? `; ${login.error}` : ''}`
        : (login.error ?? 'not tried')
    }`,
    `${mark(partners.status)} Partners: ${
      partners.status === 'ok'
        ? `${partners.count} below the partner can be listed`
        : (partners.error ?? 'not tried')
    }`,
    `${mark(columns.status === 'ok' && columns.restricted.length > 0 ? 'refused' : columns.status)} Columns: ${
      columns.status === 'ok'
        ? `${columns.allowed.length} of ${columns.checked.length} monitoring columns allowed${
            columns.restricted.length > 0 ? `; restricted: ${columns.restricted.join(', ')}` : ''
          } (${columns.probeCalls} probe call${columns.probeCalls === 1 ? '' : 's'})`
        : (columns.error ?? 'not tried')
    }`,
    `${mark(sessions.storageNode.status)} Session history, storage-node device: ${sessionLine(sessions.storageNode)}`,
    `${mark(sessions.m365.status)} Session history, Microsoft 365 device: ${sessionLine(sessions.m365)}`,
  ];
  if (requests.length > 0) {
    lines.push('Ask the Cove administrator for:', ...requests.map((request) => `- ${request}`));
  } else {
    lines.push('Nothing to ask for: this API user can do everything the SDK needs for monitoring.');
  }
  return { ...report, requests, text: lines.join('\n') };
}

function mark(status: AccessStatus): string {
  return status === 'ok' ? '[ok]' : status === 'skipped' ? '[--]' : '[NO]';
}

function sessionLine(access: SessionAccess): string {
  const device = access.deviceId === undefined ? '' : `device ${access.deviceId}: `;
  if (access.status === 'ok') {
    return `${device}${access.sessions} session(s) read${
      access.errorsReadable ? ', error texts readable' : access.sessions === 0 ? ' (none yet)' : ''
    }`;
  }
  return `${device}${access.error ?? access.status}`;
}
