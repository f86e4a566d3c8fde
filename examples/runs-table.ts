/**
 * Both vendors, one record shape: `collectRuns` pulls Cove device statistics and DBackup history,
 * normalizes every run to a `BackupRun`, and returns a checkpoint. Passing the checkpoint back
 * on the next poll delivers only what is new or changed, so nothing is imported twice.
 *
 *   npm run build && node examples/runs-table.ts
 *
 * Real servers: set DBACKUP_URL + DBACKUP_API_KEY and/or COVE_PARTNER + COVE_USERNAME +
 * COVE_PASSWORD [+ COVE_ENDPOINT]; a vendor without credentials uses its mock.
 */
import { type BackupRun, collectRuns } from '@backupchecks/sdk';
import { connect, formatBytes, formatDuration, formatTime, printTable } from './setup.ts';

const clip = (text: string | undefined, max: number) =>
  text && text.length > max ? `${text.slice(0, max - 1)}…` : text;

const row = (run: BackupRun) => ({
  id: clip(run.id, 22),
  source: run.source,
  job: clip(run.job.name, 26),
  status: run.status,
  vendorStatus: run.vendorStatus,
  started: formatTime(run.startedAt),
  duration: formatDuration(run.durationMs),
  size: formatBytes(run.sizeBytes),
  objects: run.objects.length,
  message: clip(run.message ?? run.statusReason, 40),
});

const { cove, dbackup, mock, close } = await connect('cove', 'dbackup');
try {
  const { partnerId } = await cove.login();
  const sources = {
    cove: { client: cove, partnerId, orderBy: 'I1 ASC' },
    // details: one executions.get per finished run, for size and message.
    dbackup: { client: dbackup, details: true },
  };

  // First poll: no checkpoint, so every run the sources still hold is new.
  const first = await collectRuns(sources);
  printTable(first.runs.map(row));
  for (const e of first.errors) console.log(`! ${e.source} ${e.stage}: ${e.message}`);
  console.log(`\nFirst poll: ${first.runs.length} runs. Store the checkpoint (plain JSON) between polls.`);

  // Next poll with the checkpoint: runs already delivered are skipped; a run delivered while
  // running/pending comes again only when its status changes.
  const checkpoint = JSON.stringify(first.checkpoint);
  const second = await collectRuns({ ...sources, checkpoint });
  console.log(`Second poll: ${second.runs.length} new or changed runs.`);

  // Against the mock, start a backup and poll once more: only that run comes back.
  if (mock.dbackup) {
    const { DBACKUP_MOCK_IDS } = await import('@backupchecks/sdk/testing');
    await dbackup.jobs.run(DBACKUP_MOCK_IDS.jobs.sqliteToLocal);
    const third = await collectRuns({ ...sources, checkpoint: second.checkpoint });
    console.log(
      `After starting a backup: ${third.runs.map((r) => `${r.job.name} (${r.status})`).join(', ')}`,
    );
  }
} finally {
  close();
}
