/**
 * DBackup: import runs the moment they end, from DBackup's generic-webhook notifications. A small
 * Node HTTP server receives the notification, checks a shared secret, finds the run it announces
 * and prints it as a normalized BackupRun.
 *
 *   npm run build && node examples/dbackup-webhook.ts
 *
 * Real server: DBACKUP_URL=https://backup.example.com DBACKUP_API_KEY=dbackup_… WEBHOOK_SECRET=…
 * [WEBHOOK_PORT=8787]. Then, in DBackup, add a "Generic Webhook" notification channel with the URL
 * http://<this host>:8787/dbackup and the custom header `X-Webhook-Secret: <WEBHOOK_SECRET>`, and
 * attach it to your jobs. The key needs `history:read`. Stop with Ctrl-C.
 *
 * With no environment, it starts the SDK's DBackup mock (playing DBackup 3.4) with a webhook
 * channel pointing at this server, runs two backups and prints what arrived.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDBackupWebhookHandler,
  DBackupClient,
  type DBackupWebhookHandler,
  toNodeListener,
} from '@backupchecks/sdk/dbackup';
import type { BackupRun } from '@backupchecks/sdk/normalize';
import type { DBackupMock } from '@backupchecks/sdk/testing';

// ── Connection: real server from the environment, or the built-in mock ──
const env = process.env;
const real = Boolean(env.DBACKUP_URL && env.DBACKUP_API_KEY);
const secret = env.WEBHOOK_SECRET || 'demo-webhook-secret';
let handler: DBackupWebhookHandler | undefined;
const server = createServer(
  toNodeListener((request) =>
    handler ? handler(request) : Promise.resolve(new Response(null, { status: 503 })),
  ),
);
await new Promise<void>((resolve) =>
  server.listen(real ? Number(env.WEBHOOK_PORT || 8787) : 0, real ? '0.0.0.0' : '127.0.0.1', resolve),
);
const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dbackup`;

let dbackup: DBackupClient;
let mock: DBackupMock | undefined;
let stopMock = () => {};
if (real) {
  dbackup = new DBackupClient({ baseUrl: env.DBACKUP_URL!, apiKey: env.DBACKUP_API_KEY! });
  console.log(
    `Using DBackup at ${dbackup.baseUrl}; listening on ${webhookUrl.replace('127.0.0.1', '<this host>')}\n`,
  );
} else {
  const { createDBackupMock } = await import('@backupchecks/sdk/testing');
  const { setupServer } = await import('msw/node');
  mock = createDBackupMock({
    version: '3.4',
    webhook: { target: webhookUrl, headers: { 'X-Webhook-Secret': secret } },
  });
  const msw = setupServer(...mock.handlers);
  // The webhook POST goes to the real local server: let MSW pass it through.
  msw.listen({ onUnhandledFrame: 'bypass' });
  stopMock = () => msw.close();
  dbackup = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full });
  console.log('Using DBackup mock (3.4) (set DBACKUP_URL and DBACKUP_API_KEY to use a real server)\n');
}

// ── The webhook handler ──
const received: BackupRun[] = [];
handler = createDBackupWebhookHandler({
  client: dbackup,
  secret,
  onRuns: (runs) => {
    for (const run of runs) {
      received.push(run);
      const objects = run.objects.map((o) => `${o.name}: ${o.status}`).join(', ');
      console.log(
        `← ${run.status.padEnd(8)} ${run.job.name} (${run.id})` +
          `${run.message ? `\n    ${run.message}` : ''}${objects ? `\n    ${objects}` : ''}`,
      );
    }
  },
  onError: (error, event) => console.error(`Could not import "${event.title}": ${String(error)}`),
});

if (real) {
  console.log('Waiting for DBackup notifications…');
} else {
  try {
    const active = mock!;
    const jobs = await dbackup.jobs.list();
    const targets = ['SQLite to Local', 'SQLite to Two Destinations'].map((name) => {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`The mock has no job "${name}".`);
      return job;
    });
    for (const job of targets) {
      console.log(`→ running "${job.name}"`);
      const { executionId } = await dbackup.jobs.run(job.id);
      await dbackup.executions.waitFor(executionId, { intervalMs: 100, timeoutMs: 30_000 });
    }
    await active.flushWebhooks();
    await handler.idle();
    const delivered = active.state.notificationLogs.filter((log) => log.status === 'Success').length;
    console.log(`\n${received.length} run(s) imported from ${delivered} notification(s).`);
    if (received.length !== targets.length) process.exitCode = 1;
  } finally {
    stopMock();
    server.close();
  }
}
