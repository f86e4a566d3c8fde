/**
 * Shared by every example: picks a real server when its credentials are in the environment, or
 * the SDK's built-in mock servers otherwise, and prints one line saying which.
 *
 *   DBackup: DBACKUP_URL, DBACKUP_API_KEY
 *   Cove:    COVE_PARTNER, COVE_USERNAME, COVE_PASSWORD (and optionally COVE_ENDPOINT)
 *
 * The mocks (`@backupchecks/sdk/testing`, which needs the `msw` dev dependency) are only loaded
 * when one of them is needed. They intercept `fetch` in this process; call `close()` when done.
 */
import { CoveClient } from '@backupchecks/sdk/cove';
import { DBackupClient } from '@backupchecks/sdk/dbackup';
import type { CoveMock, DBackupMock, MockServers } from '@backupchecks/sdk/testing';

export type Vendor = 'dbackup' | 'cove';

/** Clients for the vendors asked for, the mocks behind them, and `close()`. */
export interface Connection {
  dbackup: DBackupClient;
  cove: CoveClient;
  /** The mock behind each client that talks to a mock (e.g. to inject faults); absent for real servers. */
  mock: { dbackup?: DBackupMock; cove?: CoveMock };
  /** Stops the mocks (if any). Call it in a `finally` so the process can exit. */
  close(): void;
}

/**
 * The mock Cove endpoint. The mock's default is Cove's production URL, which would hijack a real
 * Cove client in the same process (e.g. real Cove + mock DBackup), so the mock gets its own host.
 */
const MOCK_COVE_ENDPOINT = 'https://cove.mock.test/jsonapi';

/** Connects to the requested vendors, real or mock: `const { dbackup, close } = await connect('dbackup')`. */
export async function connect<V extends Vendor>(
  ...vendors: V[]
): Promise<Pick<Connection, V | 'mock' | 'close'>> {
  const wanted: readonly Vendor[] = vendors;
  const env = process.env;
  const real = {
    dbackup: Boolean(env.DBACKUP_URL && env.DBACKUP_API_KEY),
    cove: Boolean(env.COVE_PARTNER && env.COVE_USERNAME && env.COVE_PASSWORD),
  };
  let mocks: MockServers | undefined;
  if (wanted.some((vendor) => !real[vendor])) {
    const { startMockServers } = await import('@backupchecks/sdk/testing');
    mocks = startMockServers({ cove: { endpoint: MOCK_COVE_ENDPOINT } });
  }
  const mock: Connection['mock'] = {};
  const out: Partial<Connection> = { mock, close: () => mocks?.close() };
  const used: string[] = [];

  if (wanted.includes('dbackup')) {
    if (real.dbackup) {
      out.dbackup = new DBackupClient({ baseUrl: env.DBACKUP_URL!, apiKey: env.DBACKUP_API_KEY! });
      used.push(`DBackup at ${out.dbackup.baseUrl}`);
    } else {
      mock.dbackup = mocks!.dbackup;
      out.dbackup = new DBackupClient({ baseUrl: mock.dbackup.baseUrl, apiKey: mock.dbackup.keys.full });
      used.push('DBackup mock');
    }
  }
  if (wanted.includes('cove')) {
    if (real.cove) {
      out.cove = new CoveClient({
        partner: env.COVE_PARTNER!,
        username: env.COVE_USERNAME!,
        password: env.COVE_PASSWORD!,
        endpoint: env.COVE_ENDPOINT || undefined,
      });
      used.push(`Cove at ${out.cove.endpoint} as ${out.cove.username}`);
    } else {
      mock.cove = mocks!.cove;
      out.cove = new CoveClient({ ...mock.cove.credentials, endpoint: mock.cove.endpoint });
      used.push('Cove mock');
    }
  }
  const hint = mocks ? ' (set the env vars listed in examples/setup.ts to use real servers)' : '';
  console.log(`Using ${used.join(' + ')}${hint}\n`);
  return out as Pick<Connection, V | 'mock' | 'close'>;
}

/** `1234567` → `1.2 MB`; `undefined`/`null` → `-`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '-';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** `850` → `850 ms`, `83000` → `1m 23s`, `7896000` → `2h 11m`; `undefined`/`null` → `-`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}

/** An ISO timestamp as `2025-06-01 14:03` (UTC), or `-`. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '-';
}

/** Prints rows as left-aligned columns under a header, with `-` for missing values. */
export function printTable(rows: ReadonlyArray<Record<string, unknown>>): void {
  const first = rows[0];
  if (!first) {
    console.log('(no rows)');
    return;
  }
  const keys = Object.keys(first);
  const cells = rows.map((row) => keys.map((key) => (row[key] == null ? '-' : String(row[key]))));
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(keys));
  console.log(line(widths.map((w) => '─'.repeat(w))));
  for (const c of cells) console.log(line(c));
}
