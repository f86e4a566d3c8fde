/**
 * Wrong-typed arguments (issue 10, defect 10) give `ConfigError` before any request, across every
 * public method of both clients and `collectRuns`: `null` options, `undefined` queries, numbers or
 * bigints where strings are expected and the reverse, fractional `timeoutMs`, a `signal` that is
 * not an `AbortSignal`, and option type confusion in the constructors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import { CoveClient } from '../../src/cove';
import { DBackupClient } from '../../src/dbackup';
import { collectRuns } from '../../src/runs';
import { UNSENT_KEY as KEY, recordRequests } from '../support/unsent';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 10_000);
const { sent, clients, settle } = recordRequests();
const ID = '00000000-0000-4000-8000-000000000001';

type Call = (args: ReturnType<typeof clients>, bad: unknown) => unknown;

/** Every public method with a slot where `bad` (a wrong-typed options value) goes. */
const OPTION_SLOTS: Record<string, Call> = {
  'dbackup.health': ({ dbackup }, bad) => dbackup.health(bad as never),
  'jobs.list': ({ dbackup }, bad) => dbackup.jobs.list(bad as never),
  'jobs.run': ({ dbackup }, bad) => dbackup.jobs.run(ID, bad as never),
  'jobs.runAndWait': ({ dbackup }, bad) => dbackup.jobs.runAndWait(ID, bad as never),
  'jobs.delete': ({ dbackup }, bad) => dbackup.jobs.delete(ID, bad as never),
  'jobs.update': ({ dbackup }, bad) => dbackup.jobs.update(ID, {}, bad as never),
  'executions.get': ({ dbackup }, bad) => dbackup.executions.get(ID, bad as never),
  'executions.cancel': ({ dbackup }, bad) => dbackup.executions.cancel(ID, bad as never),
  'executions.waitFor': ({ dbackup }, bad) => dbackup.executions.waitFor(ID, bad as never),
  'history.list': ({ dbackup }, bad) => dbackup.history.list(bad as never),
  'adapters.list': ({ dbackup }, bad) => dbackup.adapters.list('database', bad as never),
  'storage.listFiles': ({ dbackup }, bad) => dbackup.storage.listFiles(ID, bad as never),
  'storage.download': ({ dbackup }, bad) => dbackup.storage.download(ID, 'f.sql', bad as never),
  'storage.history': ({ dbackup }, bad) => dbackup.storage.history(ID, bad as never),
  'storage.publicDownload': ({ dbackup }, bad) =>
    dbackup.storage.publicDownload('tok-12345678', bad as never),
  'settings.listSystemTasks': ({ dbackup }, bad) => dbackup.settings.listSystemTasks(bad as never),
  'cove.login': ({ cove }, bad) => cove.login(bad as never),
  'cove.getServerInfo': ({ cove }, bad) => cove.getServerInfo(bad as never),
  'cove.getPartnerInfo': ({ cove }, bad) => cove.getPartnerInfo('Acme', bad as never),
  'cove.getPartnerInfoById': ({ cove }, bad) => cove.getPartnerInfoById(1, bad as never),
  'cove.enumeratePartners': ({ cove }, bad) => cove.enumeratePartners({}, bad as never),
  'cove.enumerateAccounts': ({ cove }, bad) => cove.enumerateAccounts(1, bad as never),
  'cove.getAccountInfoById': ({ cove }, bad) => cove.getAccountInfoById(1, bad as never),
  'cove.enumerateColumns': ({ cove }, bad) => cove.enumerateColumns(1, bad as never),
  'cove.enumerateAccountStatistics': ({ cove }, bad) =>
    cove.enumerateAccountStatistics({ partnerId: 1, columns: ['I1'] }, bad as never),
  'cove.call': ({ cove }, bad) => cove.call('GetServerInfo', {}, bad as never),
  'dbackup.detectVersion': ({ dbackup }, bad) => dbackup.detectVersion(bad as never),
  'dashboard.stats': ({ dbackup }, bad) => dbackup.dashboard.stats(bad as never),
  'notificationLogs.list': ({ dbackup }, bad) => dbackup.notificationLogs.list(bad as never),
  'history.runs.list': ({ dbackup }, bad) => dbackup.history.runs.list(bad as never),
  'history.runs.get': ({ dbackup }, bad) => dbackup.history.runs.get(ID, bad as never),
  'history.runs.getRow': ({ dbackup }, bad) => dbackup.history.runs.getRow(ID, bad as never),
  'jobs.create': ({ dbackup }, bad) => dbackup.jobs.create({} as never, bad as never),
  'adapters.create': ({ dbackup }, bad) => dbackup.adapters.create({} as never, bad as never),
  'adapters.update': ({ dbackup }, bad) => dbackup.adapters.update(ID, {} as never, bad as never),
  'adapters.delete': ({ dbackup }, bad) => dbackup.adapters.delete(ID, bad as never),
  'adapters.healthHistory': ({ dbackup }, bad) => dbackup.adapters.healthHistory(ID, bad as never),
  'storage.deleteFile': ({ dbackup }, bad) => dbackup.storage.deleteFile(ID, 'f.sql' as never, bad as never),
  'storage.createDownloadUrl': ({ dbackup }, bad) =>
    dbackup.storage.createDownloadUrl(ID, 'f.sql' as never, bad as never),
  'storage.analyze': ({ dbackup }, bad) => dbackup.storage.analyze(ID, 'f.sql' as never, bad as never),
  'settings.runSystemTask': ({ dbackup }, bad) => dbackup.settings.runSystemTask('task', bad as never),
  'cove.enumerateAccountHistoryStatistics': ({ cove }, bad) =>
    cove.enumerateAccountHistoryStatistics({ partnerId: 1, columns: ['I1'] } as never, bad as never),
  'cove.probeColumns': ({ cove }, bad) => cove.probeColumns(['I1'], bad as never),
  'cove.checkAccess': ({ cove }, bad) => cove.checkAccess(bad as never),
  'cove.sessionErrors': ({ cove }, bad) => cove.sessionErrors(1, 1, bad as never),
};

