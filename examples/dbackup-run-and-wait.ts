/**
 * DBackup: list the backup jobs, run one, follow its progress until it finishes, and handle the
 * SDK's typed errors (a key without `jobs:execute` gets a `DBackupPermissionError`).
 *
 *   npm run build && node examples/dbackup-run-and-wait.ts
 *
 * Real server: DBACKUP_URL=https://backup.example.com DBACKUP_API_KEY=dbackup_… [DBACKUP_JOB_ID=…]
 * (the key needs `jobs:read`, `jobs:execute` and `history:read`). This starts a real backup.
 */
import {
  DBackupClient,
  DBackupError,
  type DBackupExecution,
  DBackupPermissionError,
} from '@backupchecks/sdk/dbackup';
import { connect, formatBytes } from './setup.ts';

const { dbackup, mock, close } = await connect('dbackup');
try {
  const jobs = await dbackup.jobs.list();
  for (const job of jobs) {
    console.log(`${job.enabled ? '✓' : '✗'} ${job.name.padEnd(28)} ${job.schedule ?? ''}  ${job.id}`);
  }
  const job = jobs.find((j) => j.id === process.env.DBACKUP_JOB_ID) ?? jobs[0];
  if (!job) throw new Error('No jobs on this server.');

  console.log(`\nRunning "${job.name}"…`);
  const { executionId } = await dbackup.jobs.run(job.id);
  const done: DBackupExecution = await dbackup.executions.waitFor(executionId, {
    intervalMs: mock.dbackup ? 100 : 2000, // the mock's runs take under a second
    timeoutMs: 30 * 60_000,
    onProgress: (e) => console.log(`  ${e.statusText.padEnd(8)} ${e.stage ?? ''} ${e.progress ?? 0}%`),
  });
  console.log(
    `Finished: ${done.statusText} in ${done.duration ?? '?'} ms, ${formatBytes(done.size)}` +
      (done.error ? ` (${done.error})` : ''),
  );

  // Typed errors: a key that may read history but not run jobs (the mock has one seeded).
  if (mock.dbackup) {
    const readOnly = new DBackupClient({ baseUrl: dbackup.baseUrl, apiKey: mock.dbackup.keys.historyOnly });
    try {
      await readOnly.jobs.run(job.id);
    } catch (error) {
      if (error instanceof DBackupPermissionError) {
        console.log(`\nA history-only key cannot run jobs: missing "${error.missingPermission}" (403).`);
      } else throw error;
    }
  }
} catch (error) {
  // Every HTTP failure is a DBackupError subclass carrying status, endpoint and the server's text.
  if (error instanceof DBackupError) {
    console.error(
      `${error.name} ${error.status} on ${error.endpoint}: ${error.serverMessage ?? error.message}`,
    );
    process.exitCode = 1;
  } else throw error;
} finally {
  close();
}
