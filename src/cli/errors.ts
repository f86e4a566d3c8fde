/**
 * Exit codes of the `backupchecks` command and the errors that carry them.
 *
 * @module
 */
import { SdkError, type SdkErrorOptions } from '../core/errors';

/**
 * Every exit code the command uses. Schedulers can rely on them; they are listed in `--help`,
 * the README and `docs/guides/command-line.md`.
 */
export const EXIT = {
  /** Everything worked (`dbackup run --wait`: the run ended `Success`). */
  ok: 0,
  /** Anything unexpected (a bug, an unreadable file, a server answer the SDK cannot read). */
  unexpected: 1,
  /** Bad usage or configuration: an unknown flag, a missing secret, a corrupt checkpoint. */
  usage: 2,
  /** Some source failed; the other sources' data was printed (and checkpointed). */
  sourceFailed: 3,
  /** Another `backupchecks runs` holds the checkpoint's lock file. */
  locked: 4,
  /** `dbackup run --wait`: the run ended `Partial`. */
  runPartial: 5,
  /** `dbackup run --wait`: the run ended `Failed`. */
  runFailed: 6,
  /** `dbackup run --wait`: the run ended `Cancelled`. */
  runCancelled: 7,
  /** `dbackup run --wait`: `--timeout` passed before the run ended (it keeps running). */
  runTimeout: 8,
  /** Interrupted (Ctrl-C / SIGINT, SIGTERM) before the command finished. */
  interrupted: 130,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit-code table as `--help` and the docs print it. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    unexpected error
  2    bad usage or configuration (unknown flag, missing secret, corrupt checkpoint)
  3    some source failed; the other sources' results were printed and checkpointed,
       and each error went to stderr as one JSON line naming the source
  4    the checkpoint is locked by another running backupchecks
  5-8  dbackup run --wait: 5 Partial, 6 Failed, 7 Cancelled, 8 --timeout passed
  130  interrupted (Ctrl-C); no checkpoint was written`;

/** A failure of the command line tool, with the exit code it ends the process with. */
export class CliError extends SdkError {
  override name = 'CliError';
  /** The process exit code. */
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode, options: SdkErrorOptions = {}) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** Bad usage (unknown flag, bad value) or bad configuration: exit code 2. */
export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(message: string, options: SdkErrorOptions = {}) {
    super(message, EXIT.usage, options);
  }
}
