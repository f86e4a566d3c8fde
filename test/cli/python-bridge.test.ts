/**
 * examples/python/import_runs.py (standard library only) against `backupchecks mock`: it runs
 * `backupchecks runs --format ndjson`, validates each line against the JSON Schema and upserts
 * into SQLite keyed by (source, external_id). Skipped, with a message, where python3 is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, built, type RunningMock, root, startMock } from './harness';

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0;
if (!python)
  console.warn('python3 not found: skipping the Python bridge test (examples/python/import_runs.py)');
const script = join(root, 'examples/python/import_runs.py');

interface Summary {
  new: number;
  updated: number;
  unchanged: number;
  invalid: number;
  total: number;
  exitCode: number;
}

describe.skipIf(!python || !built)('examples/python/import_runs.py', { timeout: 90_000 }, () => {
  let mock: RunningMock;
  let dir: string;
  beforeAll(async () => {
    mock = await startMock(['--devices', '30']);
    dir = mkdtempSync(join(tmpdir(), 'bc-py-'));
  });
  afterAll(async () => {
    await mock?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const importRuns = (...args: string[]) => {
    const r = spawnSync(
      'python3',
      [
        script,
        '--cli',
        `"${process.execPath}" "${bin}"`,
        '--db',
        join(dir, 'runs.sqlite'),
        '--json',
        ...args,
      ],
      { env: mock.env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as Summary;
  };

  it('imports every run once; a second run imports nothing new', () => {
    const checkpoint = join(dir, 'cp.json');
    const first = importRuns('--checkpoint', checkpoint);
    expect(first.new).toBeGreaterThan(30);
    expect(first).toMatchObject({ updated: 0, unchanged: 0, invalid: 0, total: first.new, exitCode: 0 });
    const second = importRuns('--checkpoint', checkpoint);
    expect(second).toMatchObject({ new: 0, updated: 0, unchanged: 0, invalid: 0, total: first.total });
    // Without the checkpoint every run comes again, and the upsert still adds nothing.
    const replay = importRuns('--checkpoint', join(dir, 'fresh.json'));
    expect(replay).toMatchObject({ new: 0, updated: 0, unchanged: first.total, total: first.total });

    const rows = spawnSync(
      'python3',
      [
        '-c',
        `import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); print(db.execute("select count(*), count(distinct source||'|'||external_id), sum(source='cove'), sum(source='dbackup'), sum(objects like '[%') from job_runs").fetchone())`,
        join(dir, 'runs.sqlite'),
      ],
      { encoding: 'utf8' },
    );
    const [count, distinct, cove, dbackup, objects] = rows.stdout
      .replace(/[()\s]/g, '')
      .split(',')
      .map(Number);
    expect(count).toBe(first.total);
    expect(distinct).toBe(count);
    expect(cove).toBe(30);
    expect(dbackup).toBe((count as number) - 30);
    expect(objects).toBe(count);
  });

  it('--start-mock runs the whole bridge against a mock it starts and stops', () => {
    const r = spawnSync(
      'python3',
      [
        script,
        '--cli',
        `"${process.execPath}" "${bin}"`,
        '--start-mock',
        '--db',
        join(dir, 'own.sqlite'),
        '--checkpoint',
        join(dir, 'own.json'),
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^imported \d+ new, 0 updated, 0 unchanged, 0 invalid; \d+ runs in the database\n$/,
    );
  });
});
