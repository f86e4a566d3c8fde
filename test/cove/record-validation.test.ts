import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/core/errors';
import { collectRuns } from '../../src/runs';
import { coveServer } from './harness';

// "One bad record never costs the rest": shapes other projects recorded from real Cove tenants
// used to reject a whole Login, page or list. Each record is now read on its own.
const { server, use } = coveServer();

type Rpc = { method: string; params: Record<string, unknown> };

/** Answers `method` with `result` (the outer `result` object) for the next `times` calls. */
function answer(endpoint: string, method: string, result: (params: Record<string, unknown>) => unknown) {
  server.use(
    http.post(endpoint, async ({ request }) => {
      const body = (await request.clone().json()) as Rpc;
      if (body.method !== method) return undefined;
      return HttpResponse.json({ jsonrpc: '2.0', id: '1', result: result(body.params), visa: '1-2-3-4-abc' });
    }),
  );
}

const good = (id: number, name: string) => ({
  AccountId: id,
  PartnerId: 33491,
  Flags: null,
  Settings: [{ I1: name }, { D09F00: '5' }, { D09F15: '1764547200' }],
});

describe('Login', () => {
  it('accepts a result without Name or Id, and keeps the fields that are there', async () => {
    const { client, mock } = use();
    answer(mock.endpoint, 'Login', () => ({ result: { PartnerId: 33491, Flags: null, Title: 'Ops' } }));
    const login = await client.login();
    expect(login).toEqual({
      partnerId: 33491,
      flags: [],
      user: { PartnerId: 33491, Flags: [], Title: 'Ops' },
    });
  });

  it('keeps a field it does not rely on out of the way when its type is off, instead of failing', async () => {
    const { client, mock } = use();
    answer(mock.endpoint, 'Login', () => ({
      result: { PartnerId: '33491', Id: 'n/a', Name: 7, Password: null },
    }));
    const login = await client.login();
    expect(login.partnerId).toBe(33491);
    expect(login.user).toEqual({ PartnerId: 33491, Flags: [] });
  });

  it('still fails, naming the field, without PartnerId (every call needs it)', async () => {
    const { client, mock } = use();
    answer(mock.endpoint, 'Login', () => ({ result: { Name: 'api-user', Flags: [] } }));
    const error = await client.login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).path).toBe('result.PartnerId');
  });
});

