/**
 * The checkpoint file of `backupchecks runs`: one run-feed checkpoint per source, written
 * atomically (temporary file, fsync, rename) and guarded by a lock file (`FILE.lock`) so two
 * overlapping runs cannot both deliver and then overwrite each other. A lock left by a process
 * that died is taken over. A corrupt file stops the command instead of being reset silently.
 *
 * @module
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import * as z from 'zod';
import { parseCheckpoint, type RunCheckpoint } from '../runs/checkpoint';
import { CliError, EXIT, UsageError } from './errors';

/** The file's content: a run checkpoint per source name. */
export interface CheckpointFile {
  /** Marks the file as ours. */
  format: 'backupchecks-runs-checkpoint';
  /** Format version. */
  version: 1;
  /** Per-source checkpoints, by source name. */
  sources: Record<string, RunCheckpoint>;
}

const fileSchema = z.object({
  format: z.literal('backupchecks-runs-checkpoint'),
  version: z.literal(1),
  sources: z.record(z.string(), z.unknown()),
});

const RESET_HINT =
  'Fix or delete the file, or pass --reset-checkpoint to start over (this delivers again every run the sources still show).';

/** An empty checkpoint file. */
export function emptyCheckpointFile(): CheckpointFile {
  return { format: 'backupchecks-runs-checkpoint', version: 1, sources: {} };
}

/** Reads the checkpoint file; a missing file is an empty checkpoint. Throws a {@link UsageError} when corrupt. */
export function readCheckpointFile(path: string): CheckpointFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyCheckpointFile();
    throw new UsageError(`checkpoint ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new UsageError(`checkpoint ${path} is corrupt (not valid JSON). ${RESET_HINT}`, { cause });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `checkpoint ${path} is corrupt (${issue?.path.join('.') || 'top level'}: ${issue?.message}). ${RESET_HINT}`,
      { cause: parsed.error },
    );
  }
  const sources: Record<string, RunCheckpoint> = {};
  for (const [name, value] of Object.entries(parsed.data.sources)) {
    try {
      sources[name] = parseCheckpoint(value as RunCheckpoint);
    } catch (cause) {
      throw new UsageError(
        `checkpoint ${path} is corrupt (source "${name}": ${(cause as Error).message}). ${RESET_HINT}`,
        { cause },
      );
    }
  }
  return { format: 'backupchecks-runs-checkpoint', version: 1, sources };
}

/** Writes `value` to `path` atomically: a temporary file next to it, fsync, then rename over it. */
export function writeFileAtomic(path: string, text: string, pid = process.pid): void {
  const temp = `${path}.${pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {}
    throw error;
  }
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Directory fsync is not supported everywhere (e.g. Windows); the rename is still atomic.
  }
}

/** Writes the checkpoint file atomically. */
export function writeCheckpointFile(path: string, file: CheckpointFile, pid?: number): void {
  writeFileAtomic(path, `${JSON.stringify(file)}\n`, pid);
}

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function parseLock(text: string | undefined): LockInfo | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LockInfo>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? (value as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether process `pid` on this host is alive (`EPERM` means it exists but is not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A held lock. */
export interface HeldLock {
  /** Removes the lock file (only if it is still ours). */
  release(): void;
}

/**
 * Takes `path` + `.lock`. A lock held by a live process (or by another host) fails with exit code
 * 4; a lock whose process is dead is taken over, and `onTakeover` is told. A takeover renames the
 * stale file aside first, so two processes taking over at once cannot both win.
 */
export function acquireLock(
  path: string,
  options: { pid?: number; now?: () => number; onTakeover?: (info: string) => void } = {},
): HeldLock {
  const lock = `${path}.lock`;
  const pid = options.pid ?? process.pid;
  const host = hostname();
  const mine = JSON.stringify({ pid, host, startedAt: new Date((options.now ?? Date.now)()).toISOString() });
  const locked = (holder: LockInfo | undefined) =>
    new CliError(
      `checkpoint ${path} is locked by ${holder ? `process ${holder.pid} on ${holder.host} since ${holder.startedAt}` : 'another process'} ` +
        `(lock file ${lock}). Another backupchecks runs is still working on it; if you are sure none is, delete the lock file.`,
      EXIT.locked,
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return {
        release() {
          if (readOptional(lock) === mine) unlinkSync(lock);
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR') {
        throw new UsageError(
          `checkpoint ${path}: cannot create ${lock} (${code}); check that the directory exists and is writable`,
          {
            cause: error,
          },
        );
      }
      if (code !== 'EEXIST') throw error;
    }
    const text = readOptional(lock);
    if (text === undefined) continue; // Released meanwhile: try again.
    const holder = parseLock(text);
    // An unreadable lock may be one being written right now: only a well-formed lock of a dead
    // process on this host is provably stale.
    if (holder === undefined || holder.host !== host || isAlive(holder.pid)) throw locked(holder);
    const aside = `${lock}.${pid}.stale`;
    try {
      renameSync(lock, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (readOptional(aside) !== text) {
      // Someone else took over first and we moved their fresh lock: put it back.
      try {
        linkSync(aside, lock);
      } catch {}
      unlinkSync(aside);
      throw locked(parseLock(readOptional(lock)));
    }
    unlinkSync(aside);
    options.onTakeover?.(`took over the stale lock of process ${holder.pid} (no longer running)`);
  }
  throw locked(parseLock(readOptional(lock)));
}
