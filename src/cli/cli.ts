/**
 * The `backupchecks` command: dispatch to the subcommands, `--help`, `--version`, and the
 * mapping of errors to exit codes. A thin shell over the library: each command calls public
 * functions of the SDK.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors';
import { COVE_HELP, coveDevicesCommand, coveProbeCommand, DEVICES_HELP, PROBE_HELP } from './commands/cove';
import {
  DBACKUP_HELP,
  dbackupHistoryCommand,
  dbackupJobsCommand,
  dbackupRunCommand,
  HISTORY_HELP,
  JOBS_HELP,
  RUN_HELP,
} from './commands/dbackup';
import { MOCK_HELP, mockCommand } from './commands/mock';
import { RUNS_HELP, runsCommand } from './commands/runs';
import { CliError, EXIT, EXIT_CODES_HELP } from './errors';
import type { CliIo } from './io';

export const MAIN_HELP = `Usage: backupchecks <command> [options]

Backup status from N-able Cove Data Protection and DBackup, for scripts and schedulers.
Data goes to stdout (a table on a terminal, NDJSON otherwise); progress and errors to stderr.

Commands:
  runs                   new and changed backup runs since the checkpoint (BackupRun records)
  cove devices           every Cove device across the partner tree with its last status
  cove probe [COLUMNS…]  which Cove statistics columns the API user may read (13501)
  dbackup jobs           DBackup backup jobs
  dbackup history        recent DBackup executions
  dbackup run JOB        start a DBackup job; --wait for its outcome
  mock                   serve the Cove and DBackup mock servers on loopback (needs msw)

Options:
  -h, --help             show help (also: backupchecks <command> --help)
  -v, --version          show the version

Configuration (flags win over environment variables, which win over the config file):
  COVE_PARTNER, COVE_USERNAME, COVE_PASSWORD (or COVE_PASSWORD_FILE), COVE_ENDPOINT
  DBACKUP_URL, DBACKUP_API_KEY (or DBACKUP_API_KEY_FILE)
  --config FILE or BACKUPCHECKS_CONFIG: JSON with named sources, secrets by env var or file:
    {"sources": [{"name": "eu", "type": "cove", "partner": "Acme (ops@acme.com)",
                  "username": "api-user", "password": {"env": "COVE_EU_PASSWORD"}},
                 {"name": "nas", "type": "dbackup", "url": "https://nas.example.com",
                  "apiKey": {"file": "/run/secrets/nas-key"}}]}

Examples:
  backupchecks runs --checkpoint runs.json --format ndjson
  backupchecks cove devices --status failed,warning
  backupchecks dbackup run "SQLite to Local" --wait
  npx @backupchecks/sdk runs --since 24h

${EXIT_CODES_HELP}`;

type Handler = (argv: readonly string[], io: CliIo) => Promise<number>;

interface Group {
  help: string;
  commands: Record<string, { run: Handler; help: string }>;
}

const GROUPS: Record<string, Group> = {
  cove: {
    help: COVE_HELP,
    commands: {
      devices: { run: coveDevicesCommand, help: DEVICES_HELP },
      probe: { run: coveProbeCommand, help: PROBE_HELP },
    },
  },
  dbackup: {
    help: DBACKUP_HELP,
    commands: {
      jobs: { run: dbackupJobsCommand, help: JOBS_HELP },
      history: { run: dbackupHistoryCommand, help: HISTORY_HELP },
      run: { run: dbackupRunCommand, help: RUN_HELP },
    },
  },
};

const COMMANDS: Record<string, { run: Handler; help: string }> = {
  runs: { run: runsCommand, help: RUNS_HELP },
  mock: { run: mockCommand, help: MOCK_HELP },
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