describe('statistics rows', () => {
  const page = [
    good(1001, 'alpha'),
    { ...good(1002, 'no-partner'), PartnerId: undefined },
    { ...good(1003, 'null-id'), AccountId: null },
    { ...good(1004, 'settings-text'), Settings: 'I1=settings-text' },
    good(1005, 'omega'),
  ];

  it('keeps every good row and reports each bad one with its record number and why', async () => {
    const { client, mock } = use();
    const { partnerId } = await client.login();
    answer(mock.endpoint, 'EnumerateAccountStatistics', () => ({ result: page, totalStatistics: null }));
    const reported: unknown[] = [];
    const result = await client.enumerateAccountStatistics(
      { partnerId, columns: ['I1', 'D09F00', 'D09F15'], startRecordNumber: 40 },
      { onRejected: (row) => reported.push(row) },
    );
    expect(result.rows.map((row) => [row.accountId, row.partnerId, row.values.I1])).toEqual([
      [1001, 33491, 'alpha'],
      // PartnerId is not needed to read a row: kept, with the owner unknown.
      [1002, null, 'no-partner'],
      [1005, 33491, 'omega'],
    ]);
    expect(result.rejected).toEqual([
      {
        index: 42,
        reason: expect.stringMatching(/^AccountId: /),
        issues: [expect.stringMatching(/^AccountId: /)],
      },
      {
        index: 43,
        id: 1004,
        reason: 'Settings: expected an array of {column: value} objects',
        issues: ['Settings: expected an array of {column: value} objects'],
      },
    ]);
    expect(reported).toEqual(result.rejected);
    expect(result.serverRowCount).toBe(5);
  });

  it('paging goes on past a page with bad rows, reporting their record numbers in the whole set', async () => {
    const { client, mock } = use();
    const { partnerId } = await client.login();
    answer(mock.endpoint, 'EnumerateAccountStatistics', (params) => {
      const start = (params.query as { StartRecordNumber: number }).StartRecordNumber;
      const rows = start === 0 ? page.slice(0, 3) : start === 3 ? page.slice(3) : [];
      return { result: rows, totalStatistics: null };
    });
    const reported: number[] = [];
    const ids: number[] = [];
    for await (const row of client.iterateAccountStatistics(
      { partnerId, columns: ['I1'], pageSize: 3 },
      { onRejected: (row) => reported.push(row.index) },
    )) {
      ids.push(row.accountId);
    }
    expect(ids).toEqual([1001, 1002, 1005]);
    expect(reported).toEqual([2, 3]);
  });

  it('collectRuns delivers the good rows and names each bad one in its errors', async () => {
    const { client, mock } = use();
    const { partnerId } = await client.login();
    answer(mock.endpoint, 'EnumerateAccountStatistics', () => ({ result: page, totalStatistics: null }));
    const { runs, errors } = await collectRuns({ cove: { client, partnerId } });
    expect(runs.map((run) => run.job.name)).toEqual(['alpha', 'no-partner', 'omega']);
    expect(runs[1]?.customer).toBeUndefined();
    expect(errors.map(({ stage, message, recordId }) => ({ stage, message, recordId }))).toEqual([
      {
        stage: 'normalize',
        message: expect.stringMatching(/^Cove statistics row 2 skipped: AccountId: /),
        recordId: undefined,
      },
      {
        stage: 'normalize',
        message:
          'Cove statistics row 3 (AccountId 1004) skipped: Settings: expected an array of {column: value} objects',
        recordId: '1004',
      },
    ]);
    expect(errors[0]?.error).toBeInstanceOf(ResponseValidationError);
    expect((errors[1]?.error as ResponseValidationError | undefined)?.path).toBe('result[3]');
  });
});

describe('partners and devices', () => {
  it('a partner with ExternalCode: null is kept; one without a usable Id is reported', async () => {
    const { client, mock } = use();
    await client.login();
    answer(mock.endpoint, 'EnumeratePartners', () => ({
      result: [
        { Id: 10, Name: 'Acme', ExternalCode: null, Level: 'EndCustomer' },
        { Name: 'No id', ExternalCode: 'X' },
        { Id: '12', Name: 'Beta', CreationTime: 'soon', Company: 'n/a' },
      ],
    }));
    const partners = await client.enumeratePartners();
    expect([...partners]).toEqual([
      { Id: 10, Name: 'Acme', ExternalCode: null, Level: 'EndCustomer' },
      { Id: 12, Name: 'Beta' },
    ]);
    expect(partners.rejected).toEqual([
      { index: 1, reason: expect.stringMatching(/^Id: /), issues: [expect.stringMatching(/^Id: /)] },
    ]);
    expect(JSON.parse(JSON.stringify(partners))).toHaveLength(2);
  });

  it('a device without an Id is reported; the others keep their secrets stripped', async () => {
    const { client, mock } = use();
    await client.login();
    answer(mock.endpoint, 'EnumerateAccounts', () => ({
      result: [
        { Id: 7, Name: 'srv-1', PartnerId: 10, Password: 'pw-secret', Token: 'tok-secret', NameAlias: null },
        { Id: null, Name: 'broken', Password: 'pw-2', Token: 'tok-2' },
      ],
    }));
    const devices = await client.enumerateAccounts(10);
    expect([...devices]).toEqual([{ Id: 7, Name: 'srv-1', PartnerId: 10, NameAlias: null }]);
    expect(devices.rejected).toHaveLength(1);
    expect(devices.rejected[0]).toMatchObject({ index: 1 });
    expect(JSON.stringify(devices.rejected)).not.toMatch(/pw-2|tok-2/);
  });
});
