/**
 * Issue 10, "Faults at scale": every public method given a wrong-typed argument throws `ConfigError`
 * and sends nothing. A property over every argument slot of both clients (ids, names, inputs,
 * queries, column lists), at `FC_NUM_RUNS` cases (10,000 unless set), with values of every wrong
 * type: numbers where strings go and strings where numbers go, bigints, fractions, negatives,
 * `NaN`, empty and dot-segment strings, `null`, arrays and objects.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import { recordRequests } from '../support/unsent';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 10_000);
const { sent, clients, settle } = recordRequests();
const ID = '00000000-0000-4000-8000-000000000001';

type Clients = ReturnType<typeof clients>;
/** What an argument slot takes, which decides what is wrong for it. */
type Kind = 'text' | 'segment' | 'id' | 'object' | 'optionalObject' | 'columns';
type Slot = [kind: Kind, call: (c: Clients, bad: never) => unknown];

/** Every argument slot of every public method (options slots are covered in arguments.test.ts). */
const SLOTS: Record<string, Slot> = {
  'jobs.update id': ['segment', ({ dbackup }, bad) => dbackup.jobs.update(bad, {})],
  'jobs.update input': ['object', ({ dbackup }, bad) => dbackup.jobs.update(ID, bad)],
  'jobs.create input': ['object', ({ dbackup }, bad) => dbackup.jobs.create(bad)],
  'jobs.delete id': ['segment', ({ dbackup }, bad) => dbackup.jobs.delete(bad)],
  'jobs.run id': ['segment', ({ dbackup }, bad) => dbackup.jobs.run(bad)],
  'jobs.runAndWait id': ['segment', ({ dbackup }, bad) => dbackup.jobs.runAndWait(bad)],
  'executions.get id': ['segment', ({ dbackup }, bad) => dbackup.executions.get(bad)],
  'executions.cancel id': ['segment', ({ dbackup }, bad) => dbackup.executions.cancel(bad)],
  'executions.waitFor id': ['segment', ({ dbackup }, bad) => dbackup.executions.waitFor(bad)],
  'history.runs.get id': ['segment', ({ dbackup }, bad) => dbackup.history.runs.get(bad)],
  'history.runs.getRow id': ['segment', ({ dbackup }, bad) => dbackup.history.runs.getRow(bad)],
  'adapters.create input': ['object', ({ dbackup }, bad) => dbackup.adapters.create(bad)],
  'adapters.update id': ['segment', ({ dbackup }, bad) => dbackup.adapters.update(bad, {} as never)],
  'adapters.delete id': ['segment', ({ dbackup }, bad) => dbackup.adapters.delete(bad)],
  'adapters.testConnection input': ['object', ({ dbackup }, bad) => dbackup.adapters.testConnection(bad)],
  'adapters.accessCheck input': ['object', ({ dbackup }, bad) => dbackup.adapters.accessCheck(bad)],
  'adapters.databaseStats input': ['object', ({ dbackup }, bad) => dbackup.adapters.databaseStats(bad)],
  'adapters.healthHistory id': ['segment', ({ dbackup }, bad) => dbackup.adapters.healthHistory(bad)],
  'storage.listFiles storageId': ['segment', ({ dbackup }, bad) => dbackup.storage.listFiles(bad)],
  'storage.deleteFile storageId': [
    'segment',
    ({ dbackup }, bad) => dbackup.storage.deleteFile(bad, 'f.sql' as never),
  ],
  'storage.download storageId': ['segment', ({ dbackup }, bad) => dbackup.storage.download(bad, 'f.sql')],
  'storage.download file': ['text', ({ dbackup }, bad) => dbackup.storage.download(ID, bad)],
  'storage.createDownloadUrl file': [
    'text',
    ({ dbackup }, bad) => dbackup.storage.createDownloadUrl(ID, bad as never),
  ],
  'storage.analyze file': ['text', ({ dbackup }, bad) => dbackup.storage.analyze(ID, bad as never)],
  'storage.restore input': ['object', ({ dbackup }, bad) => dbackup.storage.restore(ID, bad)],
  'storage.history storageId': ['segment', ({ dbackup }, bad) => dbackup.storage.history(bad)],
  'storage.publicDownload token': ['text', ({ dbackup }, bad) => dbackup.storage.publicDownload(bad)],
  'settings.runSystemTask taskId': ['text', ({ dbackup }, bad) => dbackup.settings.runSystemTask(bad)],
  'settings.updateSystemTask input': ['object', ({ dbackup }, bad) => dbackup.settings.updateSystemTask(bad)],
  'cove.getPartnerInfo name': ['text', ({ cove }, bad) => cove.getPartnerInfo(bad)],
  'cove.getPartnerInfoById id': ['id', ({ cove }, bad) => cove.getPartnerInfoById(bad)],
  'cove.enumeratePartners query': ['optionalObject', ({ cove }, bad) => cove.enumeratePartners(bad)],
  'cove.enumerateAccounts partnerId': ['id', ({ cove }, bad) => cove.enumerateAccounts(bad)],
  'cove.getAccountInfoById accountId': ['id', ({ cove }, bad) => cove.getAccountInfoById(bad)],
  'cove.enumerateColumns partnerId': ['id', ({ cove }, bad) => cove.enumerateColumns(bad)],
  'cove.enumerateAccountStatistics query': [
    'object',
    ({ cove }, bad) => cove.enumerateAccountStatistics(bad),
  ],
  'cove.enumerateAccountStatistics partnerId': [
    'id',
    ({ cove }, bad) => cove.enumerateAccountStatistics({ partnerId: bad, columns: ['I1'] }),
  ],
  'cove.enumerateAccountStatistics columns': [
    'columns',
    ({ cove }, bad) => cove.enumerateAccountStatistics({ partnerId: 1, columns: bad }),
  ],
  'cove.enumerateAccountHistoryStatistics query': [
    'object',
    ({ cove }, bad) => cove.enumerateAccountHistoryStatistics(bad),
  ],
  'cove.iterateAccountStatistics query': ['object', ({ cove }, bad) => cove.iterateAccountStatistics(bad)],
  'cove.probeColumns columns': ['columns', ({ cove }, bad) => cove.probeColumns(bad, { partnerId: 1 })],
  'cove.probeColumns partnerId': ['id', ({ cove }, bad) => cove.probeColumns(['I1'], { partnerId: bad })],
  'cove.sessions deviceId': ['id', ({ cove }, bad) => cove.sessions(bad)],
  'cove.sessionErrors deviceId': ['id', ({ cove }, bad) => cove.sessionErrors(bad, 1)],
  'cove.sessionErrors sessionId': ['id', ({ cove }, bad) => cove.sessionErrors(1, bad)],
  'cove.call method': ['text', ({ cove }, bad) => cove.call(bad, {})],
};

