/**
 * Cove: log in, read each device's last backup session (status, time, errors) with decoded,
 * typed columns, then page through every device to count them.
 *
 *   npm run build && node examples/cove-device-status.ts
 *
 * Real server: COVE_PARTNER='Acme (admin@acme.com)' COVE_USERNAME=… COVE_PASSWORD=… [COVE_ENDPOINT=…]
 */
import { connect, formatTime, printTable } from './setup.ts';

const { cove, close } = await connect('cove');
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
  printTable(
    rows.map(({ accountId, values }) => ({
      id: accountId,
      device: values.I1,
      customer: values.I8,
      computer: values.I18,
      'last status': values.D09F00?.name, // a decoded SessionStatus: { code, name, raw }
      'last session (UTC)': formatTime(values.D09F15),
      errors: values.D09F06,
    })),
  );

  // Every device, page by page (500 a call by default; one page in memory at a time).
  let total = 0;
  const failed: string[] = [];
  for await (const row of cove.iterateAccountStatistics({
    partnerId,
    columns: ['I1', 'D09F00'],
    pageSize: 10,
  })) {
    total += 1;
    if (row.values.D09F00?.name === 'Failed') failed.push(row.values.I1 ?? String(row.accountId));
  }
  console.log(
    `\n${total} devices in total; last session failed on ${failed.length}: ${failed.join(', ') || '-'}`,
  );
} finally {
  close();
}
