/**
 * Cove: "my API user gets error 13501". Cove refuses the whole statistics call when one requested
 * column is not on the API user's allow-list, and does not say which one. The SDK finds out:
 * the default `onRestricted: 'error'` throws a CoveSecurityError naming the culprits,
 * `probeColumns` sorts a column list into allowed and restricted, and `onRestricted: 'drop'`
 * returns the rest.
 *
 *   npm run build && node examples/cove-probe-columns.ts
 *
 * Real server: COVE_PARTNER='Acme (admin@acme.com)' COVE_USERNAME=… COVE_PASSWORD=… [COVE_ENDPOINT=…]
 * (then the restrictions are whatever your API user's role has). Without them it runs against the
 * SDK's built-in Cove mock, playing a tenant whose API user may not read System State or I18.
 */
import { CoveClient, CoveSecurityError } from '@backupchecks/sdk/cove';

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
  // A tenant whose API user may not read System State (D02) or the computer name (I18).
  mocks.cove.setRestrictedColumns(['D02F*', 'I18']);
  cove = new CoveClient({ ...mocks.cove.credentials, endpoint: mocks.cove.endpoint });
  console.log('Using the Cove mock (set COVE_PARTNER, COVE_USERNAME and COVE_PASSWORD for a real server)\n');
}

// ── The example ──
const columns = [
  'I1',
  'I8',
  'I18',
  'I78',
  'D09F00',
  'D09F06',
  'D09F15',
  'D01F00',
  'D02F00',
  'D02F15',
] as const;

try {
  const { partnerId } = await cove.login();

  // 1. The default mode: the call fails, and the error says which columns to ask the admin for.
  try {
    const { rows } = await cove.enumerateAccountStatistics({ partnerId, columns, recordsCount: 5 });
    console.log(`No column is restricted: got ${rows.length} rows.`);
  } catch (error) {
    if (!(error instanceof CoveSecurityError)) throw error;
    console.log(
      `CoveSecurityError (${error.code}): restricted columns = ${error.restrictedColumns?.join(', ')}`,
    );
    console.log(`  ${error.message}\n`);
  }

  // 2. Check a column list up front (cached per partner for 15 min; `refresh` forgets the cache).
  const probe = await cove.probeColumns(columns, { partnerId, refresh: true });
  console.log(`probeColumns used ${probe.calls} statistics calls:`);
  console.log(`  allowed:    ${probe.allowed.join(', ')}`);
  console.log(`  restricted: ${probe.restricted.join(', ')}`);

  // 3. Or just take what is allowed.
  const { rows, dropped } = await cove.enumerateAccountStatistics(
    { partnerId, columns, recordsCount: 3 },
    { onRestricted: 'drop' },
  );
  console.log(`\nonRestricted 'drop': ${rows.length} rows, dropped ${dropped.join(', ') || 'nothing'}`);
  for (const row of rows) console.log(`  ${row.values.I1}: ${Object.keys(row.raw).join(' ')}`);
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  stopMock();
}
