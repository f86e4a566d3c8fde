import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackupRunSchema, NormalizeError, type NormalizeInput, normalizeRun } from '../../src/normalize';
import { deepFreeze, jsonSchema, validateJsonSchema } from './helpers';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 10_000);

// ---- valid Cove rows -------------------------------------------------------------------------

const digits = (max: number) => fc.integer({ min: 0, max }).map(String);
const text = fc.string({ minLength: 0, maxLength: 12 });
/** Each column under one of the spellings Cove accepts. */
const spellings: Record<string, readonly string[]> = {
  D09F00: ['D09F00', 'D9F00', 'D9F0', 'T0'],
  D09F15: ['D09F15', 'D9F15', 'TG'],
  D09F12: ['D09F12', 'D9F12', 'TA'],
  D09F05: ['D09F05', 'D9F5', 'T5'],
  D09F06: ['D09F06', 'D9F6', 'T7'],
  I1: ['I1', 'AN'],
  I8: ['I8', 'AR'],
  I18: ['I18', 'MN'],
  I78: ['I78', 'AP'],
  D01F00: ['D01F00', 'D1F0', 'F0'],
  D19F00: ['D19F00', 'G0'],
};
const columnValue: Record<string, fc.Arbitrary<string>> = {
  D09F00: fc.oneof(digits(14), fc.constant(''), text),
  D09F15: fc.oneof(digits(4_102_444_800), fc.constant('0'), fc.constant('')),
  D09F12: fc.oneof(digits(1_000_000), fc.constant('')),
  D09F05: digits(Number.MAX_SAFE_INTEGER),
  D09F06: digits(100_000),
  I1: text,
  I8: text,
  I18: text,
  I78: fc.oneof(fc.constantFrom('D01D02', 'D1,D2', 'D19D20D05', 'FSZ', '', 'D01', 'D10D14'), text),
  D01F00: digits(13),
  D19F00: digits(13),
};
const rawColumns = fc
  .subarray(Object.keys(spellings))
  .chain((codes) =>
    fc.tuple(...codes.map((code) => fc.tuple(fc.constantFrom(...spellings[code]!), columnValue[code]!))),
  )
  .map((pairs) => Object.fromEntries(pairs) as Record<string, string>);

const coveInput: fc.Arbitrary<NormalizeInput> = fc
  .record({
    accountId: fc.nat({ max: 2 ** 31 }),
    partnerId: fc.option(fc.nat({ max: 2 ** 31 }), { nil: undefined }),
    raw: rawColumns,
    api: fc.boolean(),
  })
  .map(({ accountId, partnerId, raw, api }) => ({
    source: 'cove' as const,
    statistics: api
      ? {
          AccountId: accountId,
          PartnerId: partnerId ?? null,
          Flags: null,
          Settings: Object.entries(raw).map(([k, v]) => ({ [k]: v })),
        }
      : { accountId, partnerId: partnerId ?? null, flags: null, values: {}, raw, missing: [] },
  }));

// ---- valid DBackup executions ------------------------------------------------------------------

const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const destination = fc.record(
  {
    configId: fc.uuid(),
    name: fc.string({ minLength: 1, maxLength: 10 }),
    adapterId: fc.constantFrom('local-filesystem', 's3-aws'),
    status: fc.constantFrom('success', 'failed', 'skipped', 'other'),
    error: fc.string(),
  },
  { requiredKeys: ['configId', 'status'] },
);
const metadata = fc.record(
  {
    destinations: fc.array(destination, { maxLength: 3 }),
    names: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    label: fc.string(),
    count: fc.nat(5),
    jobName: fc.string(),
    progress: fc.nat(100),
    stage: fc.string(),
  },
  { requiredKeys: [] },
);
const logEntry = fc.record({
  timestamp: isoDate,
  level: fc.constantFrom('info', 'success', 'warning', 'warn', 'error'),
  type: fc.constantFrom('general', 'command'),
  message: fc.string(),
});
const execution = fc.record(
  {
    id: fc.uuid(),
    jobId: fc.option(fc.uuid(), { nil: null }),
    jobName: fc.option(fc.string(), { nil: null }),
    job: fc.option(fc.record({ name: fc.string() }), { nil: null }),
    type: fc.constantFrom('Backup', 'Restore', 'System Restore', 'IntegrityCheck', 'Verification', 'New'),
    status: fc.oneof(
      fc.constantFrom('Success', 'Partial', 'Failed', 'Cancelled', 'Running', 'Pending'),
      fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
    ),
    statusText: fc.string(),
    startedAt: isoDate,
    endedAt: fc.option(isoDate, { nil: null }),
    duration: fc.nat(),
    size: fc.option(fc.nat(), { nil: null }),
    path: fc.option(fc.string(), { nil: null }),
    error: fc.option(fc.string(), { nil: null }),
    metadata: fc.oneof(
      metadata,
      metadata.map((m) => JSON.stringify(m)),
      fc.constant(null),
    ),
    logs: fc.array(logEntry, { maxLength: 4 }),
    triggerType: fc.constantFrom('Manual', 'Scheduler', 'Api'),
    triggerLabel: fc.option(fc.string(), { nil: null }),
  },
  { requiredKeys: ['id', 'status'] },
);
const dbackupInput: fc.Arbitrary<NormalizeInput> = execution.map((e) => ({
  source: 'dbackup' as const,
  execution: e,
}));

