/**
 * Cove: what can my API user do for monitoring? `checkAccess()` makes one pass over everything the
 * SDK needs (Login and the partner level, listing partners, the monitoring columns, session history
 * and error texts for a sample device) and prints what works and what to ask the Cove administrator
 * for. Without credentials it runs against the mock's `restricted` preset, the tenant Backupchecks
 * tested live: a Login result with only PartnerId/Name/Flags and the column allow-list
 * I1, I14, I18, D01F00–D01F07, D09F00.
 *
 *   npm run build && node examples/cove-check-access.ts
 *
 * Real server: COVE_PARTNER='Acme (admin@acme.com)' COVE_USERNAME=… COVE_PASSWORD=… [COVE_ENDPOINT=…]
 */
import { CoveClient } from '@backupchecks/sdk/cove';

// ── Connection: real server from the environment, or the built-in mock ──
const env = process.env;
let cove: CoveClient;
let close = () => {};
if (env.COVE_PARTNER && env.COVE_USERNAME && env.COVE_PASSWORD) {
  cove = new CoveClient({
    partner: env.COVE_PARTNER,
    username: env.COVE_USERNAME,
    password: env.COVE_PASSWORD,
    ...(env.COVE_ENDPOINT ? { endpoint: env.COVE_ENDPOINT } : {}),
  });
  console.log(`Cove: ${cove.endpoint} (real server)\n`);
} else {
  const { startMockServers } = await import('@backupchecks/sdk/testing');
  const mocks = startMockServers({
    cove: { endpoint: 'https://cove.mock.test/jsonapi', preset: 'restricted', devices: 40 },
  });
  close = () => mocks.close();
  cove = new CoveClient({ ...mocks.cove.credentials, endpoint: mocks.cove.endpoint });
  console.log(`Cove: ${cove.endpoint} (mock, restricted preset)\n`);
}

try {
  const report = await cove.checkAccess();
  console.log(report.text);

  // The same findings, typed, for a program to act on.
  console.log('');
  console.log(`login:    ${report.login.status} (${report.login.scope} level)`);
  console.log(
    `columns:  ${report.columns.allowed.length} allowed, restricted: ${list(report.columns.restricted)}`,
  );
  console.log(
    `sessions: storage node ${report.sessions.storageNode.status}, Microsoft 365 ${report.sessions.m365.status}`,
  );
  // Login is the one thing monitoring cannot do without.
  if (report.login.status !== 'ok') process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  close();
}

function list(codes: readonly string[]): string {
  return codes.length > 0 ? codes.join(', ') : 'none';
}
