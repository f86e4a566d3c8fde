/**
 * The `backupchecks` command: dispatch to the subcommands (each loaded only when run), `--help`,
 * `--version`, and the mapping of errors to exit codes. A thin shell over the library: each command calls public
 * functions of the SDK.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors';
import { CliError, EXIT } from './errors';
import {
  CHECK_ACCESS_HELP,
  COVE_HELP,
  DBACKUP_HELP,
  DEVICES_HELP,
  HISTORY_HELP,
  JOBS_HELP,
  MAIN_HELP,
  MOCK_HELP,
  PROBE_HELP,
  RUN_HELP,
  RUNS_HELP,
  SESSIONS_HELP,
} from './help';
import type { CliIo } from './io';

type Handler = (argv: readonly string[], io: CliIo) => Promise<number>;

interface Group {
  help: string;
  commands: Record<string, { run: Handler; help: string }>;
}

const GROUPS: Record<string, Group> = {
  cove: {
    help: COVE_HELP,
    commands: {
      devices: {
        run: (a, io) => import('./commands/cove').then((m) => m.coveDevicesCommand(a, io)),
        help: DEVICES_HELP,
      },
      probe: {
        run: (a, io) => import('./commands/cove').then((m) => m.coveProbeCommand(a, io)),
        help: PROBE_HELP,
      },
      sessions: {
        run: (a, io) => import('./commands/cove').then((m) => m.coveSessionsCommand(a, io)),
        help: SESSIONS_HELP,
      },
      'check-access': {
        run: (a, io) => import('./commands/cove').then((m) => m.coveCheckAccessCommand(a, io)),
        help: CHECK_ACCESS_HELP,
      },
    },
  },
  dbackup: {
    help: DBACKUP_HELP,
    commands: {
      jobs: {
        run: (a, io) => import('./commands/dbackup').then((m) => m.dbackupJobsCommand(a, io)),
        help: JOBS_HELP,
      },
      history: {
        run: (a, io) => import('./commands/dbackup').then((m) => m.dbackupHistoryCommand(a, io)),
        help: HISTORY_HELP,
      },
      run: {
        run: (a, io) => import('./commands/dbackup').then((m) => m.dbackupRunCommand(a, io)),
        help: RUN_HELP,
      },
    },
  },
};

const COMMANDS: Record<string, { run: Handler; help: string }> = {
  runs: { run: (a, io) => import('./commands/runs').then((m) => m.runsCommand(a, io)), help: RUNS_HELP },
  mock: { run: (a, io) => import('./commands/mock').then((m) => m.mockCommand(a, io)), help: MOCK_HELP },
};

/** The package version, from the package.json above this file (in `src/` and in `dist/`). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === '@backupchecks/sdk' && pkg.version) return pkg.version;
    } catch {}
    dir = dirname(dir);
  }
  return 'unknown';
}

function usageError(io: CliIo, message: string, help: string): number {
  io.stderr.write(`backupchecks: ${message}\n\n${help}\n`);
  return EXIT.usage;
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, second, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? second : undefined;
    if (topic && (COMMANDS[topic] || GROUPS[topic])) {
      io.stdout.write(`${(COMMANDS[topic] ?? GROUPS[topic])?.help}\n`);
      return EXIT.ok;
    }
    if (first === undefined) return usageError(io, 'a command is needed', MAIN_HELP);
    io.stdout.write(`${MAIN_HELP}\n`);
    return EXIT.ok;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[first];
  if (command) return command.run(argv.slice(1), io);
  const group = GROUPS[first];
  if (group) {
    if (second === undefined || second === '-h' || second === '--help') {
      if (second === undefined) return usageError(io, `${first} needs a command`, group.help);
      io.stdout.write(`${group.help}\n`);
      return EXIT.ok;
    }
    const sub = group.commands[second];
    if (!sub) return usageError(io, `unknown command "${first} ${second}"`, group.help);
    return sub.run(rest, io);
  }
  return usageError(io, `unknown command "${first}"`, MAIN_HELP);
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code.
 * Errors are reported on stderr as one line; nothing but data ever goes to stdout.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (io.signal.aborted) return EXIT.interrupted;
    if (error instanceof CliError) {
      io.stderr.write(`backupchecks: ${error.message}\n`);
      if (
        error.exitCode === EXIT.usage &&
        /^(Unknown option|Option|Unexpected argument)/.test(error.message)
      ) {
        io.stderr.write('Run backupchecks --help for usage.\n');
      }
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`backupchecks: ${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(`backupchecks: unexpected error: ${message}\n`);
    if (io.env.BACKUPCHECKS_DEBUG && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return EXIT.unexpected;
  }
}
