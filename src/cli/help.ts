/**
 * The `--help` texts of every command. They live apart from the commands so that `--help` and
 * `--version` load no SDK code.
 *
 * @module
 */
import { EXIT_CODES_HELP } from './errors';

/** Help lines of `--format` and the source and common options. */
export const FORMAT_AND_SOURCE_HELP = `  --format FORMAT        ndjson | json | csv | table (default: table on a terminal, else ndjson)
  -c, --config FILE      JSON file with named sources (default: $BACKUPCHECKS_CONFIG)
  --source NAME          only this source (repeatable, or comma-separated)
  -q, --quiet            no progress on stderr
  -h, --help             show this help`;

export const MAIN_HELP = `Usage: backupchecks <command> [options]

Backup status from N-able Cove Data Protection and DBackup, for scripts and schedulers.
Data goes to stdout (a table on a terminal, NDJSON otherwise); progress and errors to stderr.

Commands:
  runs                   new and changed backup runs since the checkpoint (BackupRun records)
  cove devices           every Cove device across the partner tree with its last status
  cove sessions DEVICE   one Cove device's session history, with error texts
  cove probe [COLUMNS…]  which Cove statistics columns the API user may read (13501)
  cove check-access      what the Cove API user may do, and what to ask the admin for
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

export const RUNS_HELP = `Usage: backupchecks runs [options]

Prints the backup runs that are new or changed since the checkpoint, from every configured
source, as normalized BackupRun records (one JSON object a line with --format ndjson; each line
validates against schema/backup-run.schema.json). Without --checkpoint every run the sources
show now is printed.

Options:
  --checkpoint FILE      remember what was delivered in FILE (written atomically, locked
                         with FILE.lock while running); the next run prints only what is new
  --reset-checkpoint     start FILE over on purpose (a corrupt FILE otherwise stops with exit 2)
  --since DURATION       on a first run (no checkpoint entry yet), print only runs started in
                         the last DURATION, e.g. 24h or 7d; the rest is still checkpointed
  --cove-mode MODE       status (default): one run per device's last session;
                         sessions: every session since the checkpoint (per device, from its
                         storage node), with error texts; --since sets where a first run starts
                         (default 24h)
  --details              DBackup: read each finished run's detail (size, error message)
  --shard I/N            this worker's share: sources and Cove partners split into N parts
${FORMAT_AND_SOURCE_HELP}

Sources come from COVE_PARTNER, COVE_USERNAME, COVE_PASSWORD (COVE_ENDPOINT) and DBACKUP_URL,
DBACKUP_API_KEY, or from --config FILE.

Examples:
  backupchecks runs --checkpoint /var/lib/backupchecks/runs.json --format ndjson
  backupchecks runs --since 24h --format table
  backupchecks runs --config sources.json --shard 2/4 --checkpoint runs-2.json

${EXIT_CODES_HELP}`;

export const COVE_HELP = `Usage: backupchecks cove <command> [options]

Commands:
  devices              every device across the partner tree with its last status
  sessions DEVICE      one device's session history, with error texts
  probe [COLUMNS…]     which statistics columns the API user may read (error 13501)
  check-access         what the API user may do, and what to ask the Cove admin for

Run backupchecks cove <command> --help for the options of each.`;

export const DEVICES_HELP = `Usage: backupchecks cove devices [options]

Lists every device across the partner tree of each configured Cove login, with its customer,
last session status (success, warning, failed, cancelled, missed, running, unknown), last
session and last successful session times, error count and used storage.

Options:
  --status LIST          only these statuses, e.g. failed,warning
  --stale DURATION       only devices with no successful session for DURATION (or never), e.g. 3d
  --partner ID           only the devices of this partner and its sub-partners
${FORMAT_AND_SOURCE_HELP}

Examples:
  backupchecks cove devices --status failed,warning
  backupchecks cove devices --stale 3d --format csv > stale.csv
  backupchecks cove devices --partner 33541 --format json

${EXIT_CODES_HELP}`;

export const PROBE_HELP = `Usage: backupchecks cove probe [COLUMNS…] [options]

Sorts statistics columns into those the API user may read and those Cove refuses with error
13501 ("restricted"). Without COLUMNS it probes the columns backupchecks runs reads.

Options:
  --partner ID           partner to probe against (default: the login partner)
${FORMAT_AND_SOURCE_HELP}

Examples:
  backupchecks cove probe
  backupchecks cove probe D02F00 D03F00 I14 --format json

${EXIT_CODES_HELP}`;

export const DBACKUP_HELP = `Usage: backupchecks dbackup <command> [options]

Commands:
  jobs                 every backup job with its schedule, last and next run
  history              recent executions (the newest 100) as BackupRun records
  run JOB              start a job by id or exact name; --wait for its outcome

