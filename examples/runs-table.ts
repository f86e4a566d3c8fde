/**
 * Both vendors, one record shape: `collectRuns` pulls Cove device statistics and DBackup history,
 * normalizes every run to a `BackupRun`, and returns a checkpoint. Passing the checkpoint back
 * on the next poll delivers only what is new or changed, so nothing is imported twice.
 *
 *   npm run build && node examples/runs-table.ts
 *
 * Real servers: set DBACKUP_URL + DBACKUP_API_KEY and/or COVE_PARTNER + COVE_USERNAME +
 * COVE_PASSWORD [+ COVE_ENDPOINT]; a vendor without credentials uses the SDK's built-in mock.
 */
import {
  type BackupRun,
  CoveClient,
  collectRuns,
  DBackupClient,
  RUN_STATUSES,
  type RunStatus,
} from '@backupchecks/sdk';

// ── Connection: real server from the environment, or the built-in mock ──
const env = process.env;
const realCove = Boolean(env.COVE_PARTNER && env.COVE_USERNAME && env.COVE_PASSWORD);
const realDBackup = Boolean(env.DBACKUP_URL && env.DBACKUP_API_KEY);
// The mocks are loaded only when a vendor has no credentials (they need the msw package).
const mocks =
  realCove && realDBackup
    ? undefined
    : (await import('@backupchecks/sdk/testing')).startMockServers({
        cove: { endpoint: 'https://cove.mock.test/jsonapi' },
      });
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
console.log(
  `Using ${realCove ? `Cove at ${cove.endpoint}` : 'the Cove mock'} + ${realDBackup ? `DBackup at ${dbackup.baseUrl}` : 'the DBackup mock'}\n`,
);

// ── The example ──
const clip = (text: string | undefined, max: number) =>
  text && text.length > max ? `${text.slice(0, max - 1)}…` : (text ?? '-');

const row = (run: BackupRun) => ({
  source: run.source,
  job: clip(run.job.name, 26),
  status: run.status,
  vendor: run.vendorStatus ?? '-',
  'started (UTC)': run.startedAt ? run.startedAt.slice(0, 16).replace('T', ' ') : '-',
  seconds: run.durationMs === undefined ? '-' : Math.round(run.durationMs / 1000),
  bytes: run.sizeBytes ?? '-',
  objects: run.objects.length,
  message: clip(run.message ?? run.statusReason, 40),
});

/** `12 success, 3 failed, …` in the BackupRun vocabulary, the same as the Cove device summary. */
const summary = (runs: readonly BackupRun[]) => {
  const counts = new Map<RunStatus, number>();
  for (const run of runs) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
  return RUN_STATUSES.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
};

try {
  const { partnerId } = await cove.login();
  const sources = {
    cove: { client: cove, partnerId, orderBy: 'I1 ASC' },
    // details: one executions.get per finished run, for size and message.
    dbackup: { client: dbackup, details: true },
  };

  // First poll: no checkpoint, so every run the sources still hold is new.
  const first = await collectRuns(sources);
  console.table(first.runs.map(row));
  for (const e of first.errors) console.log(`! ${e.source} ${e.stage}: ${e.message}`);
  for (const source of ['cove', 'dbackup'] as const) {
    console.log(`${source}: ${summary(first.runs.filter((run) => run.source === source))}`);
  }
  console.log(`\nFirst poll: ${first.runs.length} runs. Store the checkpoint (plain JSON) between polls.`);

  // Next poll with the checkpoint: runs already delivered are skipped; a run delivered while
  // running/pending comes again only when its status changes.
  const checkpoint = JSON.stringify(first.checkpoint);
  const second = await collectRuns({ ...sources, checkpoint });
  console.log(`Second poll: ${second.runs.length} new or changed runs.`);

  // Against the mock, start a backup and poll once more: only that run comes back.
  if (mocks && !realDBackup) {
    const { DBACKUP_MOCK_IDS } = await import('@backupchecks/sdk/testing');
    await dbackup.jobs.run(DBACKUP_MOCK_IDS.jobs.sqliteToLocal);
    const third = await collectRuns({ ...sources, checkpoint: second.checkpoint });
    console.log(
      `After starting a backup: ${third.runs.map((r) => `${r.job.name} (${r.status})`).join(', ')}`,
    );
  }
  if (first.errors.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  mocks?.close();
}
