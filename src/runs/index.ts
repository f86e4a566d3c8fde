/**
 * The checkpointed run feed: `collectRuns` and its checkpoint helpers.
 *
 * @module
 */
export {
  type CheckpointEntry,
  emptyCheckpoint,
  parseCheckpoint,
  type RunCheckpoint,
  type SessionCursor,
} from './checkpoint';
export {
  type CollectRunsInput,
  type CollectRunsResult,
  type CoveFeedSource,
  collectRuns,
  type DBackupFeedSource,
  DEFAULT_CHECKPOINT_HORIZON_MS,
  DEFAULT_CHECKPOINT_MAX_ENTRIES,
  DEFAULT_COVE_SESSIONS_CONCURRENCY,
  DEFAULT_DBACKUP_MAX_FOLLOW_UPS,
  type RunFeedError,
} from './collect-runs';
export {
  type CoveStatisticsCallOptions,
  type CoveStatisticsClient,
  type CoveStatisticsQuery,
  type DBackupRunsClient,
  DEFAULT_COVE_FEED_COLUMNS,
  DEFAULT_COVE_PAGE_SIZE,
  type FeedCallOptions,
} from './sources';
