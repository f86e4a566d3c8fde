import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors';
import {
  DBackupNotFoundError,
  DBackupPermissionError,
  DBackupServerError,
  DBackupUnsupportedError,
} from '../../src/dbackup';
import { DBACKUP_MOCK_IDS as IDS } from '../../src/testing/dbackup';
import { useDBackupMock } from './harness';

const setup = useDBackupMock();
const DAY = 86_400_000;

function paths(mock: { requests: ReadonlyArray<{ path: string; search: string }> }) {
  return mock.requests.map((r) => `${r.path}${r.search}`);
}

describe('history.list without filters', () => {
  it('sends exactly one plain GET /api/history on every version, as before', async () => {
    for (const version of ['3.2', '3.4'] as const) {
      const { mock, client } = setup({ mock: { version } });
      const page = await client.history.list();
      expect(page.executions).toHaveLength(8);
      expect(page.total).toBeUndefined();
      expect(paths(mock)).toEqual(['/api/history']);
      await client.history.list({ signal: new AbortController().signal });
      expect(paths(mock)).toEqual(['/api/history', '/api/history']);
    }
  });
});

describe('version detection', () => {
  it('tells 3.2 and 3.4 apart by the 404 on the newer routes, once per client', async () => {
    const old = setup();
    const [a, b] = await Promise.all([old.client.detectVersion(), old.client.detectVersion()]);
    expect(a).toEqual({ version: '3.2', historyFilters: false, dashboard: false, runs: false });
    expect(b).toBe(a);
    expect(paths(old.mock)).toEqual(['/api/history/runs?pageSize=1', '/api/dashboard/stats']);
    await old.client.detectVersion();
    expect(old.mock.requests).toHaveLength(2);

    const recent = setup({ mock: { version: '3.4' } });
    expect(await recent.client.detectVersion()).toEqual({
      version: '3.4',
      historyFilters: true,
      dashboard: true,
      runs: true,
    });
    expect(paths(recent.mock)).toEqual(['/api/history/runs?pageSize=1']);
  });

  it('recognises 3.3.1: dashboard and history filters, no runs API', async () => {
    // A 3.4 mock whose runs route answers Next.js's 404 page, as 3.3.1 does.
    const { mock, client } = setup({ mock: { version: '3.4' } });
    mock.failNext({ path: '/api/history/runs' }, { status: 404, text: 'This page could not be found.' }, 5);
    expect(await client.detectVersion()).toEqual({
      version: '3.3.1',
      historyFilters: true,
      dashboard: true,
      runs: false,
    });
    expect((await client.history.list({ status: 'Failed' })).total).toBe(1);
    await expect(client.history.runs.list()).rejects.toMatchObject({
      capability: 'runs',
      minimumVersion: '3.4.0',
    });
  });

  it('counts a 403 as the route existing, and does not cache a failed probe', async () => {
    const { mock, client } = setup({ mock: { version: '3.4' }, key: 'historyOnly' });
    mock.setPermissions('historyOnly', ['jobs:read']);
    mock.failNext({ path: '/api/history/runs' }, { status: 503 }, 5);
    await expect(client.detectVersion()).rejects.toBeInstanceOf(DBackupServerError);
    expect((await client.detectVersion()).version).toBe('3.4'); // the 403 proves the route
  });

  it('throws DBackupUnsupportedError naming the capability and version, with no request for the call', async () => {
    const { mock, client } = setup();
    const error = await client.history.runs.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBackupUnsupportedError);
    expect(error).toMatchObject({ capability: 'runs', minimumVersion: '3.4.0' });
    expect((error as Error).message).toMatch(/needs DBackup 3\.4\.0 or newer.*DBackup 3\.2/);
    await expect(client.history.runs.get(IDS.executions.partial)).rejects.toBeInstanceOf(
      DBackupUnsupportedError,
    );
    await expect(client.dashboard.stats()).rejects.toMatchObject({
      capability: 'dashboard',
      minimumVersion: '3.3.1',
    });
    await expect(client.history.list({ status: 'Failed' })).rejects.toMatchObject({
      capability: 'historyFilters',
    });
    // Only the two probe requests were sent: nothing reached /api/history with filters.
    expect(paths(mock)).toEqual(['/api/history/runs?pageSize=1', '/api/dashboard/stats']);
  });
});

