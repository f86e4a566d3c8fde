#!/usr/bin/env python3
"""Import backup runs from the `backupchecks` command into SQLite, as Backupchecks would.

Standard library only (Python 3.8+). It runs

    backupchecks runs --format ndjson --checkpoint CHECKPOINT --quiet

reads one BackupRun per line, checks each against the shipped JSON Schema, and upserts it into
the `job_runs` table keyed by (source, external_id), the way Backupchecks keys JobRun by
source_type and external_id. Running it again imports nothing new: the checkpoint makes the
command print only new or changed runs, and the upsert leaves identical rows alone.

    # against real servers (COVE_* / DBACKUP_* or --config sources.json for the command)
    python3 import_runs.py --db runs.sqlite --checkpoint runs-checkpoint.json

    # against the built-in mock servers (needs msw next to @backupchecks/sdk)
    python3 import_runs.py --start-mock --db /tmp/runs.sqlite --checkpoint /tmp/cp.json

Exit status: 0 imported; 3 some source failed (what came through was imported, each error is
logged); 2 bad usage or configuration; anything else: the command's own exit code, or 1.
"""

import argparse
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_CANDIDATES = [
    os.path.join(os.getcwd(), "node_modules", "@backupchecks", "sdk", "schema", "backup-run.schema.json"),
    os.path.join(HERE, "..", "..", "schema", "backup-run.schema.json"),
]

TABLE = """
CREATE TABLE IF NOT EXISTS job_runs (
    source        TEXT NOT NULL,      -- JobRun.source_type: 'cove' or 'dbackup'
    external_id   TEXT NOT NULL,      -- JobRun.external_id
    run_id        TEXT NOT NULL,      -- BackupRun.id: '<source>:<external_id>'
    instance      TEXT,               -- which configured source (Cove login / DBackup server)
    job_key       TEXT NOT NULL,      -- Job identity: instance + job.id
    job_name      TEXT NOT NULL,
    customer      TEXT,
    status        TEXT NOT NULL,      -- success | warning | failed | cancelled | missed | running | pending | unknown
    status_reason TEXT,
    started_at    TEXT,
    ended_at      TEXT,
    duration_ms   INTEGER,
    size_bytes    INTEGER,
    error_count   INTEGER,
    message       TEXT,               -- the text override rules match on
    objects       TEXT NOT NULL,      -- JSON array of {name, type, status, message}
    raw           TEXT NOT NULL,      -- the whole BackupRun, for audit
    imported_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (source, external_id)
)
"""

COLUMNS = [
    "source", "external_id", "run_id", "instance", "job_key", "job_name", "customer", "status",
    "status_reason", "started_at", "ended_at", "duration_ms", "size_bytes", "error_count", "message",
    "objects", "raw", "imported_at", "updated_at",
]


def log(message):
    print("import_runs: " + message, file=sys.stderr)


# ── A small validator for the JSON Schema subset schema/backup-run.schema.json uses ──
def validate(value, schema, path="$"):
    """Returns a list of problems (empty when `value` is valid)."""
    errors = []
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
    }
    if kind in checks and not checks[kind](value):
        return ["%s: expected %s" % (path, kind)]
    if "enum" in schema and value not in schema["enum"]:
        errors.append("%s: %r is not one of %s" % (path, value, schema["enum"]))
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        errors.append("%s: shorter than %d" % (path, schema["minLength"]))
    if isinstance(value, (int, float)) and "minimum" in schema and value < schema["minimum"]:
        errors.append("%s: below %s" % (path, schema["minimum"]))
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append("%s.%s: required" % (path, key))
        for key, item in value.items():
            if key in props:
                errors.extend(validate(item, props[key], path + "." + key))
            elif schema.get("additionalProperties") is False:
                errors.append("%s.%s: not allowed" % (path, key))
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors.extend(validate(item, schema["items"], "%s[%d]" % (path, i)))
    return errors


def load_schema(path):
    for candidate in [path] if path else SCHEMA_CANDIDATES:
        if candidate and os.path.exists(candidate):
            with open(candidate, encoding="utf-8") as handle:
                return json.load(handle)
    log("JSON Schema not found (pass --schema); runs are imported without schema validation")
    return None


