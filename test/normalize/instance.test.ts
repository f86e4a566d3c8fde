import { describe, expect, it } from 'vitest';
import {
  type BackupRun,
  BackupRunSchema,
  type CoveStatisticsRow,
  type DBackupExecutionInput,
  type NormalizeInput,
  normalizeRun,
} from '../../src/normalize';
import { dbackupBody, fixture, jsonSchema, validateJsonSchema } from './helpers';

const history = dbackupBody<{ executions: DBackupExecutionInput[] }>('history-200-final').executions;
const coveRow = fixture<{ sdkRows: CoveStatisticsRow[] }>('normalize/cove-statistics-rows.json').sdkRows[0]!;
const integrityCheck = history[0]!;

const valid = (run: BackupRun): BackupRun => {
  expect(BackupRunSchema.parse(run)).toEqual(run);
  expect(validateJsonSchema(JSON.parse(JSON.stringify(run)), jsonSchema)).toEqual([]);
  return run;
};

describe('NormalizeOptions.instance', () => {
  it('is absent unless given', () => {
    expect(normalizeRun({ source: 'dbackup', execution: integrityCheck })).not.toHaveProperty('instance');
  });

  it('tells apart the same task job on two DBackup servers, without changing id or job.id', () => {
    const input: NormalizeInput = { source: 'dbackup', execution: integrityCheck };
    const plain = normalizeRun(input);
    const eu = valid(normalizeRun(input, { instance: 'https://dbackup-eu.example.com' }));
    const us = valid(normalizeRun(input, { instance: 'dbackup-us' }));
    expect(eu.job.id).toBe('task:IntegrityCheck');
    expect(us.job.id).toBe(eu.job.id);
    expect([eu.instance, us.instance]).toEqual(['https://dbackup-eu.example.com', 'dbackup-us']);
    // Run ids are execution UUIDs, unique across servers: the instance is not part of them, so
    // adding an instance later never re-keys runs that were already stored.
    expect(eu.id).toBe(plain.id);
    expect(eu.externalId).toBe(plain.externalId);
    const { instance: _, ...rest } = eu;
    expect(rest).toEqual(plain);
  });

  it('keeps schema key order (instance right after software)', () => {
    const run = normalizeRun({ source: 'dbackup', execution: history[1]! }, { instance: 'eu' });
    expect(Object.keys(run).slice(0, 6)).toEqual([
      'id',
      'source',
      'externalId',
      'software',
      'instance',
      'job',
    ]);
  });

  it('applies to Cove too', () => {
    const run = valid(normalizeRun({ source: 'cove', statistics: coveRow }, { instance: 'cove-tenant-a' }));
    expect(run.instance).toBe('cove-tenant-a');
    expect(run.id).toBe(normalizeRun({ source: 'cove', statistics: coveRow }).id);
  });

  it.each([[''], ['   '], [42], [null], [{}]])('rejects %j with NormalizeError', (instance) => {
    expect(() =>
      normalizeRun({ source: 'dbackup', execution: integrityCheck }, { instance: instance as never }),
    ).toThrow(expect.objectContaining({ name: 'NormalizeError', field: 'options.instance' }));
  });
});

describe('trigger', () => {
  const base = { id: 'e', jobId: 'j', status: 'Success' };

  it.each([
    [
      { triggerType: 'Scheduler', triggerLabel: 'Scheduler' },
      { type: 'Scheduler', label: 'Scheduler' },
    ],
    [
      { triggerType: 'Manual', triggerLabel: 'Jane Admin' },
      { type: 'Manual', label: 'Jane Admin' },
    ],
    [{ triggerType: 'Api', triggerLabel: null }, { type: 'Api' }],
    [
      { triggerType: 'unknown', triggerTypeText: 'Webhook', triggerLabel: 'hook' },
      { type: 'Webhook', label: 'hook' },
    ],
    [{ triggerType: null, triggerLabel: 'x' }, undefined],
    [{ triggerType: ' ', triggerLabel: 'x' }, undefined],
    [{ triggerType: 5, triggerLabel: ['x'] }, undefined],
    [{ triggerType: 'Api', triggerLabel: 7 }, { type: 'Api' }],
    [{}, undefined],
  ])('%j → %j', (fields, trigger) => {
    const run = valid(normalizeRun({ source: 'dbackup', execution: { ...base, ...fields } as never }));
    expect(run.trigger).toEqual(trigger);
    if (trigger === undefined) expect(run).not.toHaveProperty('trigger');
  });
});