describe('history filters and paging (3.4)', () => {
  it('filters, pages and returns the total', async () => {
    const { mock, client } = setup({ mock: { version: '3.4' } });
    const page = await client.history.list({ status: ['Cancelled', 'Failed'], pageSize: 2, page: 1 });
    expect(page.total).toBe(3);
    expect(page.executions).toHaveLength(2);
    expect(page.executions.every((e) => ['Cancelled', 'Failed'].includes(e.status))).toBe(true);
    expect(paths(mock).at(-1)).toBe('/api/history?page=1&pageSize=2&status=Cancelled&status=Failed');
    const search = await client.history.list({ search: 'Missing', trigger: 'Api', type: 'Backup' });
    expect(search.executions.map((e) => e.id).sort()).toEqual(
      [IDS.executions.failed, IDS.executions.successMissingFile].sort(),
    );
  });

  it('iterates every page', async () => {
    const { mock, client } = setup({ mock: { version: '3.4' } });
    const ids: string[] = [];
    for await (const entry of client.history.iterate({ pageSize: 3 })) ids.push(entry.id);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    expect(paths(mock).filter((p) => p.startsWith('/api/history?'))).toEqual([
      '/api/history?page=1&pageSize=3',
      '/api/history?page=2&pageSize=3',
      '/api/history?page=3&pageSize=3',
    ]);
  });

  it('refuses bad filters with ConfigError before any request', async () => {
    const { mock, client } = setup({ mock: { version: '3.4' } });
    await expect(client.history.list({ page: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(client.history.list({ status: [''] })).rejects.toBeInstanceOf(ConfigError);
    await expect(client.history.runs.list({ pageSize: 1.5 })).rejects.toBeInstanceOf(ConfigError);
    expect(mock.requests).toHaveLength(0);
  });
});

describe('runs API (3.4)', () => {
  it('lists runs with notes, copies and starters, and reads a detail with uploads', async () => {
    const { client } = setup({ mock: { version: '3.4' } });
    const page = await client.history.runs.list({ status: 'Partial', type: 'Backup' });
    expect(page.total).toBe(1);
    const [row] = page.rows;
    expect(row).toMatchObject({
      id: IDS.executions.partial,
      status: 'Partial',
      statusText: 'Partial',
      note: 'Not stored on Local Broken',
      copies: { stored: 1, total: 2, failed: ['Local Broken'] },
      starter: { kind: 'api', label: 'sdk-full' },
    });
    const detail = await client.history.runs.get(IDS.executions.partial);
    expect(detail.uploads?.map((u) => [u.name, u.state])).toEqual([
      ['Local Primary', 'done'],
      ['Local Broken', 'failed'],
    ]);
    expect(detail.logsPurgedAt).toBeNull();
    const onlyRow = await client.history.runs.getRow(IDS.executions.partial);
    expect(onlyRow.copies?.total).toBe(2);
    await expect(client.history.runs.get('no-such-run')).rejects.toBeInstanceOf(DBackupNotFoundError);
  });

  it('maps real 403s to DBackupPermissionError', async () => {
    const { client } = setup({ mock: { version: '3.4' }, key: 'historyOnly' });
    const error = await client.dashboard.stats().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DBackupPermissionError);
    expect(error).toMatchObject({
      status: 403,
      serverMessage: 'Forbidden',
      missingPermission: 'dashboard:read',
    });
    expect((error as Error).message).toMatch(/Grant the `dashboard:read` permission/);
    const runs = setup({ mock: { version: '3.4' }, key: 'historyOnly' });
    runs.mock.setPermissions('historyOnly', ['jobs:read']);
    await expect(runs.client.history.runs.list()).rejects.toMatchObject({
      status: 403,
      missingPermission: 'history:read',
    });
    await expect(runs.client.history.runs.get(IDS.executions.partial)).rejects.toMatchObject({
      missingPermission: 'history:read',
    });
  });

  it('reads dashboard stats and logsPurgedAt on executions', async () => {
    const { mock, client, clock } = setup({ mock: { version: '3.4' } });
    const stats = await client.dashboard.stats();
    expect(stats).toMatchObject({ totalJobs: 4, activeSchedules: 3 });
    const old = mock.addExecution({ status: 'Failed', startedAt: clock.now() - 120 * DAY });
    const detail = await client.executions.get(old.id, { includeLogs: true });
    expect(detail.logs).toEqual([]);
    expect(typeof detail.logsPurgedAt).toBe('string');
    const fresh = await client.executions.get(IDS.executions.failed);
    expect(fresh.logsPurgedAt).toBeNull();
  });

  it('keeps unknown enum values with their raw text', async () => {
    const { mock, client } = setup({ mock: { version: '3.4' } });
    mock.addExecution({ id: 'weird-run', status: 'Exploded', triggerType: 'Robot' });
    const page = await client.history.runs.list({ search: 'weird-run' });
    expect(page.rows[0]).toMatchObject({
      status: 'unknown',
      statusText: 'Exploded',
      starter: { kind: 'none' },
    });
  });
});

describe('notificationLogs', () => {
  it('lists on 3.2 and refuses bad filters', async () => {
    const { client, mock } = setup();
    const page = await client.notificationLogs.list({ executionId: IDS.executions.partial });
    expect(page).toMatchObject({ data: [], total: 0, page: 1, pageSize: 50 });
    await expect(client.notificationLogs.list({ executionId: '' })).rejects.toBeInstanceOf(ConfigError);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('executions on 3.2', () => {
  it('leave logsPurgedAt undefined', async () => {
    const { client } = setup();
    const detail = await client.executions.get(IDS.executions.failed);
    expect(detail.logsPurgedAt).toBeUndefined();
  });
});
