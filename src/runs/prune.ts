/**
 * Keeping the run feed's checkpoint bounded.
 *
 * @module
 */
import type { RunSource } from '../normalize/backup-run';
import type { CheckpointEntry } from './checkpoint';
import {
  type CollectRunsInput,
  DEFAULT_CHECKPOINT_HORIZON_MS,
  DEFAULT_CHECKPOINT_MAX_ENTRIES,
} from './feed-types';

function sourceOf(id: string): RunSource {
  return id.slice(0, id.indexOf(':')) as RunSource;
}

/** Drops entries past the horizon, then the least recently seen evictable ones over `maxEntries`. */
export function prune(
  entries: Map<string, CheckpointEntry>,
  seenThisPoll: ReadonlySet<string>,
  healthy: ReadonlySet<RunSource>,
  now: number,
  input: CollectRunsInput,
): void {
  const horizon = input.horizonMs ?? DEFAULT_CHECKPOINT_HORIZON_MS;
  const maxEntries = input.maxEntries ?? DEFAULT_CHECKPOINT_MAX_ENTRIES;
  for (const [id, entry] of entries) {
    if (healthy.has(sourceOf(id)) && !seenThisPoll.has(id) && now - entry.lastSeen > horizon)
      entries.delete(id);
  }
  if (entries.size <= maxEntries) return;
  // Only entries a healthy source could have returned but did not: an entry of a failed or unpolled
  // source may still be returned by its next poll, and evicting it would deliver that run again.
  const evictable = [...entries]
    .filter(([id]) => !seenThisPoll.has(id) && healthy.has(sourceOf(id)))
    .sort(([a, x], [b, y]) => x.lastSeen - y.lastSeen || (a < b ? -1 : a > b ? 1 : 0));
  for (const [id] of evictable) {
    if (entries.size <= maxEntries) break;
    entries.delete(id);
  }
}