const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.bigInt(),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
);
const blank = fc.constantFrom('', ' ', '\t\n');
/** Wrong values for each kind of slot. */
const WRONG: Record<Kind, fc.Arbitrary<unknown>> = {
  text: fc.oneof(junk, fc.integer(), fc.double(), blank),
  segment: fc.oneof(junk, fc.integer(), fc.double(), blank, fc.constantFrom('.', '..')),
  id: fc.oneof(
    junk,
    fc.integer({ max: -1 }),
    fc.double().filter((n) => !Number.isSafeInteger(n)),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53),
    fc.nat().map(String),
    fc.string(),
  ),
  object: fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.bigInt(),
    fc.integer(),
    fc.string(),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
  ),
  optionalObject: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.bigInt(),
    fc.integer(),
    fc.string(),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
  ),
  columns: fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.integer(),
    fc.string(),
    fc.constant([]),
    fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.constant({}), blank), {
      minLength: 1,
      maxLength: 3,
    }),
  ),
};

/** Calls `run` (which may throw, reject, or return an async iterable) and returns what it failed with. */
async function failureOf(run: () => unknown): Promise<unknown> {
  try {
    const result = await run();
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
      for await (const _ of result as AsyncIterable<unknown>) break;
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('wrong-typed arguments → ConfigError, nothing sent (property over every slot)', () => {
  it(`${Object.keys(SLOTS).length} argument slots of both clients, ${RUNS} cases`, async () => {
    const c = clients();
    const slot = fc.constantFrom(...Object.keys(SLOTS)).chain((name) => {
      const [kind] = SLOTS[name] as Slot;
      return fc.tuple(fc.constant(name), WRONG[kind]);
    });
    await fc.assert(
      fc.asyncProperty(slot, async ([name, bad]) => {
        const [, call] = SLOTS[name] as Slot;
        sent.length = 0;
        const failure = await failureOf(() => call(c, bad as never));
        if (!(failure instanceof ConfigError)) {
          throw new Error(
            `${name} with ${fc.stringify(bad)} gave ${fc.stringify(failure)} instead of a ConfigError`,
          );
        }
        await settle();
        if (sent.length > 0) throw new Error(`${name} with ${fc.stringify(bad)} sent ${sent.join(', ')}`);
      }),
      { numRuns: RUNS },
    );
  });
});
