import { describe, expect, it } from 'vitest';
import { dbackupExecutionResponseSchema } from '../../src/dbackup/schemas/execution';
import { dbackupHistoryResponseSchema } from '../../src/dbackup/schemas/history';
import { normalizeRun } from '../../src/normalize';
import { dbackupBody, fixture } from './helpers';

// The DBackup client parses bodies leniently (status → 'unknown' + statusText, metadata JSON →
// object, …). Normalizing its parsed shape must give exactly the run the raw body gives.
describe("DBackup client's parsed shapes normalize like the raw bodies", () => {
  it('history items', () => {
    const raw = dbackupBody<{ executions: unknown[] }>('history-200-final');
    const finalItem = fixture<{ historyItem: unknown }>('normalize/dbackup-final-metadata.json').historyItem;
    const body = { ...raw, executions: [...raw.executions, finalItem] };
    const parsed = dbackupHistoryResponseSchema.parse(body).executions;
    expect(parsed.map((execution) => normalizeRun({ source: 'dbackup', execution }))).toEqual(
      body.executions.map((execution) => normalizeRun({ source: 'dbackup', execution: execution as never })),
    );
  });

  it.each([
    'executions-get-success-logs',
    'executions-get-partial-logs',
    'executions-get-failed-logs',
    'executions-get-running',
    'executions-get-pending',
    'executions-get-cancelled-running-logs',
    'executions-get-system-task-logs',
  ])('%s', (name) => {
    const body = dbackupBody(name);
    const parsed = dbackupExecutionResponseSchema.parse(body).data;
    expect(normalizeRun({ source: 'dbackup', execution: parsed as never })).toEqual(
      normalizeRun({ source: 'dbackup', execution: body as never }),
    );
  });

  it('an unlisted status or type keeps the vendor word (statusText / typeText)', () => {
    const item = {
      id: 'e1',
      jobId: null,
      type: 'Snapshot',
      status: 'Archived',
      startedAt: '2026-01-01T00:00:00Z',
    };
    const [parsed] = dbackupHistoryResponseSchema.parse({ executions: [item] }).executions;
    expect(parsed).toMatchObject({
      status: 'unknown',
      statusText: 'Archived',
      type: 'unknown',
      typeText: 'Snapshot',
    });
    expect(normalizeRun({ source: 'dbackup', execution: parsed! })).toMatchObject({
      status: 'unknown',
      vendorStatus: 'Archived',
      job: { id: 'task:Snapshot', name: 'Snapshot', type: 'Snapshot' },
    });
  });
});
