/**
 * Cove: log in, read each device's last backup session (status, time, errors) with decoded,
 * typed columns, then page through every device and count them by BackupRun status.
 *
 *   npm run build && node examples/cove-device-status.ts
 *
 * Real server: COVE_PARTNER='Acme (admin@acme.com)' COVE_USERNAME=… COVE_PASSWORD=… [COVE_ENDPOINT=…]
 * Without them it runs against the SDK's built-in Cove mock.
 */
import { CoveClient } from '@backupchecks/sdk/cove';
import { normalizeRun, RUN_STATUSES, type RunStatus } from '@backupchecks/sdk/normalize';

// ── Connection: real server from the environment, or the built-in mock ──
const { COVE_PARTNER, COVE_USERNAME, COVE_PASSWORD, COVE_ENDPOINT } = process.env;
let cove: CoveClient;
let stopMock = () => {};
if (COVE_PARTNER && COVE_USERNAME && COVE_PASSWORD) {
  cove = new CoveClient({
    partner: COVE_PARTNER,
    username: COVE_USERNAME,
    password: COVE_PASSWORD,
    endpoint: COVE_ENDPOINT || undefined,
  });
  console.log(`Using Cove at ${cove.endpoint} as ${cove.username}\n`);
} else {
  const { startMockServers } = await import('@backupchecks/sdk/testing'); // needs the msw package
  const mocks = startMockServers({ cove: { endpoint: 'https://cove.mock.test/jsonapi' } });
  stopMock = mocks.close;
  cove = new CoveClient({ ...mocks.cove.credentials, endpoint: mocks.cove.endpoint });
  console.log('Using the Cove mock (set COVE_PARTNER, COVE_USERNAME and COVE_PASSWORD for a real server)\n');
}

// ── The example ──
/** An ISO timestamp as `2025-06-01 14:03` (UTC), or `-`. */
const time = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

try {
  const { partnerId, user } = await cove.login();
  console.log(`Logged in as ${user.Name} to partner ${partnerId}\n`);

  // I1 device name, I8 customer, I18 computer name, D09F00 / D09F15 / D09F06 the Total data
  // source's last session status, time and error count. With 'drop', a column the API user may
  // not read is left out (and listed in `dropped`) instead of failing the call with 13501.
  const { rows, dropped } = await cove.enumerateAccountStatistics(
    {
      partnerId,
      columns: ['I1', 'I8', 'I18', 'D09F00', 'D09F15', 'D09F06'],
      orderBy: 'I1 ASC',
      recordsCount: 15,
    },
    { onRestricted: 'drop' },
  );
  if (dropped.length > 0) console.log(`Restricted for this API user, left out: ${dropped.join(', ')}`);
  console.table(
    rows.map((row) => ({
      device: row.values.I1,
      customer: row.values.I8,
      computer: row.values.I18,
      // The Cove session status, decoded ({ code, name, raw }), and the BackupRun status it maps to.
      'Cove status': row.values.D09F00?.name ?? '-',
      status: normalizeRun({ source: 'cove', statistics: row }).status,
      'last session (UTC)': time(row.values.D09F15),
      errors: row.values.D09F06 ?? '-',
    })),
  );

  // Every device, page by page (500 a call by default; one page in memory at a time), counted by
  // BackupRun status: the same vocabulary as the runs table, so `Interrupted` counts as failed.
  const counts = new Map<RunStatus, string[]>();
  for await (const row of cove.iterateAccountStatistics({
    partnerId,
    columns: ['I1', 'D09F00', 'D09F15'],
    pageSize: 10,
  })) {
    const { status } = normalizeRun({ source: 'cove', statistics: row });
    counts.set(status, [...(counts.get(status) ?? []), row.values.I1 ?? String(row.accountId)]);
  }
  const total = [...counts.values()].reduce((sum, devices) => sum + devices.length, 0);
  const summary = RUN_STATUSES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)?.length} ${s}`);
  console.log(`\n${total} devices by last session: ${summary.join(', ')}`);
  console.log(`failed: ${counts.get('failed')?.join(', ') ?? '-'}`);
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  stopMock();
}
