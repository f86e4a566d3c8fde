/**
 * The run feed as a scheduled job runs it: every N minutes, `collectRuns` polls Cove and DBackup,
 * hands the new or changed runs on (here: one JSON line each on stdout), and only then saves the
 * checkpoint to a file. A crash between the two delivers the same runs again next round rather than
 * losing them; their stable `id` lets the receiving side ignore repeats.
 *
 *   npm run build && node examples/runs-feed.ts [--every 5m] [--rounds N] [--checkpoint file]
 *
 * --every       time between polls: 90s, 5m, 1h… (default 5m)
 * --rounds      stop after N polls (default: run until Ctrl-C / SIGTERM); from cron, use --rounds 1
 * --checkpoint  where the checkpoint lives (default ./runs-feed.checkpoint.json)
 *
 * Real servers: set DBACKUP_URL + DBACKUP_API_KEY and/or COVE_PARTNER + COVE_USERNAME +
 * COVE_PASSWORD [+ COVE_ENDPOINT]; a vendor without credentials uses the SDK's built-in mock.
 * `npm run demo` runs it with `--rounds 2 --every 1s`.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type CollectRunsInput, CoveClient, collectRuns, DBackupClient } from '@backupchecks/sdk';

// ── Connection: real server from the environment, or the built-in mock ──
const env = process.env;
const realCove = Boolean(env.COVE_PARTNER && env.COVE_USERNAME && env.COVE_PASSWORD);
const realDBackup = Boolean(env.DBACKUP_URL && env.DBACKUP_API_KEY);
// The mocks are loaded only when a vendor has no credentials (they need the msw package).
const testing = realCove && realDBackup ? undefined : await import('@backupchecks/sdk/testing');
const mocks = testing?.startMockServers({ cove: { endpoint: 'https://cove.mock.test/jsonapi' } });
const cove = realCove
  ? new CoveClient({
      partner: env.COVE_PARTNER!,
      username: env.COVE_USERNAME!,
      password: env.COVE_PASSWORD!,
      endpoint: env.COVE_ENDPOINT || undefined,
    })
  : new CoveClient({ ...mocks!.cove.credentials, endpoint: mocks!.cove.endpoint });
const dbackup = realDBackup
  ? new DBackupClient({ baseUrl: env.DBACKUP_URL!, apiKey: env.DBACKUP_API_KEY! })
  : new DBackupClient({ baseUrl: mocks!.dbackup.baseUrl, apiKey: mocks!.dbackup.keys.full });
console.error(
  `Using ${realCove ? `Cove at ${cove.endpoint}` : 'the Cove mock'} + ${realDBackup ? `DBackup at ${dbackup.baseUrl}` : 'the DBackup mock'}`,
);

// ── The example ──
const { values: args } = parseArgs({
  options: {
    every: { type: 'string', default: '5m' },
    rounds: { type: 'string' },
    checkpoint: { type: 'string', default: 'runs-feed.checkpoint.json' },
  },
});
/** `90s`, `5m`, `1h`, `250ms` → milliseconds. */
function duration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`--every: expected a duration such as 90s, 5m or 1h, got "${text}"`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
}
const everyMs = duration(args.every);
const rounds = args.rounds === undefined ? Number.POSITIVE_INFINITY : Number(args.rounds);
if (!(rounds >= 1)) throw new Error(`--rounds: expected a whole number of at least 1, got "${args.rounds}"`);
const checkpointFile = args.checkpoint;

/** The saved checkpoint, or undefined on the very first run. */
async function loadCheckpoint(): Promise<string | undefined> {
  try {
    return await readFile(checkpointFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes the checkpoint atomically: a reader (or a crash) never sees half a file. */
async function saveCheckpoint(json: string): Promise<void> {
  const temporary = `${checkpointFile}.${process.pid}.tmp`;
  await writeFile(temporary, json);
  await rename(temporary, checkpointFile);
}

// Ctrl-C or SIGTERM (systemd, Kubernetes) ends the wait between rounds, never a round half-way.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

let failedRounds = 0;
try {
  const { partnerId } = await cove.login();
  const sources: CollectRunsInput = {
    cove: { client: cove, partnerId },
    dbackup: { client: dbackup, details: true },
  };
  for (let round = 1; round <= rounds && !stop.signal.aborted; round++) {
    const started = Date.now();
    const { runs, checkpoint, errors } = await collectRuns({
      ...sources,
      checkpoint: await loadCheckpoint(),
    });
    // Hand the runs on first (a database insert, a queue, an HTTP post); here, NDJSON on stdout.
    for (const run of runs) process.stdout.write(`${JSON.stringify(run)}\n`);
    await saveCheckpoint(JSON.stringify(checkpoint));
    for (const e of errors) console.error(`! ${e.source} ${e.stage}: ${e.message}`);
    if (errors.length > 0) failedRounds += 1;
    console.error(
      `round ${round}: ${runs.length} new or changed runs in ${Date.now() - started} ms; checkpoint saved to ${checkpointFile}`,
    );

    // Against the mock nothing happens between polls by itself: start a backup so the next round
    // has a run to deliver.
    if (mocks && !realDBackup && testing) await dbackup.jobs.run(testing.DBACKUP_MOCK_IDS.jobs.sqliteToLocal);

    if (round < rounds) await sleep(everyMs, undefined, { signal: stop.signal }).catch(() => undefined);
  }
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  mocks?.close();
}
if (failedRounds > 0) process.exitCode = 1;