def row_for(run, now):
    customer = run.get("customer") or {}
    instance = run.get("instance")
    return {
        "source": run["source"],
        "external_id": run["externalId"],
        "run_id": run["id"],
        "instance": instance,
        "job_key": "%s/%s" % (instance or run["source"], run["job"]["id"]),
        "job_name": run["job"]["name"],
        "customer": customer.get("name") or customer.get("id"),
        "status": run["status"],
        "status_reason": run.get("statusReason"),
        "started_at": run.get("startedAt"),
        "ended_at": run.get("endedAt"),
        "duration_ms": run.get("durationMs"),
        "size_bytes": run.get("sizeBytes"),
        "error_count": run.get("errorCount"),
        "message": run.get("message"),
        "objects": json.dumps(run.get("objects", []), sort_keys=True),
        "raw": json.dumps(run, sort_keys=True),
        "imported_at": now,
        "updated_at": now,
    }


def upsert(db, row):
    """Inserts or updates one run; returns 'new', 'updated' or 'unchanged'."""
    found = db.execute(
        "SELECT raw FROM job_runs WHERE source = ? AND external_id = ?", (row["source"], row["external_id"])
    ).fetchone()
    if found is not None and found[0] == row["raw"]:
        return "unchanged"
    updates = ", ".join("%s = excluded.%s" % (c, c) for c in COLUMNS if c not in ("source", "external_id", "imported_at"))
    db.execute(
        "INSERT INTO job_runs (%s) VALUES (%s) ON CONFLICT (source, external_id) DO UPDATE SET %s"
        % (", ".join(COLUMNS), ", ".join("?" for _ in COLUMNS), updates),
        [row[c] for c in COLUMNS],
    )
    return "new" if found is None else "updated"


def start_mock(cli):
    """Starts `backupchecks mock`; returns (process, environment pointing at it)."""
    process = subprocess.Popen(cli + ["mock"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line:
        process.wait(timeout=30)
        raise SystemExit("import_runs: the mock did not start: " + process.stderr.read().strip())
    return process, json.loads(line)["env"]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Import BackupRuns from `backupchecks runs` into SQLite.")
    parser.add_argument("--db", default="backupchecks-runs.sqlite", help="SQLite file (created if missing)")
    parser.add_argument("--checkpoint", default="backupchecks-checkpoint.json", help="checkpoint file of the command")
    parser.add_argument("--cli", default=os.environ.get("BACKUPCHECKS_CLI", "npx --no-install backupchecks"),
                        help="how to run the command (default: $BACKUPCHECKS_CLI or 'npx --no-install backupchecks')")
    parser.add_argument("--config", help="passed to the command as --config (named sources)")
    parser.add_argument("--schema", help="path of backup-run.schema.json (default: from node_modules or this repo)")
    parser.add_argument("--start-mock", action="store_true", help="run against `backupchecks mock` started here")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)

    cli = shlex.split(args.cli)
    env = dict(os.environ)
    mock = None
    if args.start_mock:
        mock, mock_env = start_mock(cli)
        env.update(mock_env)
    try:
        command = cli + ["runs", "--format", "ndjson", "--checkpoint", args.checkpoint, "--quiet"]
        if args.config:
            command += ["--config", args.config]
        started = time.monotonic()
        result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        if mock is not None:
            mock.terminate()
            mock.wait(timeout=30)

    for line in result.stderr.splitlines():
        try:
            error = json.loads(line)
            log("source %s failed (%s): %s" % (error.get("source"), error.get("stage", "fetch"), error.get("message")))
        except ValueError:
            log(line)
    if result.returncode not in (0, 3):
        log("backupchecks runs exited with %d; nothing imported" % result.returncode)
        return result.returncode or 1

    schema = load_schema(args.schema)
    counts = {"new": 0, "updated": 0, "unchanged": 0, "invalid": 0}
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    db = sqlite3.connect(args.db)
    try:
        db.execute(TABLE)
        with db:  # one transaction: all of this poll's runs, or none
            for number, line in enumerate(result.stdout.splitlines(), 1):
                if not line.strip():
                    continue
                run = json.loads(line)
                problems = validate(run, schema) if schema else []
                if problems:
                    counts["invalid"] += 1
                    log("line %d skipped, not a valid BackupRun: %s" % (number, "; ".join(problems[:3])))
                    continue
                counts[upsert(db, row_for(run, now))] += 1
        total = db.execute("SELECT COUNT(*) FROM job_runs").fetchone()[0]
    finally:
        db.close()
    summary = dict(counts, total=total, seconds=round(time.monotonic() - started, 2), exitCode=result.returncode)
    if args.json:
        print(json.dumps(summary))
    else:
        print("imported %(new)d new, %(updated)d updated, %(unchanged)d unchanged, %(invalid)d invalid; "
              "%(total)d runs in the database" % summary)
    return 3 if result.returncode == 3 else (1 if counts["invalid"] else 0)


if __name__ == "__main__":
    sys.exit(main())
