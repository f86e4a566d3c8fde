import { describe, expect, it } from 'vitest';
import type { CoveClient } from '../../src/cove';
import type { DBackupClient } from '../../src/dbackup';
import type { CoveStatisticsClient, DBackupRunsClient } from '../../src/runs';

// Compile-time checks (run by `tsc --noEmit`): the SDK's clients satisfy the feed's structural
// interfaces, so `collectRuns({ cove: { client: coveClient, … }, dbackup: { client } })` type-checks.
const asCoveSource = (client: CoveClient): CoveStatisticsClient => client;
const asDBackupSource = (client: DBackupClient): DBackupRunsClient => client;

describe('feed client interfaces', () => {
  it('accept the SDK clients (checked by tsc)', () => {
    expect(typeof asCoveSource).toBe('function');
    expect(typeof asDBackupSource).toBe('function');
  });
});
