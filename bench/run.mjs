// Benchmarks for @backupchecks/sdk: `npm run bench` (builds first). Run with `--expose-gc` for the
// heap figures (the npm script does).
//
// Every HTTP figure is a ratio against baselines measured in the same run, on the same plain
// node:http servers (bench/servers.mjs), with the variants interleaved round by round, and each
// ratio taken within a round (then the median over rounds), so that drift of the machine cancels:
//   raw   fetch + JSON.parse, nothing else;
//   ky    ky alone with the options the SDK passes (timeout, retry policy, headers, JSON parsing);
//   sdk   the SDK call: pacing off, validation, hooks, redaction. A Cove row reads its Settings
//         when `raw`, `missing` or a decoded value is first read, which the bench also measures on
//         its own (every value of the page read) and as the run feed uses the page (normalizeRun
//         on every row, which reads `raw`).
// Results print as markdown; docs/performance.md records one full run.
import { CoveClient } from '@backupchecks/sdk/cove';
import { DBackupClient } from '@backupchecks/sdk/dbackup';
import { normalizeRun } from '@backupchecks/sdk/normalize';
import ky from 'ky';
import { COVE_COLUMNS, startBenchServers } from './servers.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const FLEET = Number(process.env.BENCH_FLEET ?? 100_000);
const PAGE = 500;

const servers = await startBenchServers({ fleet: FLEET });
const apiKey = 'dbackup_bench0000000000000000000000000000';
const dbackup = new DBackupClient({ baseUrl: servers.dbackupUrl, apiKey, rateLimit: false });
/** A logged-in Cove client for a bench server. */
async function coveClientFor(benchServers) {
  const client = new CoveClient({
    partner: 'Bench',
    username: 'bench',
    password: 'bench-password',
    endpoint: benchServers.coveEndpoint,
  });
  await client.login();
  return client;
}
const cove = await coveClientFor(servers);
const partnerId = servers.partnerId;
const executionUrl = `${servers.dbackupUrl}/api/executions/${servers.executionId}`;
const auth = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };
const statsParams = (start, count) => ({
  query: {
    PartnerId: partnerId,
    Columns: COVE_COLUMNS,
    StartRecordNumber: start,
    RecordsCount: count,
    SelectionMode: 'Merged',
  },
});
const rpcBody = (method, params, visa = servers.visa) =>
  JSON.stringify({ jsonrpc: '2.0', id: 1, visa, method, params });
/** One statistics page from a bench server with fetch + JSON.parse and nothing else. */
const rawPageFrom =
  (benchServers) =>
  async (start = 0, count = PAGE) =>
    JSON.parse(
      await (
        await fetch(benchServers.coveEndpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: rpcBody('EnumerateAccountStatistics', statsParams(start, count), benchServers.visa),
        })
      ).text(),
    );

/** ky as the SDK configures it, minus the SDK's own work. */
const kyLike = ky.create({
  timeout: 30_000,
  retry: { limit: 2, methods: ['get', 'post'], statusCodes: [408, 429, 500, 502, 503, 504], jitter: true },
  parseJson: (text) => JSON.parse(text),
});

const raw = {
  execution: async () => JSON.parse(await (await fetch(executionUrl, { headers: auth })).text()),
  page: rawPageFrom(servers),
};

/** Times `fn` `n` times in a row; returns ms per call. */
async function batch(fn, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - t0) / n;
}

/**
 * Runs the variants interleaved for ROUNDS rounds. Returns the median ms per call of each, and
 * `ratio(a, b)`: the median over rounds of a's time / b's time in the same round. Pairing the
 * variants by round cancels the machine's drift between rounds (on a shared 2-core VM it moved
 * whole runs by ±30%), which a ratio of two separate medians does not.
 */
async function compare(variants, perRound) {
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const fn of Object.values(variants)) await batch(fn, Math.max(3, perRound >> 1)); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const order = Object.entries(variants);
    if (r % 2 === 1) order.reverse();
    for (const [name, fn] of order) samples[name].push(await batch(fn, perRound));
  }
  const medians = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
  const ratio = (a, b) => median(samples[a].map((x, i) => x / samples[b][i]));
  return { ...medians, ratio };
}

/** The median of a list of numbers. */
function median(xs) {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1];
}

const results = [];
let coveExtras;

// 1. DBackup executions.get
{
  const m = await compare(
    {
      raw: raw.execution,
      ky: () => kyLike.get(executionUrl, { headers: auth }).json(),
      sdk: () => dbackup.executions.get(servers.executionId),
    },
    40,
  );
  results.push({ call: 'DBackup `executions.get`', ...m });
}

