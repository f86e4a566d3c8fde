#!/usr/bin/env node
/**
 * The `backupchecks` bin: runs {@link runCli} with the real process, turns the first Ctrl-C /
 * SIGTERM into an abort (commands stop cleanly, no half-written checkpoint) and a second one into
 * an immediate exit.
 *
 * @module
 */
import { runCli } from './cli';
import { EXIT } from './errors';

const controller = new AbortController();
const onSignal = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort(new Error(`interrupted by ${signal}`));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`backupchecks runs | head`) is not an error of ours.
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
