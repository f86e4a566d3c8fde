/**
 * Runs every example against the built-in mocks, one after another (`npm run demo`, also in CI).
 * Real-server credentials are removed from the environment so the mocks are always used. Fails
 * when an example exits non-zero or takes longer than 60 s. Each example is a standalone file;
 * the few that take arguments get short demo values from {@link DEMO_ARGS}.
 *
 *   npm run build && node examples/run-all.mjs
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TIMEOUT_MS = 60_000;
const dir = fileURLToPath(new URL('.', import.meta.url));
const examples = readdirSync(dir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  .sort();

/** The run feed polls on a schedule: two rounds a second apart, with a throwaway checkpoint file. */
const feedCheckpoint = join(tmpdir(), `backupchecks-runs-feed-demo-${process.pid}.json`);
const DEMO_ARGS = {
  'runs-feed.ts': ['--rounds', '2', '--every', '1s', '--checkpoint', feedCheckpoint],
};

const env = { ...process.env };
for (const name of Object.keys(env)) {
  if (name.startsWith('DBACKUP_') || name.startsWith('COVE_')) delete env[name];
}

/** Runs one example; resolves with its exit code (or a reason) and how long it took. */
function run(name) {
  const started = performance.now();
  return new Promise((resolve) => {
    const args = DEMO_ARGS[name] ?? [];
    const child = spawn(process.execPath, [name, ...args], { cwd: dir, env, stdio: 'inherit' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({
        ok: false,
        reason: `timed out after ${TIMEOUT_MS / 1000} s`,
        ms: performance.now() - started,
      });
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message, ms: performance.now() - started });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ok = code === 0;
      resolve({
        ok,
        reason: ok ? '' : `exited with ${signal ?? `code ${code}`}`,
        ms: performance.now() - started,
      });
    });
  });
}

const failures = [];
const total = performance.now();
for (const name of examples) {
  console.log(`\n${'═'.repeat(100)}\n▶ examples/${name}\n${'═'.repeat(100)}`);
  const result = await run(name);
  console.log(`\n${result.ok ? '✔' : '✘'} ${name} (${Math.round(result.ms)} ms) ${result.reason}`);
  if (!result.ok) failures.push(`${name}: ${result.reason}`);
}
rmSync(feedCheckpoint, { force: true });

console.log(
  `\n${examples.length - failures.length}/${examples.length} examples passed in ${Math.round(performance.now() - total)} ms`,
);
if (failures.length > 0) {
  for (const failure of failures) console.error(`  ✘ ${failure}`);
  process.exit(1);
}