const validInput = fc.oneof(coveInput, dbackupInput);

describe('properties of normalizeRun', () => {
  it('valid input → output valid against zod and the JSON Schema, stable id, input untouched', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const snapshot = structuredClone(input);
        const frozen = deepFreeze(input);
        const first = normalizeRun(frozen);
        const second = normalizeRun(frozen);
        expect(BackupRunSchema.parse(first)).toEqual(first);
        expect(validateJsonSchema(JSON.parse(JSON.stringify(first)), jsonSchema)).toEqual([]);
        expect(second).toEqual(first);
        expect(first.id).toBe(`${first.source}:${first.externalId}`);
        expect(first.source).toBe(input.source);
        expect(input).toEqual(snapshot);
      }),
      { numRuns: RUNS },
    );
  });

  it('an instance is carried verbatim and changes neither id nor job', () => {
    const instance = fc.string({ minLength: 1 }).filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(validInput, instance, (input, name) => {
        const plain = normalizeRun(input);
        const named = normalizeRun(input, { instance: name });
        expect(BackupRunSchema.parse(named)).toEqual(named);
        expect(validateJsonSchema(JSON.parse(JSON.stringify(named)), jsonSchema)).toEqual([]);
        expect(named).toEqual({ ...plain, instance: name });
      }),
      { numRuns: RUNS },
    );
  });

  it('the id depends only on the run key, not on other fields', () => {
    fc.assert(
      fc.property(coveInput, digits(14), (input, status) => {
        const stats = (input as unknown as { statistics: Record<string, unknown> }).statistics;
        const other = structuredClone(stats);
        if ('raw' in other) (other.raw as Record<string, string>).I1 = `renamed-${status}`;
        else (other.Settings as Record<string, string>[]).push({ I8: `renamed-${status}` });
        const a = normalizeRun({ source: 'cove', statistics: stats as never });
        const b = normalizeRun({ source: 'cove', statistics: other as never });
        expect(b.id).toBe(a.id);
      }),
      { numRuns: RUNS },
    );
  });

  const onlyNormalizeErrors = (input: unknown) => {
    try {
      const run = normalizeRun(deepFreeze(input) as NormalizeInput);
      expect(BackupRunSchema.parse(run)).toEqual(run);
    } catch (error) {
      if (!(error instanceof NormalizeError)) throw error;
      expect(error.field).not.toBe('');
    }
  };

  it('arbitrary junk → NormalizeError (never TypeError)', () => {
    const junk = fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true });
    fc.assert(
      fc.property(
        fc.oneof(
          junk,
          junk.map((statistics) => ({ source: 'cove', statistics })),
          junk.map((execution) => ({ source: 'dbackup', execution })),
          junk.map((raw) => ({ source: 'cove', statistics: { accountId: 1, raw } })),
          junk.map((Settings) => ({ source: 'cove', statistics: { AccountId: 1, Settings } })),
          junk.map((metadata) => ({
            source: 'dbackup',
            execution: { id: 'e', status: 'Success', metadata },
          })),
          junk.map((logs) => ({ source: 'dbackup', execution: { id: 'e', status: 'Partial', logs } })),
        ),
        onlyNormalizeErrors,
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('valid input with one field replaced by junk → NormalizeError or a valid run', () => {
    fc.assert(
      fc.property(validInput, fc.anything(), fc.nat(), (input, junk, pick) => {
        const copy = structuredClone(input) as unknown as Record<string, Record<string, unknown>>;
        const record = copy.statistics ?? copy.execution!;
        const target = 'raw' in record ? (record.raw as Record<string, unknown>) : record;
        const keys = Object.keys(target);
        if (keys.length > 0) target[keys[pick % keys.length]!] = junk;
        onlyNormalizeErrors(copy);
      }),
      { numRuns: RUNS },
    );
  });
});