// 2. One Cove statistics page, 500 rows × 40 columns, every value decoded by the SDK.
{
  const m = await compare(
    {
      raw: () => raw.page(),
      ky: () =>
        kyLike
          .post(servers.coveEndpoint, {
            body: rpcBody('EnumerateAccountStatistics', statsParams(0, PAGE)),
            headers: { 'content-type': 'application/json' },
          })
          .json(),
      sdk: () => cove.enumerateAccountStatistics({ partnerId, columns: COVE_COLUMNS, recordsCount: PAGE }),
      sdkDecoded: async () => {
        const { rows } = await cove.enumerateAccountStatistics({
          partnerId,
          columns: COVE_COLUMNS,
          recordsCount: PAGE,
        });
        for (const row of rows) if (row.values === undefined) throw new Error('no values');
      },
      sdkFeed: async () => {
        const { rows } = await cove.enumerateAccountStatistics({
          partnerId,
          columns: COVE_COLUMNS,
          recordsCount: PAGE,
        });
        for (const row of rows) normalizeRun({ source: 'cove', statistics: row });
      },
    },
    4,
  );
  results.push({ call: 'Cove page, 500 rows × 40 columns', ...m });
  coveExtras = m;
}

console.log(`Node ${process.version} on ${process.platform}/${process.arch}, ${new Date().toISOString()}`);
console.log(
  `${ROUNDS} interleaved rounds per comparison; median ms per call; ratios are medians of the per-round ratios.\n`,
);
console.log('| call | raw fetch + JSON.parse | ky alone | SDK | SDK / raw | SDK / ky |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.call} | ${r.raw.toFixed(3)} ms | ${r.ky.toFixed(3)} ms | ${r.sdk.toFixed(3)} ms | ${r.ratio('sdk', 'raw').toFixed(2)}× | ${r.ratio('sdk', 'ky').toFixed(2)}× |`,
  );
}
console.log('\n| the same Cove page, then | SDK | SDK / raw page |');
console.log('|---|---:|---:|');
for (const [what, key] of [
  ['every value of every row read (decoded on first access)', 'sdkDecoded'],
  ['`normalizeRun` on every row (what the run feed does)', 'sdkFeed'],
]) {
  console.log(`| ${what} | ${coveExtras[key].toFixed(3)} ms | ${coveExtras.ratio(key, 'raw').toFixed(2)}× |`);
}

// 3. Paging the whole fleet: throughput against a raw sequential loop, and heap growth against one page.
{
  const gc = globalThis.gc;
  const heap = () => {
    gc?.();
    gc?.(); // a second pass collects what the first only unlinked (weak references, finalizers)
    return process.memoryUsage().heapUsed;
  };
  const walkRaw = async () => {
    let n = 0;
    for (let start = 0; start < FLEET; start += PAGE) n += (await raw.page(start)).result.result.length;
    return n;
  };
  // Heap of one page held alive (as returned: values not yet decoded), the unit for the growth
  // figure: four pages held at once, divided by four (one page alone is within the noise of a GC).
  let held = [];
  const before = heap();
  for (let i = 0; i < 4; i++) {
    held.push(
      await cove.enumerateAccountStatistics({ partnerId, columns: COVE_COLUMNS, recordsCount: PAGE }),
    );
  }
  const pageBytes = (heap() - before) / held.length;
  if (held.some((page) => page.rows.length !== PAGE)) throw new Error('each page should hold 500 rows');
  held = undefined; // let them go before the walks
  const walkSdk = async () => {
    let n = 0;
    for await (const row of cove.iterateAccountStatistics({
      partnerId,
      columns: COVE_COLUMNS,
      pageSize: PAGE,
    })) {
      n += row.accountId === undefined ? 0 : 1;
    }
    return n;
  };
  // Retained heap while paging: a separate walk that collects garbage every 10 pages and samples
  // what is still alive, so garbage awaiting collection does not count as growth.
  let peak = Number.NEGATIVE_INFINITY;
  const walkHeap = async () => {
    const base = heap();
    let n = 0;
    for await (const row of cove.iterateAccountStatistics({
      partnerId,
      columns: COVE_COLUMNS,
      pageSize: PAGE,
    })) {
      n += row.accountId === undefined ? 0 : 1;
      if (n % (PAGE * 10) === 0) peak = Math.max(peak, heap() - base);
    }
    return n;
  };
  // Three rounds, raw and SDK alternating (which goes first swaps each round); each round's
  // ratio is taken, and their median reported.
  const walkTimes = { raw: [], sdk: [] };
  for (let r = 0; r < 3; r++) {
    const order = r % 2 === 0 ? ['raw', 'sdk'] : ['sdk', 'raw'];
    for (const name of order) {
      const t0 = performance.now();
      const count = await (name === 'raw' ? walkRaw() : walkSdk());
      walkTimes[name].push(performance.now() - t0);
      if (count !== FLEET) throw new Error(`${name} walk counted ${count}, not ${FLEET}`);
    }
  }
  if (gc) await walkHeap();
  const walkRatio = median(walkTimes.raw.map((ms, i) => ms / walkTimes.sdk[i]));
  const perSecond = (ms) => Math.round((FLEET * 1000) / ms).toLocaleString('en');
  console.log(
    `\n| paging ${FLEET.toLocaleString('en')} devices (${PAGE} a page), median of 3 rounds | raw sequential loop | SDK \`iterateAccountStatistics\` | SDK throughput / raw |`,
  );
  console.log('|---|---:|---:|---:|');
  console.log(
    `| devices per second | ${perSecond(median(walkTimes.raw))} | ${perSecond(median(walkTimes.sdk))} | ${walkRatio.toFixed(2)}× |`,
  );
  console.log(
    gc
      ? `\nHeap: one page held = ${(pageBytes / 2 ** 20).toFixed(2)} MiB; largest retained growth while paging (sampled after GC every 10 pages) = ${peak > 0 ? `${(peak / 2 ** 20).toFixed(2)} MiB (${(peak / pageBytes).toFixed(2)}× one page)` : 'none (every sample was at or below the heap before the walk)'}.`
      : '\n(Heap figures need `node --expose-gc`.)',
  );
}

