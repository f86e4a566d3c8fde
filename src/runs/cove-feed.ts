/**
 * The Cove part of {@link collectRuns}: device statistics, one run per device's last session.
 *
 * @module
 */
import { fetchCoveSessions, type SessionsOutcome } from './cove-sessions-feed';
import type { Candidate, CollectRunsInput, CoveFeedSource, RunFeedError } from './feed-types';
import { describe, rejectedRowError, tryNormalize } from './normalize-record';
import { DEFAULT_COVE_FEED_COLUMNS, DEFAULT_COVE_PAGE_SIZE } from './sources';

/** Reads every device's statistics row and normalizes it; a failure ends the walk and is reported. */
export async function fetchCove(
  feed: CoveFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<{ ok: boolean; items: Candidate[]; sessions?: SessionsOutcome }> {
  if (feed.mode === 'sessions') return fetchCoveSessions(feed, input, errors);
  const items: Candidate[] = [];
  try {
    const rows = feed.client.iterateAccountStatistics(
      {
        partnerId: feed.partnerId,
        columns: [...(feed.columns ?? DEFAULT_COVE_FEED_COLUMNS)],
        pageSize: feed.pageSize ?? DEFAULT_COVE_PAGE_SIZE,
        ...(feed.orderBy === undefined ? {} : { orderBy: feed.orderBy }),
      },
      {
        onRestricted: 'drop',
        onRejected: (row) => errors.push(rejectedRowError(row)),
        ...(input.signal ? { signal: input.signal } : {}),
      },
    );
    for await (const row of rows) {
      const run = tryNormalize('cove', row, input, errors);
      if (run) items.push({ run, record: row });
    }
    return { ok: true, items };
  } catch (error) {
    errors.push({
      source: 'cove',
      stage: 'fetch',
      message: `Cove statistics failed: ${describe(error)}`,
      error,
    });
    return { ok: false, items };
  }
}
