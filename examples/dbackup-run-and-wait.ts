/**
 * DBackup: run a backup job picked by name, follow it until it finishes, and exit non-zero unless
 * it ended `Success`. Shows the SDK's typed errors too (a key without `jobs:execute` gets a
 * `DBackupPermissionError`).
 *
 *   npm run build && node examples/dbackup-run-and-wait.ts ["job name"]
 *
 * Real server: DBACKUP_URL=https://backup.example.com DBACKUP_API_KEY=dbackup_… and the job's name
 * as the argument or in DBACKUP_JOB (the key needs `jobs:read`, `jobs:execute` and `history:read`).
 * This starts a real backup. Without them it runs against the SDK's built-in DBackup mock.
 */
import { DBackupClient, DBackupError, DBackupPermissionError } from '@backupchecks/sdk/dbackup';

// ── Connection: real server from the environment, or the built-in mock ──
const { DBACKUP_URL, DBACKUP_API_KEY } = process.env;
let dbackup: DBackupClient;
let historyOnlyKey: string | undefined; // the mock's key that may read history but not run jobs
let stopMock = () => {};
if (DBACKUP_URL && DBACKUP_API_KEY) {
  dbackup = new DBackupClient({ baseUrl: DBACKUP_URL, apiKey: DBACKUP_API_KEY });
  console.log(`Using DBackup at ${dbackup.baseUrl}\n`);
} else {
  const { startMockServers } = await import('@backupchecks/sdk/testing'); // needs the msw package
  const mocks = startMockServers();
  stopMock = mocks.close;
  historyOnlyKey = mocks.dbackup.keys.historyOnly;
  dbackup = new DBackupClient({ baseUrl: mocks.dbackup.baseUrl, apiKey: mocks.dbackup.keys.full });
  console.log('Using the DBackup mock (set DBACKUP_URL and DBACKUP_API_KEY for a real server)\n');
}

// ── The example ──
const jobName = process.argv[2] ?? process.env.DBACKUP_JOB ?? 'SQLite to Local'; // a job of the mock
const mocked = historyOnlyKey !== undefined;

try {
  const jobs = await dbackup.jobs.list();
  for (const job of jobs)
    console.log(`${job.enabled ? '✓' : '✗'} ${job.name.padEnd(28)} ${job.schedule ?? ''}`);
  const job = jobs.find((j) => j.name === jobName);
  if (!job) {
    console.error(
      `\nNo job named "${jobName}". Pass one of the names above as the argument or in DBACKUP_JOB.`,
    );
    process.exit(2);
  }

  // runAndWait queues the run once (never retried: a retry could start a second backup), then polls
  // it. onQueued hands over the execution id at once, so the run can always be found again.
  console.log(`\nRunning "${job.name}"…`);
  const done = await dbackup.jobs.runAndWait(job.id, {
    onQueued: (executionId) => console.log(`  queued as execution ${executionId}`),
    onProgress: (e) => console.log(`  ${e.statusText.padEnd(8)} ${e.stage ?? ''} ${e.progress ?? 0}%`),
    intervalMs: mocked ? 100 : 2000, // the mock's runs take under a second
    timeoutMs: 30 * 60_000,
  });
  const seconds = done.duration == null ? '?' : (done.duration / 1000).toFixed(1);
  const size = done.size == null ? '' : `, ${done.size} bytes`;
  console.log(`Finished: ${done.statusText} in ${seconds} s${size}${done.error ? ` (${done.error})` : ''}`);
  if (done.status !== 'Success') process.exitCode = 1;

  // Typed errors: a key that may read history but not run jobs.
  if (historyOnlyKey) {
    const readOnly = new DBackupClient({ baseUrl: dbackup.baseUrl, apiKey: historyOnlyKey });
    try {
      await readOnly.jobs.run(job.id);
    } catch (error) {
      if (!(error instanceof DBackupPermissionError)) throw error;
      console.log(`\nA history-only key cannot run jobs: missing "${error.missingPermission}" (403).`);
    }
  }
} catch (error) {
  // Every HTTP failure is a DBackupError subclass carrying status, endpoint and the server's text.
  // An error after the run was queued also names it (executionId): check it before running again.
  const queued = (error as { executionId?: string }).executionId;
  if (error instanceof DBackupError) {
    console.error(
      `${error.name} ${error.status} on ${error.endpoint}: ${error.serverMessage ?? error.message}`,
    );
  } else {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  }
  if (queued) console.error(`The run was queued as execution ${queued}; it may still be running.`);
  process.exitCode = 1;
} finally {
  stopMock();
}
