/**
 * What a command gets from the process: its streams, environment, working directory and an
 * interrupt signal. `main.ts` passes the real ones; tests pass their own.
 *
 * @module
 */

/** A writable text stream (process.stdout, process.stderr, or a test buffer). */
export interface TextOut {
  /** Writes text. */
  write(text: string): unknown;
  /** Whether it is a terminal. */
  isTTY?: boolean | undefined;
}

/** The process surroundings of one command invocation. */
export interface CliIo {
  /** Data only. */
  stdout: TextOut;
  /** Progress and errors. */
  stderr: TextOut;
  /** Environment variables (secrets are read from here, never from flags). */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
  /** Clock, in epoch ms; default `Date.now`. */
  now?: () => number;
  /** Process id, for the lock file; default `process.pid`. */
  pid?: number;
}

/** Progress lines on stderr, only when stderr is a terminal and `--quiet` was not given. */
export type Progress = (line: string) => void;

/** Returns the progress writer for this invocation. */
export function progressFor(io: CliIo, quiet: boolean | undefined, force = false): Progress {
  const on = !quiet && (force || io.stderr.isTTY === true);
  return (line: string) => {
    if (on) io.stderr.write(`${line}\n`);
  };
}
