/**
 * The Cove part of {@link collectRuns}: device statistics, one run per device's last session.
 *
 * @module
 */
import { ResponseValidationError } from '../core/errors';
import type { RejectedRecord } from '../cove';
import type { Candidate, CollectRunsInput, CoveFeedSource, RunFeedError } from './feed-types';
import { describe, tryNormalize } from './normalize-record';
import { DEFAULT_COVE_FEED_COLUMNS, DEFAULT_COVE_PAGE_SIZE } from './sources';

/** Reads every device's statistics row and normalizes it; a failure ends the walk and is reported. */
export async function fetchCove(
  feed: CoveFeedSource,
  input: CollectRunsInput,
  errors: RunFeedError[],
): Promise<{ ok: boolean; items: Candidate[] }> {
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

/** A statistics row the client could not read: reported, while the other rows are delivered. */
export function rejectedRowError(row: RejectedRecord): RunFeedError {
  const which = `statistics row ${row.index}${row.id === undefined ? '' : ` (AccountId ${row.id})`}`;
  return {
    source: 'cove',
    stage: 'normalize',
    message: `Cove ${which} skipped: ${row.reason}`,
    error: new ResponseValidationError(
      `Cove sent a ${which} the SDK cannot read: ${row.reason}. The other rows were delivered.`,
      { path: `result[${row.index}]`, issues: row.issues, excerpt: '' },
    ),
    ...(row.id === undefined ? {} : { recordId: String(row.id) }),
  };
}
