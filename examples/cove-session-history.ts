/**
 * Cove: one device's backup sessions of the last 7 days, newest first, with the error texts of
 * every session that was not a clean success. Sessions come from the device's storage node
 * (`repserv_json`) or, for a Microsoft 365 tenant, from the reporting API; the client finds the
 * node and the device token itself.
 *
 *   npm run build && node examples/cove-session-history.ts
 *
 * Real server: COVE_PARTNER='Acme (admin@acme.com)' COVE_USERNAME=… COVE_PASSWORD=… [COVE_ENDPOINT=…]
 * [COVE_DEVICE_ID=…] (default: the first device whose last backup had errors or failed)
 */
import { CoveClient, type CoveSession } from '@backupchecks/sdk/cove';

// ── Connection: real server from the environment, or the built-in mock ──
const env = process.env;
let close = () => {};
let cove: CoveClient;
if (env.COVE_PARTNER && env.COVE_USERNAME && env.COVE_PASSWORD) {
  cove = new CoveClient({
    partner: env.COVE_PARTNER,
    username: env.COVE_USERNAME,
    password: env.COVE_PASSWORD,
    endpoint: env.COVE_ENDPOINT || undefined,
  });
} else {
  const { startMockServers } = await import('@backupchecks/sdk/testing');
  const mocks = startMockServers({ cove: { endpoint: 'https://cove.mock.test/jsonapi' } });
  close = () => mocks.close();
  cove = new CoveClient({ ...mocks.cove.credentials, endpoint: mocks.cove.endpoint });
  console.log('(no COVE_* variables set: using the built-in Cove mock)\n');
}

// ── The example ──
const DAY_MS = 86_400_000;
const time = (secs: number | null) =>
  secs === null ? '-' : new Date(secs * 1000).toISOString().slice(0, 16).replace('T', ' ');
const size = (bytes: number | undefined) =>
  bytes === undefined
    ? '-'
    : bytes >= 1024 ** 3
      ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
const clean = (s: CoveSession) => s.status.name === 'Completed' && (s.errorsCount ?? 0) === 0;

try {
  const { partnerId } = await cove.login();

  // Pick the device: COVE_DEVICE_ID, else the first whose last session had errors or failed.
  let deviceId = env.COVE_DEVICE_ID ? Number(env.COVE_DEVICE_ID) : undefined;
  let name = deviceId === undefined ? undefined : `device ${deviceId}`;
  let m365: boolean | undefined;
  for await (const row of cove.iterateAccountStatistics(
    { partnerId, columns: ['I1', 'I59', 'D09F00'], orderBy: 'I1 ASC' },
    { onRestricted: 'drop' },
  )) {
    const status = row.values.D09F00?.name;
    const wanted =
      deviceId === undefined
        ? status === 'CompletedWithErrors' || status === 'Failed'
        : row.accountId === deviceId;
    if (!wanted) continue;
    deviceId = row.accountId;
    name = row.values.I1 ?? name;
    m365 = row.values.I59 === undefined ? undefined : Number(row.values.I59) === 2;
    break;
  }
  if (deviceId === undefined) throw new Error('No device with errors or failures found; set COVE_DEVICE_ID.');

  console.log(`Sessions of ${name} (${deviceId}) in the last 7 days, newest first:\n`);
  const since = new Date(Date.now() - 7 * DAY_MS);
  const sessions: CoveSession[] = [];
  for await (const session of cove.sessions(deviceId, { since, m365 })) sessions.push(session);
  console.table(
    sessions.map((s) => ({
      id: s.id,
      'data source': s.dataSource.name === 'unknown' ? s.dataSource.raw : s.dataSource.name,
      status: s.status.running ? 'running' : s.status.raw,
      'started (UTC)': time(s.startTime),
      'ended (UTC)': time(s.endTime),
      sent: size(s.sentSize),
      errors: s.errorsCount ?? '-',
    })),
  );

  // Error texts of the sessions that were not clean successes (one call each).
  for (const session of sessions.filter((s) => !clean(s) && !s.status.running)) {
    const errors = await cove.sessionErrors(deviceId, session.id, { m365 });
    console.log(
      `\nSession ${session.id} (${session.status.raw}, ${time(session.startTime)}): ${errors.length} error group(s)`,
    );
    if (errors.length === 0 && (session.errorsCount ?? 0) > 0)
      console.log(
        `  Cove counted ${session.errorsCount} error(s) but returned none (its counts are unreliable).`,
      );
    for (const error of errors.slice(0, 5)) {
      const where = error.item ?? error.fileName ?? '';
      console.log(`  ${error.count}× ${error.text}${where ? `  [${where}]` : ''}`);
    }
  }
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  close();
}