// 3b. A walk as the run feed does it, against a server that takes 25 ms per page: every row
// normalized. The raw loop does the same work on the API rows (normalizeRun reads those too), one
// page after another; the SDK reads the next page while the rows of the current one are handled.
{
  const slow = await startBenchServers({ fleet: 20 * PAGE, coveDelayMs: 25 });
  const slowCove = await coveClientFor(slow);
  const slowPage = rawPageFrom(slow);
  const walkRaw = async () => {
    let n = 0;
    for (let start = 0; ; start += PAGE) {
      const rows = (await slowPage(start)).result.result;
      for (const row of rows) n += normalizeRun({ source: 'cove', statistics: row }) ? 1 : 0;
      if (rows.length < PAGE) return n;
    }
  };
  const walkSdk = async () => {
    let n = 0;
    for await (const row of slowCove.iterateAccountStatistics({
      partnerId,
      columns: COVE_COLUMNS,
      pageSize: PAGE,
    })) {
      n += normalizeRun({ source: 'cove', statistics: row }) ? 1 : 0;
    }
    return n;
  };
  const times = { raw: [], sdk: [] };
  for (let r = 0; r < 3; r++) {
    for (const [name, walk] of r % 2
      ? [
          ['sdk', walkSdk],
          ['raw', walkRaw],
        ]
      : [
          ['raw', walkRaw],
          ['sdk', walkSdk],
        ]) {
      const t0 = performance.now();
      if ((await walk()) !== slow.fleet) throw new Error(`${name} walk missed devices`);
      times[name].push(performance.now() - t0);
    }
  }
  const best = (xs) => Math.min(...xs);
  const rate = (ms) => Math.round((slow.fleet * 1000) / ms).toLocaleString('en');
  console.log(
    `\n| feed walk: ${slow.fleet.toLocaleString('en')} devices, server 25 ms a page, \`normalizeRun\` on every row | raw sequential loop | SDK | SDK throughput / raw |`,
  );
  console.log('|---|---:|---:|---:|');
  console.log(
    `| devices per second | ${rate(best(times.raw))} | ${rate(best(times.sdk))} | ${(best(times.raw) / best(times.sdk)).toFixed(2)}× |`,
  );
  await slow.close();
}

// 4. normalizeRun throughput (pure, no I/O).
{
  const { executions } = await dbackup.history.list().catch(() => ({ executions: [] }));
  const detail = await dbackup.executions.get(servers.executionId);
  const dbackupInputs = executions.length > 0 ? executions : Array.from({ length: 100 }, () => detail);
  const { rows } = await cove.enumerateAccountStatistics({
    partnerId,
    columns: COVE_COLUMNS,
    recordsCount: PAGE,
  });
  const rate = (fn, n) => {
    for (let i = 0; i < 3; i++) fn();
    const t0 = performance.now();
    let runs = 0;
    while (performance.now() - t0 < 1500) {
      fn();
      runs += n;
    }
    return Math.round((runs * 1000) / (performance.now() - t0));
  };
  const dbackupRate = rate(() => {
    for (const execution of dbackupInputs) normalizeRun({ source: 'dbackup', execution });
  }, dbackupInputs.length);
  const coveRate = rate(() => {
    for (const row of rows) normalizeRun({ source: 'cove', statistics: row });
  }, rows.length);
  console.log('\n| `normalizeRun` (pure) | runs per second |');
  console.log('|---|---:|');
  console.log(`| DBackup execution (\`executions.get\` detail) | ${dbackupRate.toLocaleString('en')} |`);
  console.log(`| Cove statistics row, 40 columns | ${coveRate.toLocaleString('en')} |`);
}

await servers.close();
