/**
 * `--shard I/N`: a deterministic split of the configured sources, and of each Cove source's
 * partners, into N parts. The part of a key depends only on the key and N, so N workers with
 * separate checkpoints share one fleet without overlap, and adding a partner or a source moves
 * nothing else.
 *
 * @module
 */
import type { CoveClient } from '../cove/client';
import type { StatisticsOptions } from '../cove/statistics';
import type { CoveStatisticsClient, CoveStatisticsQuery } from '../runs/sources';
import type { Shard } from './args';

/** FNV-1a, 32 bits: small, stable across platforms and Node versions. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Whether `key` belongs to `shard` (always true without a shard). */
export function inShard(key: string, shard: Shard | undefined): boolean {
  return shard === undefined || (fnv1a(key) % shard.count) + 1 === shard.index;
}

/** The shard key of a source. */
export function sourceKey(type: string, name: string): string {
  return `${type}:${name}`;
}

/** The shard key of a Cove partner within a source. */
export function partnerKey(sourceName: string, partnerId: number): string {
  return `cove:${sourceName}:partner:${partnerId}`;
}

/** The sessions-mode methods of a Cove reader, bound, so a wrapper can pass them on. */
export function sessionMethods(
  client: CoveStatisticsClient,
): Pick<CoveStatisticsClient, 'sessions' | 'sessionErrors'> {
  return {
    ...(client.sessions ? { sessions: client.sessions.bind(client) } : {}),
    ...(client.sessionErrors ? { sessionErrors: client.sessionErrors.bind(client) } : {}),
  };
}

/**
 * A Cove statistics reader over only this shard's part of the partner tree below `rootPartnerId`.
 * The parts are the root's own devices and each direct child partner with its whole subtree, so
 * every device lands in exactly one part. Yields rows as `iterateAccountStatistics` does.
 */
export function shardedCoveReader(
  client: CoveClient,
  sourceName: string,
  rootPartnerId: number,
  shard: Shard,
  onPart?: (partnerId: number) => void,
): CoveStatisticsClient {
  return {
    ...sessionMethods(client),
    async *iterateAccountStatistics(query: CoveStatisticsQuery, options: StatisticsOptions = {}) {
      const signal = options.signal;
      if (inShard(partnerKey(sourceName, rootPartnerId), shard)) {
        onPart?.(rootPartnerId);
        for await (const row of client.iterateAccountStatistics(
          { ...query, partnerId: rootPartnerId },
          options,
        )) {
          if (row.partnerId === rootPartnerId) yield row;
        }
      }
      const children = await client.enumeratePartners(
        { parentPartnerId: rootPartnerId },
        signal ? { signal } : {},
      );
      const ids = [...new Set(children.map((p) => p.Id))]
        .filter((id) => id !== rootPartnerId)
        .sort((a, b) => a - b);
      for (const id of ids) {
        if (!inShard(partnerKey(sourceName, id), shard)) continue;
        onPart?.(id);
        yield* client.iterateAccountStatistics({ ...query, partnerId: id }, options);
      }
    },
  };
}