Run backupchecks dbackup <command> --help for the options of each.`;

export const JOBS_HELP = `Usage: backupchecks dbackup jobs [options]

Lists the backup jobs of every configured DBackup server.

Options:
${FORMAT_AND_SOURCE_HELP}

Examples:
  backupchecks dbackup jobs
  DBACKUP_URL=https://dbackup.example.com DBACKUP_API_KEY_FILE=/run/secrets/dbackup backupchecks dbackup jobs --format json

${EXIT_CODES_HELP}`;

export const HISTORY_HELP = `Usage: backupchecks dbackup history [options]

Lists the newest executions of every configured DBackup server as BackupRun records.

Options:
  --status LIST          only these statuses: normalized (success, warning, failed, cancelled,
                         running, pending, unknown) or DBackup's words (Success, Partial, Failed,
                         Cancelled, Running, Pending)
${FORMAT_AND_SOURCE_HELP}

Examples:
  backupchecks dbackup history --status failed,warning
  backupchecks dbackup history --status Partial --format json

${EXIT_CODES_HELP}`;

export const RUN_HELP = `Usage: backupchecks dbackup run JOB [options]

Starts JOB (a job id or its exact name) and prints the queued execution id as JSON. With --wait
it follows the run (progress on stderr), prints the final execution as a BackupRun and exits with
a code that follows the outcome. A run is never retried: it could start a second backup.

Options:
  --wait                 wait for the run to end
  --timeout DURATION     with --wait: stop waiting after DURATION (default 1h); the run goes on
  --cancel-on-interrupt  with --wait: cancel the run in DBackup on Ctrl-C (default: leave it running)
  --lock                 retention-lock the backup this run produces
${FORMAT_AND_SOURCE_HELP}
  (with several DBackup sources configured, pick one with --source NAME)

Examples:
  backupchecks dbackup run "SQLite to Local" --wait --timeout 30m
  backupchecks dbackup run 0b7a3c1e-… --source office-nas

Exit codes with --wait: 0 Success, 5 Partial, 6 Failed, 7 Cancelled, 8 --timeout passed
(the run keeps going), 130 interrupted.

${EXIT_CODES_HELP}`;

export const MOCK_HELP = `Usage: backupchecks mock [options]

Serves the DBackup and Cove mock servers on loopback until interrupted. Prints one JSON line
with their URLs, the DBackup API keys and the Cove credentials, then the environment variables
that point backupchecks at them.

Needs the msw package (an optional peer dependency of @backupchecks/sdk):
  npm install --save-dev msw

Options:
  --dbackup-port N       port for the DBackup mock (default: a free port)
  --cove-port N          port for the Cove mock (default: a free port)
  --host ADDRESS         interface to bind (default: 127.0.0.1)
  --devices N            Cove devices to generate (default: 25)
  --seed N               seed of the generated Cove fleet (default: 1)
  --preset restricted    a Cove tenant like Backupchecks' live one: Login returns only PartnerId,
                         Name and Flags; only an allow-list of columns; EnumerateAccounts refused
  --no-rate-limit        turn off the DBackup mock's rate limits
  --run-time DURATION    how long a started DBackup run stays Running (default 600ms)
  --env                  print shell export lines (COVE_*, DBACKUP_*) instead of JSON
  -h, --help             show this help

Examples:
  backupchecks mock --dbackup-port 8401 --cove-port 8402
  backupchecks mock --env > mock.env & sleep 2; . ./mock.env; backupchecks runs
  backupchecks mock --devices 2000 --seed 7
  backupchecks mock --preset restricted`;

export const SESSIONS_HELP = `Usage: backupchecks cove sessions DEVICE [options]

Lists one device's backup sessions (one per data source per backup cycle), newest first, as
BackupRun records: the history the Cove console does not keep. Read from the device's storage
node (or Cove's Microsoft 365 reporting service).

Options:
  --since DURATION       sessions started in the last DURATION (default 7d)
  --errors               read the error texts of every session that is not a clean success
${FORMAT_AND_SOURCE_HELP}
  (with several Cove sources configured, pick one with --source NAME)

Examples:
  backupchecks cove sessions 1201187
  backupchecks cove sessions 1201187 --since 30d --errors --format json

${EXIT_CODES_HELP}`;

export const CHECK_ACCESS_HELP = `Usage: backupchecks cove check-access [options]

Checks what the Cove API user may do: Login and partner level, partner listing, the monitoring
columns (probed for error 13501), and session history and error texts on a sample storage-node
and Microsoft 365 device. Says what to ask the Cove admin for. Exits 3 when something is missing.

Options:
  --partner ID           partner to check against (default: the login partner)
${FORMAT_AND_SOURCE_HELP}

Examples:
  backupchecks cove check-access
  backupchecks cove check-access --format json

${EXIT_CODES_HELP}`;
