/**
 * The session and error readers against the recorded request/response samples (BackupNerd's
 * scripts, N-able docs) and the shapes the facts describe, without a server.
 */
import { describe, expect, it } from 'vitest';
import {
  dedupeM365Errors,
  toErrorDetail,
  toM365Error,
  toRepservError,
  toSession,
} from '../../src/cove/reporting/records';
import { repservQuery } from '../../src/cove/reporting/repserv';
import { decodeDataSource, decodeReportingStatus } from '../../src/cove/reporting/types';
import m365Errors from '../fixtures/cove/reporting-enumerate-session-errors.json' with { type: 'json' };
import m365Sessions from '../fixtures/cove/reporting-enumerate-sessions.json' with { type: 'json' };
import repservErrors from '../fixtures/cove/repserv-query-errors.json' with { type: 'json' };
import repservSessions from '../fixtures/cove/repserv-query-sessions.json' with { type: 'json' };

describe('reporting-service records', () => {
  it('reads the sparse QuerySessions sample ({ Id } only) without inventing values', () => {
    const [row] = repservSessions.response.result.result;
    const session = toSession(row as Record<string, unknown>, 72896, 'repserv');
    expect(session).toMatchObject({
      id: 826,
      startTime: null,
      endTime: null,
      errorsCount: undefined,
      flags: [],
    });
    expect(session.status).toEqual({ raw: '', code: null, name: 'unknown', running: false });
    expect(session.dataSource).toEqual({ raw: '', name: 'unknown', code: null });
  });

  it('keeps the raw PluginId beside a typed name, and maps InProgress/InProcess to running', () => {
    expect(decodeDataSource('FileSystem')).toEqual({ raw: 'FileSystem', name: 'files', code: 'D01' });
    expect(decodeDataSource('VssSystemState')).toMatchObject({ name: 'system-state', code: 'D02' });
    expect(decodeDataSource(10)).toMatchObject({ raw: '10', name: 'mssql' });
    expect(decodeDataSource('Exchange', true)).toMatchObject({ name: 'm365-exchange', code: 'D19' });
    expect(decodeDataSource('VssExchange')).toMatchObject({ name: 'exchange', code: 'D04' });
    expect(decodeDataSource('Tape')).toEqual({ raw: 'Tape', name: 'unknown', code: null });
    for (const raw of ['InProgress', 'InProcess', 'InProgressWithFaults']) {
      expect(decodeReportingStatus(raw).running).toBe(true);
    }
    expect(decodeReportingStatus('InProgress')).toMatchObject({ code: 1, name: 'InProcess' });
    expect(decodeReportingStatus('CompletedWithErrors')).toEqual({
      raw: 'CompletedWithErrors',
      code: 8,
      name: 'CompletedWithErrors',
      running: false,
    });
    expect(decodeReportingStatus('Unknown')).toMatchObject({ code: null, name: 'unknown', running: false });
    const running = toSession(
      { Id: 9, Status: 'InProgress', StartTime: 1_764_547_200, EndTime: 0 },
      1,
      'repserv',
    );
    expect(running).toMatchObject({ startTime: 1_764_547_200, endTime: null });
  });

  it('builds the server-side query the sample uses', () => {
    expect(repservSessions.request.params.query).toMatch(/^0 != 1 and Plugin == /);
    expect(
      repservQuery({
        since: 100,
        until: undefined,
        dataSources: ['files', 'system-state'],
        statusCodes: [2],
        pageSize: 1,
      }),
    ).toBe('0 != 1 and BackupStartTime >= 100 and (Plugin == 1 or Plugin == 7) and (Status == 2)');
    expect(
      repservQuery({
        since: undefined,
        until: undefined,
        dataSources: ['m365-teams'],
        statusCodes: undefined,
        pageSize: 1,
      }),
    ).toBe('0 != 1 and 0 == 1');
    expect(repservErrors.request.params).toMatchObject({ groupId: 0, orderBy: 'Time DESC' });
  });

  it('reads QueryErrors rows and both group-detail shapes', () => {
    const error = toRepservError({
      Id: 5,
      SessionId: 826,
      Code: 32,
      Text: 'in use',
      Filename: 'C:\\a.ost',
      Count: 3,
      Time: 1_764_547_300,
    });
    expect(error).toMatchObject({
      id: 5,
      sessionId: 826,
      code: 32,
      text: 'in use',
      fileName: 'C:\\a.ost',
      count: 3,
      item: null,
    });
    expect(toErrorDetail({ Filename: 'C:\\a.ost', Time: 7 })).toMatchObject({
      fileName: 'C:\\a.ost',
      text: null,
      time: 7,
    });
    expect(
      toErrorDetail({ ErrorText: 'denied', Path: 'D:\\x', Plugin: 1, GroupId: 5, NodeId: 2, Time: 8 }),
    ).toMatchObject({
      fileName: 'D:\\x',
      text: 'denied',
      time: 8,
    });
  });

  it('parses the M365 Description JSON and de-duplicates by description + item + path', () => {
    expect(m365Sessions.request.params.filter).toMatchObject({ SessionTypes: ['Backup'] });
    const [row] = m365Errors.response.result.result;
    const source = decodeDataSource('Exchange', true);
    const error = toM365Error(row as Record<string, unknown>, 12, source);
    expect(error).toMatchObject({
      text: 'Graph API error message',
      item: 'user@domain.com',
      fileName: '/Inbox/Folder',
      sessionId: 12,
      count: 1,
    });
    const other = toM365Error({ Description: 'plain text', Timestamp: 5 }, 12, source);
    expect(other).toMatchObject({ text: 'plain text', item: null, fileName: null, time: 5 });
    const merged = dedupeM365Errors([
      { ...error, time: 20 },
      other,
      { ...error, time: 10 },
      { ...error, fileName: '/Other' },
    ]);
    expect(merged).toHaveLength(3);
    expect(merged[0]).toMatchObject({ count: 2, time: 10 });
  });
});