/** Wrong-typed options values, each for a stated reason. */
const BAD_OPTIONS: [string, unknown][] = [
  ['null options', null],
  ['a number as options', 42],
  ['a string as options', 'fast'],
  ['fractional timeoutMs', { timeoutMs: 1.5 }],
  ['string timeoutMs', { timeoutMs: '1000' }],
  ['zero timeoutMs', { timeoutMs: 0 }],
  ['a non-AbortSignal signal', { signal: { aborted: false } }],
  ['an AbortController as signal', { signal: new AbortController() }],
  ['string maxResponseBytes', { maxResponseBytes: '1000' }],
];

async function expectConfigError(run: () => unknown) {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  expect(result).toBeInstanceOf(ConfigError);
  expect(sent).toEqual([]);
}

describe('wrong-typed per-call options → ConfigError, nothing sent', () => {
  for (const [why, bad] of BAD_OPTIONS) {
    it(`${why}, on every method`, async () => {
      const c = clients();
      for (const [name, call] of Object.entries(OPTION_SLOTS)) {
        await expectConfigError(() => call(c, bad)).catch((error: unknown) => {
          throw new Error(`${name} with ${why}: ${(error as Error).message}`);
        });
      }
    });
  }

  it('property: any non-object options value is refused by every method', async () => {
    const c = clients();
    const names = Object.keys(OPTION_SLOTS);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.oneof(
          fc.constant(null),
          fc.integer(),
          fc.double(),
          fc.string(),
          fc.boolean(),
          fc.bigInt(),
          fc.array(fc.anything()),
        ),
        async (name, bad) => {
          sent.length = 0;
          await expectConfigError(() => OPTION_SLOTS[name]?.(c, bad)).catch((error: unknown) => {
            throw new Error(`${name} with ${fc.stringify(bad)}: ${(error as Error).message}`);
          });
          await settle();
          expect(sent).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('wrong-typed ids and queries → ConfigError, nothing sent', () => {
  const cases: [string, Call][] = [
    ['numeric DBackup id', ({ dbackup }) => dbackup.executions.get(12345 as never)],
    ['bigint DBackup id', ({ dbackup }) => dbackup.jobs.run(12345n as never)],
    ['numeric file name', ({ dbackup }) => dbackup.storage.download(ID, 7 as never)],
    ['string Cove id', ({ cove }) => cove.enumerateAccounts('12345' as never)],
    ['bigint Cove id', ({ cove }) => cove.getAccountInfoById(5n as never)],
    ['fractional Cove id', ({ cove }) => cove.getPartnerInfoById(1.5)],
    [
      'enumeratePartners(12345): a bare id is not silently ignored',
      ({ cove }) => cove.enumeratePartners(12345 as never),
    ],
    ['enumeratePartners(null)', ({ cove }) => cove.enumeratePartners(null as never)],
    [
      'enumeratePartners with a string parent id',
      ({ cove }) => cove.enumeratePartners({ parentPartnerId: '1' as never }),
    ],
    ['undefined statistics query', ({ cove }) => cove.enumerateAccountStatistics(undefined as never)],
    ['undefined paging query', ({ cove }) => cove.iterateAccountStatistics(undefined as never)],
    ['null paging query', ({ cove }) => cove.iterateAccountStatistics(null as never)],
    ['undefined history query', ({ cove }) => cove.enumerateAccountHistoryStatistics(undefined as never)],
    ['probeColumns without options', ({ cove }) => cove.probeColumns(['I1'], undefined as never)],
    [
      'runAndWait with fractional timeoutMs (before the run is queued)',
      ({ dbackup }) => dbackup.jobs.runAndWait(ID, { timeoutMs: 1000.5 }),
    ],
    [
      'runAndWait with a fake signal',
      ({ dbackup }) => dbackup.jobs.runAndWait(ID, { signal: 'stop' as never }),
    ],
    ['jobs.create with null input', ({ dbackup }) => dbackup.jobs.create(null as never)],
    [
      'storage.restore with undefined input',
      ({ dbackup }) => dbackup.storage.restore(ID, undefined as never),
    ],
  ];
  for (const [why, call] of cases) {
    it(why, async () => {
      const c = clients();
      await expectConfigError(() => call(c, undefined));
    });
  }
});

describe('collectRuns refuses what is not an input object', () => {
  for (const [why, input] of [
    ['nothing', undefined],
    ['a number', 42],
    ['null', null],
    ['a string', 'cove'],
    ['a number as cove source', { cove: 42 }],
    ['null as dbackup source', { dbackup: null }],
  ] as [string, unknown][]) {
    it(why, async () => {
      clients();
      await expectConfigError(() => collectRuns(input as never));
    });
  }
});

describe('option type confusion in the constructors', () => {
  const base = { apiKey: KEY };
  it('allowInsecureHttp must be a boolean: "false" does not allow plain http', () => {
    expect(
      () =>
        new DBackupClient({
          ...base,
          baseUrl: 'http://backup.example.com',
          allowInsecureHttp: 'false' as never,
        }),
    ).toThrow(ConfigError);
    expect(
      () =>
        new CoveClient({
          partner: 'p',
          username: 'u',
          password: 'password-1',
          endpoint: 'http://cove.example.com/jsonapi',
          allowInsecureHttp: 'false' as never,
        }),
    ).toThrow(ConfigError);
    expect(
      () => new DBackupClient({ ...base, baseUrl: 'https://b.example.com', allowInsecureHttp: 1 as never }),
    ).toThrow(/allowInsecureHttp/);
  });

  it('rateLimit must be false or an object: "off" does not leave pacing on', () => {
    for (const bad of ['off', true, 0, null]) {
      expect(
        () => new DBackupClient({ ...base, baseUrl: 'https://b.example.com', rateLimit: bad as never }),
      ).toThrow(/rateLimit/);
    }
  });

  it('a base URL with a ?query or #fragment is refused, so the key never goes to the wrong URL', () => {
    for (const url of [
      'https://b.example.com/?x=1',
      'https://b.example.com/#frag',
      'https://b.example.com/?',
    ]) {
      expect(() => new DBackupClient({ ...base, baseUrl: url })).toThrow(/query or #fragment/);
      expect(
        () => new CoveClient({ partner: 'p', username: 'u', password: 'password-1', endpoint: `${url}` }),
      ).toThrow(ConfigError);
    }
  });

  it('headers must map names to strings; hooks must be an object', () => {
    const url = 'https://b.example.com';
    expect(() => new DBackupClient({ ...base, baseUrl: url, headers: { 'x-a': 1 } as never })).toThrow(
      /headers/,
    );
    expect(() => new DBackupClient({ ...base, baseUrl: url, headers: null as never })).toThrow(/headers/);
    expect(() => new DBackupClient({ ...base, baseUrl: url, hooks: 'log' as never })).toThrow(/hooks/);
  });
});
