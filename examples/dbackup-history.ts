/**
 * DBackup: the execution history (the newest 100 runs) as a compact table.
 *
 *   npm run build && node examples/dbackup-history.ts
 *
 * Real server: DBACKUP_URL=https://backup.example.com DBACKUP_API_KEY=dbackup_… (needs `history:read`).
 * Without them it runs against the SDK's built-in DBackup mock.
 */
import { DBackupClient } from '@backupchecks/sdk/dbackup';

// ── Connection: real server from the environment, or the built-in mock ──
const { DBACKUP_URL, DBACKUP_API_KEY } = process.env;
let dbackup: DBackupClient;
let stopMock = () => {};
if (DBACKUP_URL && DBACKUP_API_KEY) {
  dbackup = new DBackupClient({ baseUrl: DBACKUP_URL, apiKey: DBACKUP_API_KEY });
  console.log(`Using DBackup at ${dbackup.baseUrl}\n`);
} else {
  const { startMockServers } = await import('@backupchecks/sdk/testing'); // needs the msw package
  const mocks = startMockServers();
  stopMock = mocks.close;
  dbackup = new DBackupClient({ baseUrl: mocks.dbackup.baseUrl, apiKey: mocks.dbackup.keys.full });
  console.log('Using the DBackup mock (set DBACKUP_URL and DBACKUP_API_KEY for a real server)\n');
}

// ── The example ──
/** An ISO timestamp as `2025-06-01 14:03` (UTC), or `-`. */
const time = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

try {
  const { executions, systemTimezone } = await dbackup.history.list();
  console.log(
    `${executions.length} executions (server time zone ${systemTimezone ?? 'unknown'}), newest first:\n`,
  );
  console.table(
    executions.slice(0, 20).map((e) => ({
      status: e.statusText,
      // Restores and system tasks have no job: show what ran instead.
      job: e.job?.name ?? e.metadata?.jobName ?? `(${e.typeText ?? 'task'})`,
      trigger: e.triggerLabel ?? '-',
      'started (UTC)': time(e.startedAt),
      // History entries carry no duration or size (executions.get has them); derive the duration.
      seconds: e.endedAt ? Math.round((Date.parse(e.endedAt) - Date.parse(e.startedAt)) / 1000) : '-',
    })),
  );
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  stopMock();
}
