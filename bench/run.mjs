// Benchmarks for @backupchecks/sdk. Run with `npm run bench` (builds first).
// Each HTTP case is measured against a raw-fetch baseline from the same run, on the same loopback
// server (the package's own mock servers served over real HTTP), and reported as a ratio.
// Results are printed as a markdown table; copy them into docs/performance.md.

import { CoveClient } from '@backupchecks/sdk/cove';
import { DBackupClient } from '@backupchecks/sdk/dbackup';
import { normalizeRun } from '@backupchecks/sdk/normalize';
import { createCoveMock, createDBackupMock, startHttpServer } from '@backupchecks/sdk/testing';
import { Bench } from 'tinybench';

const TIME = Number(process.env.BENCH_TIME_MS ?? 1500);

const dbackupMock = createDBackupMock({ rateLimit: false });
const coveMock = createCoveMock({ devices: 500 });
const dbackupServer = await startHttpServer({ handlers: dbackupMock.handlers, origin: dbackupMock.baseUrl });
const coveServer = await startHttpServer({
  handlers: coveMock.handlers,
  origin: new URL(coveMock.endpoint).origin,
});
const coveEndpoint = `${coveServer.url}${new URL(coveMock.endpoint).pathname}`;

// Fill the history to DBackup's page size (100) so the history case reads a full page.
while (dbackupMock.state.executions.length < 100) dbackupMock.addExecution();
const key = dbackupMock.keys.full;
const dbackup = new DBackupClient({ baseUrl: dbackupServer.url, apiKey: key, rateLimit: false });
const history = await dbackup.history.list();
const executionId = history.executions[0].id;
const historyCount = history.executions.length;
const auth = { authorization: `Bearer ${key}`, accept: 'application/json' };

const { partner, username, password } = coveMock.credentials;
const cove = new CoveClient({ partner, username, password, endpoint: coveEndpoint });
const { partnerId } = await cove.login();
const columns = [
  'I1',
  'I8',
  'I14',
  'I18',
  'I78',
  'D09F00',
  'D09F06',
  'D09F09',
  'D09F12',
  'D09F15',
  'D01F00',
  'D02F00',
];

// Raw JSON-RPC baseline: its own login, then the same statistics call with visa chaining.
let rawVisa;
async function rawRpc(method, params) {
  const res = await fetch(coveEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params, visa: rawVisa }),
  });
  const body = await res.json();
  rawVisa = body.visa ?? rawVisa;
  return body;
}
await rawRpc('Login', { partner, username, password });
const query = {
  PartnerId: partnerId,
  Columns: columns,
  StartRecordNumber: 0,
  RecordsCount: 500,
  SelectionMode: 'Merged',
};

const pairs = [
  {
    name: 'DBackup executions.get',
    baseline: async () =>
      (await fetch(`${dbackupServer.url}/api/executions/${executionId}`, { headers: auth })).json(),
    sdk: () => dbackup.executions.get(executionId),
  },
  {
    name: `DBackup history.list (${historyCount} runs)`,
    baseline: async () => (await fetch(`${dbackupServer.url}/api/history`, { headers: auth })).json(),
    sdk: () => dbackup.history.list(),
  },
  {
    name: 'Cove enumerateAccountStatistics (500 rows, 12 columns)',
    baseline: () => rawRpc('EnumerateAccountStatistics', { query }),
    sdk: () => cove.enumerateAccountStatistics({ partnerId, columns, recordsCount: 500 }),
  },
];

const rows = [];
for (const pair of pairs) {
  const bench = new Bench({ time: TIME, warmupTime: 300 });
  bench.add('raw fetch', pair.baseline).add('sdk', pair.sdk);
  await bench.run();
  const [base, sdk] = bench.tasks.map((t) => t.result);
  const baseMean = base.latency.mean;
  const sdkMean = sdk.latency.mean;
  rows.push([pair.name, baseMean.toFixed(3), sdkMean.toFixed(3), (sdkMean / baseMean).toFixed(2)]);
}

// Pure normalization throughput (no I/O): ops per second.
const { rows: statRows } = await cove.enumerateAccountStatistics({ partnerId, columns, recordsCount: 500 });
const normBench = new Bench({ time: TIME });
normBench.add(`normalizeRun × ${historyCount} DBackup history items`, () => {
  for (const execution of history.executions) normalizeRun({ source: 'dbackup', execution });
});
normBench.add(`normalizeRun × ${statRows.length} Cove rows`, () => {
  for (const row of statRows) normalizeRun({ source: 'cove', statistics: row });
});
await normBench.run();

console.log(`Node ${process.version}, ${new Date().toISOString()}\n`);
console.log('| call | raw fetch mean (ms) | SDK mean (ms) | SDK / raw |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('\n| pure work | mean (ms) | runs/s |');
console.log('|---|---:|---:|');
for (const t of normBench.tasks) {
  const n = t.name.includes('Cove') ? statRows.length : historyCount;
  console.log(
    `| ${t.name} | ${t.result.latency.mean.toFixed(3)} | ${Math.round((n * 1000) / t.result.latency.mean)} |`,
  );
}

await dbackupServer.close();
await coveServer.close();
