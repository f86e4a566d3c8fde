/**
 * DBackup: the execution history (the newest 100 runs) as a compact table.
 *
 *   npm run build && node examples/dbackup-history.ts
 *
 * Real server: DBACKUP_URL=https://backup.example.com DBACKUP_API_KEY=dbackup_… (needs `history:read`).
 */
import { connect, formatDuration, formatTime, printTable } from './setup.ts';

const { dbackup, close } = await connect('dbackup');
try {
  const { executions, systemTimezone } = await dbackup.history.list();
  console.log(
    `${executions.length} executions (server time zone ${systemTimezone ?? 'unknown'}), newest first:\n`,
  );
  printTable(
    executions.slice(0, 20).map((e) => ({
      status: e.statusText,
      // Restores and system tasks have no job: show what ran instead.
      job: e.job?.name ?? e.metadata?.jobName ?? `(${e.typeText ?? 'task'})`,
      trigger: e.triggerLabel,
      started: formatTime(e.startedAt),
      // History entries carry no duration or size (executions.get has them); derive the duration.
      duration: e.endedAt
        ? formatDuration(Date.parse(e.endedAt) - Date.parse(e.startedAt))
        : e.metadata?.stage,
    })),
  );
} finally {
  close();
}
