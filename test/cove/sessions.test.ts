/**
 * `CoveClient.sessions()` and `sessionErrors()` against the mock's storage-node and M365
 * reporting services: paging, server-side filters, discovery and its cache, the remote-access
 * fallback, the M365 path, failure isolation and token redaction.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, ConfigError, CoveStorageNodeError } from '../../src';
import type { CoveSession } from '../../src/cove';
import { coveServer, mockSecrets } from './harness';

const { use } = coveServer();

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** A storage-node device with at least `min` sessions. */
function repservDevice(h: ReturnType<typeof use>, min = 10) {
  const device = h.mock.devices.find(
    (d) =>
      d.accountType === 1 &&
      !h.mock.unreachableDeviceIds.includes(d.id) &&
      h.mock.sessions(d.id).length >= min,
  );
  if (!device) throw new Error('no storage-node device with sessions');
  return device;
}

describe('sessions() on a storage node', () => {
  it('pages with range, newest first, and maps every typed field', async () => {
    const h = use();
    const device = repservDevice(h, 25);
    const expected = h.mock.sessions(device.id);
    const sessions = await all(h.client.sessions(device.id, { pageSize: 10 }));

    expect(sessions.map((s) => s.id)).toEqual(expected.map((s) => s.id));
    const pages = h.mock.calls.filter((c) => c.method === 'QuerySessions');
    expect(pages).toHaveLength(Math.floor(expected.length / 10) + 1);
    expect(pages[0]?.params).toMatchObject({
      orderBy: 'BackupStartTime DESC',
      range: { Offset: 0, Size: 10 },
    });
    expect(pages.map((c) => (c.params as { range: { Offset: number } }).range.Offset)).toEqual(
      pages.map((_, i) => i * 10),
    );
    expect(pages.every((c) => c.service === 'repserv' && c.host?.endsWith('.cloudbackup.management'))).toBe(
      true,
    );
    // Newest first.
    const starts = sessions.map((s) => s.startTime ?? 0);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));

    const first = sessions[0] as CoveSession;
    const raw = expected[0];
    expect(first).toMatchObject({
      deviceId: device.id,
      service: 'repserv',
      startTime: raw?.startTime,
      errorsCount: raw?.errorsCount,
      selectedSize: raw?.selectedSize,
      sentSize: raw?.sentSize,
      type: 'BatchBackup',
    });
    expect(first.dataSource.raw).toBe(raw?.plugin);
    expect(first.dataSource.name).not.toBe('unknown');
    expect(first.flags).toContain('Synchronized');
    expect(typeof first.raw.PluginId).toBe('string');
  });

  it('filters on the server with query: since, until, data sources and statuses', async () => {
    const h = use();
    const device = repservDevice(h, 25);
    const all28 = h.mock.sessions(device.id);
    const since = (all28[all28.length - 1]?.startTime ?? 0) + 10 * 86_400;
    const until = since + 7 * 86_400;
    const sessions = await all(
      h.client.sessions(device.id, {
        since: new Date(since * 1000),
        until,
        dataSources: ['files'],
        statuses: ['Completed', 'Failed'],
      }),
    );
    const params = h.mock.calls.find((c) => c.method === 'QuerySessions')?.params as
      | { query?: string }
      | undefined;
    const query = params?.query;
    expect(query).toBe(
      `0 != 1 and BackupStartTime >= ${since} and BackupStartTime < ${until} and (Plugin == 1) and (Status == 5 or Status == 2)`,
    );
    const want = all28.filter(
      (s) => s.startTime >= since && s.startTime < until && s.source === 1 && [5, 2].includes(s.status),
    );
    expect(sessions.map((s) => s.id)).toEqual(want.map((s) => s.id));
    for (const s of sessions) expect(['Completed', 'Failed']).toContain(s.status.name);
  });

  it('finds node and token once per device and caches them', async () => {
    const h = use();
    const device = repservDevice(h);
    await all(h.client.sessions(device.id, { pageSize: 500 }));
    await all(h.client.sessions(device.id, { pageSize: 500 }));
    const newest = h.mock.sessions(device.id)[0];
    await h.client.sessionErrors(device.id, newest?.id ?? 1);
    expect(h.mock.countCalls('GetAccountInfoById')).toBe(1);
    // One I59 lookup decides that the device is not M365, then it is cached too.
    expect(h.mock.countCalls('EnumerateAccountStatistics')).toBe(1);
    expect(h.mock.countCalls('QuerySessions')).toBe(2);
    const params = h.mock.calls.find((c) => c.method === 'QuerySessions')?.params as Record<string, unknown>;
    expect(params).toMatchObject({ accountId: device.id, account: device.name, token: device.token });
    // The `m365` hint skips the lookup.
    const other = h.mock.devices.find(
      (d) => d.accountType === 1 && d.id !== device.id && !h.mock.unreachableDeviceIds.includes(d.id),
    );
    await all(h.client.sessions(other?.id ?? 0, { m365: false }));
    expect(h.mock.countCalls('EnumerateAccountStatistics')).toBe(1);
  });

  it('falls back to EnumerateAccountRemoteAccessEndpoints when GetAccountInfoById gives no host', async () => {
    const h = use();
    const device = repservDevice(h);
    h.mock.hideNodeHost(device.id);
    const sessions = await all(h.client.sessions(device.id, { m365: false }));
    expect(sessions.length).toBe(h.mock.sessions(device.id).length);
    expect(h.mock.countCalls('EnumerateAccountRemoteAccessEndpoints')).toBe(1);
    expect(h.mock.calls.find((c) => c.method === 'QuerySessions')?.host).toMatch(/cloudbackup\.management$/);
  });

  it('maps running sessions: InProgress is running and EndTime 0 becomes null', async () => {
    const h = use();
    const device = h.mock.devices.find((d) => d.status === 1 && d.accountType === 1);
    if (!device) throw new Error('no running device');
    const [newest] = await all(h.client.sessions(device.id, { m365: false, pageSize: 1 }));
    expect(newest?.status).toMatchObject({ raw: 'InProgress', code: 1, name: 'InProcess', running: true });
    expect(newest?.endTime).toBeNull();
    expect(newest?.raw.EndTime).toBe(0);
  });

  it('rejects bad arguments with ConfigError before any request', async () => {
    const h = use();
    expect(() => h.client.sessions(-1)).toThrow(ConfigError);
    expect(() => h.client.sessions(5, { pageSize: 0 })).toThrow(ConfigError);
    expect(() => h.client.sessions(5, { pageSize: 501 })).toThrow(ConfigError);
    expect(() => h.client.sessions(5, { since: 'yesterday' as never })).toThrow(ConfigError);
    expect(() => h.client.sessions(5, { statuses: ['Done' as never] })).toThrow(ConfigError);
    expect(() => h.client.sessions(5, { dataSources: ['tape' as never] })).toThrow(ConfigError);
    await expect(h.client.sessionErrors(5, -1)).rejects.toThrow(ConfigError);
    expect(h.mock.calls).toHaveLength(0);
  });

  it('stops at an abort', async () => {
    const h = use();
    const device = repservDevice(h);
    const controller = new AbortController();
    controller.abort();
    await expect(all(h.client.sessions(device.id, { signal: controller.signal }))).rejects.toBeInstanceOf(
      AbortError,
    );
  });
});

describe('sessionErrors() on a storage node', () => {
  it('reads QueryErrors and, on request, grouped details in both documented shapes', async () => {
    const h = use();
    const candidates = h.mock.devices
      .filter((d) => d.accountType === 1 && !h.mock.unreachableDeviceIds.includes(d.id))
      .flatMap((d) => h.mock.sessions(d.id).map((s) => ({ d, s })))
      .filter(
        ({ s }) =>
          s.errors.length >= 2 &&
          s.errors.some((e) => e.id % 2 === 0) &&
          s.errors.some((e) => e.id % 2 === 1),
      );
    const pick = candidates[0];
    if (!pick) throw new Error('no session with errors of both shapes');
    const plain = await h.client.sessionErrors(pick.d.id, pick.s.id, { m365: false });
    expect(plain.map((e) => e.id).sort()).toEqual(pick.s.errors.map((e) => e.id).sort());
    for (const error of plain) {
      const want = pick.s.errors.find((e) => e.id === error.id);
      expect(error).toMatchObject({
        sessionId: pick.s.id,
        code: want?.code,
        text: want?.text,
        fileName: want?.fileName,
        count: want?.count,
        time: want?.time,
      });
      expect(error.details).toBeUndefined();
    }
    expect(h.mock.countCalls('EnumerateSessionErrorsGroupDetails')).toBe(0);

    const detailed = await h.client.sessionErrors(pick.d.id, pick.s.id, { details: true });
    expect(h.mock.countCalls('EnumerateSessionErrorsGroupDetails')).toBe(pick.s.errors.length);
    for (const error of detailed) {
      const want = pick.s.errors.find((e) => e.id === error.id);
      expect(error.details).toHaveLength(Math.min(want?.count ?? 0, 50));
      expect(error.details?.[0]?.fileName).toBe(want?.fileName);
      expect(error.details?.[0]?.text).toBe(want?.text);
    }
  });

  it('returns what QueryErrors has, even when ErrorsCount disagrees', async () => {
    const h = use();
    const sessions = h.mock.devices
      .filter((d) => d.accountType === 1 && !h.mock.unreachableDeviceIds.includes(d.id))
      .flatMap((d) => h.mock.sessions(d.id).map((s) => ({ d, s })));
    const countedButEmpty = sessions.find(({ s }) => s.errorsCount > 0 && s.errors.length === 0);
    const uncountedButThere = sessions.find(({ s }) => s.errorsCount === 0 && s.errors.length > 0);
    if (!countedButEmpty || !uncountedButThere) throw new Error('mock lacks disagreeing sessions');
    expect(await h.client.sessionErrors(countedButEmpty.d.id, countedButEmpty.s.id, { m365: false })).toEqual(
      [],
    );
    expect(
      await h.client.sessionErrors(uncountedButThere.d.id, uncountedButThere.s.id, { m365: false }),
    ).toHaveLength(uncountedButThere.s.errors.length);
  });
});

describe('Microsoft 365 devices', () => {
  it('reads sessions through reporting_api with the visa as Bearer and filters statuses on the client', async () => {
    const h = use();
    const device = h.mock.devices.find((d) => d.accountType === 2);
    if (!device) throw new Error('no M365 device');
    const expected = h.mock.sessions(device.id);
    const sessions = await all(h.client.sessions(device.id, { pageSize: 7 }));
    expect(h.mock.countCalls('QuerySessions')).toBe(0);
    expect(sessions.map((s) => s.id)).toEqual(expected.map((s) => s.id));
    expect(sessions.every((s) => s.service === 'm365' && s.dataSource.name.startsWith('m365-'))).toBe(true);
    const call = h.mock.calls.find((c) => c.method === 'EnumerateSessions');
    expect(call?.service).toBe('reporting');
    expect(call?.visa).toBeUndefined();
    expect(call?.params).toMatchObject({ accountToken: device.token, range: { Offset: 0, Size: 7 } });

    const failed = await all(h.client.sessions(device.id, { statuses: ['Failed'] }));
    expect(failed.map((s) => s.id)).toEqual(expected.filter((s) => s.status === 2).map((s) => s.id));
    // No status filter is sent: the service has none.
    const last = h.mock.calls.filter((c) => c.method === 'EnumerateSessions').at(-1);
    expect(JSON.stringify(last?.params)).not.toMatch(/Status/);
  });

  it('resumes a later page that failed transiently; the first page still fails at once', async () => {
    const h = use();
    const device = h.mock.devices.find((d) => d.accountType === 2 && h.mock.sessions(d.id).length >= 8);
    if (!device) throw new Error('no M365 device with 8 sessions');
    const expected = h.mock.sessions(device.id).map((s) => s.id);
    // The 2nd, 3rd and 4th EnumerateSessions requests (page 2 and its two retries) answer 502.
    let pages = 0;
    const client = h.makeClient({
      fetch: async (input, init) => {
        const body = input instanceof Request ? await input.clone().text() : String(init?.body ?? '');
        if (body.includes('"EnumerateSessions"')) {
          pages += 1;
          if (pages >= 2 && pages <= 4) return new Response('bad gateway', { status: 502 });
        }
        return fetch(input, init);
      },
    });
    const sessions = await all(client.sessions(device.id, { m365: true, pageSize: 3 }));
    expect(sessions.map((s) => s.id)).toEqual(expected);
    const offsets = h.mock.calls
      .filter((c) => c.method === 'EnumerateSessions')
      .map((c) => (c.params as { range: { Offset: number } }).range.Offset);
    expect(offsets.slice(0, 3)).toEqual([0, 3, 6]);

    pages = 0;
    const off = client.sessions(device.id, { m365: true, pageSize: 3, pageRetries: 0 });
    await expect(all(off)).rejects.toMatchObject({ name: 'CoveStorageNodeError', status: 502 });
    pages = 1; // the first page now fails three times: no resume for it
    await expect(all(client.sessions(device.id, { m365: true, pageSize: 3 }))).rejects.toMatchObject({
      status: 502,
    });
    expect(pages).toBe(4);
  });

  it('logs in again once and replays when reporting_api refuses the visa (1701)', async () => {
    const h = use();
    const device = h.mock.devices.find((d) => d.accountType === 2);
    if (!device) throw new Error('no M365 device');
    const before = await all(h.client.sessions(device.id, { m365: true }));
    expect(h.mock.countCalls('Login')).toBe(1);
    h.mock.expireAllVisas();
    const after = await all(h.client.sessions(device.id, { m365: true }));
    expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect(h.mock.countCalls('Login')).toBe(2);
    const refused = h.mock.calls.filter((c) => c.method === 'EnumerateSessions' && c.errorData === 1701);
    expect(refused).toHaveLength(1);
  });

  it('reads errors once per data source and de-duplicates by description, item and path', async () => {
    const h = use();
    const device = h.mock.devices.find((d) => d.accountType === 2);
    if (!device) throw new Error('no M365 device');
    const session = h.mock.addSession(device.id, { status: 8, source: 19, errors: 12 });
    const errors = await h.client.sessionErrors(device.id, session.id, { m365: true });
    const types = h.mock.calls
      .filter((c) => c.method === 'EnumerateSessionErrors')
      .map((c) => (c.params as { dataSourceType: string }).dataSourceType);
    expect(types).toEqual(['Exchange', 'OneDrive', 'SharePoint', 'Teams']);
    const distinct = new Set(session.errors.map((e) => JSON.stringify([e.text, e.item, e.fileName])));
    expect(errors).toHaveLength(distinct.size);
    expect(errors.reduce((n, e) => n + e.count, 0)).toBe(
      session.errors.reduce((n, e) => n + Math.min(e.count, 20), 0),
    );
    for (const error of errors) {
      expect(error.item).toMatch(/@/);
      expect(error.dataSource?.name).toBe('m365-exchange');
      expect(error.text).not.toBe('');
    }
    // One data source asked: one call.
    await h.client.sessionErrors(device.id, session.id, { dataSources: ['m365-exchange'] });
    expect(h.mock.countCalls('EnumerateSessionErrors')).toBe(5);
  });
});

describe('failure isolation and secrets', () => {
  it('an unreachable node fails only its device, with CoveStorageNodeError naming it', async () => {
    const h = use({}, { retry: { maxRetries: 0 } });
    const [badId] = h.mock.unreachableDeviceIds;
    if (badId === undefined) throw new Error('mock has no unreachable device');
    const bad = h.mock.device(badId);
    const good = h.mock.devices.filter(
      (d) => d.accountType === 1 && d.id !== badId && h.mock.sessions(d.id).length > 0,
    );
    const results = new Map<number, number | Error>();
    for (const device of [good[0], bad, good[1]]) {
      if (!device) continue;
      try {
        results.set(device.id, (await all(h.client.sessions(device.id, { m365: false }))).length);
      } catch (error) {
        results.set(device.id, error as Error);
      }
    }
    const error = results.get(badId);
    expect(error).toBeInstanceOf(CoveStorageNodeError);
    expect(error).toMatchObject({ deviceId: badId, deviceName: bad?.name, failure: 'unreachable' });
    expect((error as Error).message).toContain(`device ${badId} ("${bad?.name}")`);
    expect((error as Error).message).toContain('.example');
    for (const device of good.slice(0, 2))
      expect(results.get(device.id)).toBe(h.mock.sessions(device.id).length);
  });

  it('names a TLS failure on a self-hosted node', async () => {
    const h = use(
      {},
      {
        retry: { maxRetries: 0 },
        fetch: async (input, init) => {
          const url = input instanceof Request ? input.url : String(input);
          if (url.includes('repserv_json')) {
            throw new TypeError('fetch failed', {
              cause: Object.assign(new Error('self-signed certificate in certificate chain'), {
                code: 'SELF_SIGNED_CERT_IN_CHAIN',
              }),
            });
          }
          return fetch(input, init);
        },
      },
    );
    const device = repservDevice(h);
    const error = await all(h.client.sessions(device.id, { m365: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveStorageNodeError);
    expect(error).toMatchObject({ failure: 'tls', deviceId: device.id });
    expect((error as Error).message).toMatch(/certificate/);
  });

  it('retries a node read on 503, then wraps a persistent HTTP error', async () => {
    const h = use();
    const device = repservDevice(h);
    h.mock.failNext('QuerySessions', { httpStatus: 503 }, 1);
    expect((await all(h.client.sessions(device.id, { m365: false }))).length).toBeGreaterThan(0);
    h.mock.failNext('QuerySessions', { httpStatus: 502 }, 3);
    const error = await all(h.client.sessions(device.id)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CoveStorageNodeError', failure: 'http', status: 502 });
  });

  it('resumes a later page that failed transiently, from the same offset, without repeating a session', async () => {
    const h = use();
    const device = repservDevice(h, 25);
    const expected = h.mock.sessions(device.id).map((s) => s.id);
    const seen: number[] = [];
    const walk = h.client.sessions(device.id, { m365: false, pageSize: 10 })[Symbol.asyncIterator]();
    for (let i = 0; i < 10; i++) seen.push(((await walk.next()).value as CoveSession).id);
    // The second page fails all three of the transport's tries (502), then is requested again.
    h.mock.failNext('QuerySessions', { httpStatus: 502 }, 3);
    for (let next = await walk.next(); !next.done; next = await walk.next()) seen.push(next.value.id);

    expect(seen).toEqual(expected);
    const offsets = h.mock.calls
      .filter((c) => c.method === 'QuerySessions')
      .map((c) => (c.params as { range: { Offset: number } }).range.Offset);
    expect(offsets.slice(0, 5)).toEqual([0, 10, 10, 10, 10]);
    expect(offsets.slice(5)).toEqual(offsets.slice(5).map((_, i) => (i + 2) * 10));
  });

  it('gives up on a later page after its resumes, and never resumes a refused token', async () => {
    const h = use();
    const device = repservDevice(h, 25);
    const walk = h.client.sessions(device.id, { m365: false, pageSize: 10 })[Symbol.asyncIterator]();
    for (let i = 0; i < 10; i++) await walk.next();
    // 3 tries per request × (1 + 4 resumes): the walk ends with the node error.
    h.mock.failNext('QuerySessions', { httpStatus: 502 }, 15);
    await expect(walk.next()).rejects.toMatchObject({ name: 'CoveStorageNodeError', status: 502 });
    expect(h.mock.countCalls('QuerySessions')).toBe(16);

    const again = h.client.sessions(device.id, { m365: false, pageSize: 10 })[Symbol.asyncIterator]();
    for (let i = 0; i < 10; i++) await again.next();
    h.mock.failNext('QuerySessions', { data: 13501 });
    await expect(again.next()).rejects.toMatchObject({ failure: 'rpc', code: 13501 });
    expect(h.mock.countCalls('QuerySessions')).toBe(18);

    // pageRetries: 0 turns resuming off; a bad value fails before any request.
    const off = h.client
      .sessions(device.id, { m365: false, pageSize: 10, pageRetries: 0 })
      [Symbol.asyncIterator]();
    for (let i = 0; i < 10; i++) await off.next();
    h.mock.failNext('QuerySessions', { httpStatus: 502 }, 3);
    await expect(off.next()).rejects.toMatchObject({ name: 'CoveStorageNodeError', status: 502 });
    expect(h.mock.countCalls('QuerySessions')).toBe(22);
    for (const bad of [-1, 1.5, '2', Number.NaN]) {
      expect(() => h.client.sessions(device.id, { pageRetries: bad as never })).toThrow(ConfigError);
    }
    expect(h.mock.countCalls('QuerySessions')).toBe(22);
  });

  it('a malformed node response is a ResponseValidationError, never a TypeError', async () => {
    const h = use();
    const device = repservDevice(h);
    // A read is sent again after a body that is not JSON-RPC (twice, by default), then fails.
    h.mock.failNext('QuerySessions', { httpStatus: 200, body: '<html>maintenance</html>' }, 3);
    await expect(all(h.client.sessions(device.id, { m365: false }))).rejects.toMatchObject({
      name: 'CoveMalformedResponseError',
    });
    h.mock.failNext('QueryErrors', { httpStatus: 200, body: '{"result":{"result":[1,2]}}' });
    const session = h.mock.sessions(device.id)[0];
    // Error rows must be objects.
    await expect(h.client.sessionErrors(device.id, session?.id ?? 1)).rejects.toMatchObject({
      name: 'ResponseValidationError',
    });
  });

  it('re-discovers the device after its node refuses the token', async () => {
    const h = use();
    const device = repservDevice(h);
    await all(h.client.sessions(device.id, { m365: false }));
    h.mock.failNext('QuerySessions', { data: 13501 });
    await expect(all(h.client.sessions(device.id))).rejects.toMatchObject({ failure: 'rpc', code: 13501 });
    await all(h.client.sessions(device.id, { m365: false }));
    expect(h.mock.countCalls('GetAccountInfoById')).toBe(2);
  });

  it('never shows a device token in errors, logs, hooks or JSON.stringify(client)', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (...a: unknown[]) => lines.push(a.map(String).join(' ')),
      info: (...a: unknown[]) => lines.push(a.map(String).join(' ')),
      warn: (...a: unknown[]) => lines.push(a.map(String).join(' ')),
      error: (...a: unknown[]) => lines.push(a.map(String).join(' ')),
    };
    const events: unknown[] = [];
    const h = use(
      {},
      {
        logger,
        logLevel: 'debug',
        retry: { maxRetries: 0 },
        hooks: {
          onRequest: (e) => events.push(e),
          onResponse: (e) => events.push(e),
          onError: (e) => events.push(e),
        },
      },
    );
    const device = repservDevice(h);
    const m365 = h.mock.devices.find((d) => d.accountType === 2);
    await all(h.client.sessions(device.id));
    await all(h.client.sessions(m365?.id ?? 0));
    // A node error whose server message echoes the token.
    h.mock.failNext('QuerySessions', { data: 4242, message: `bad token ${device.token}` });
    const nodeError = (await all(h.client.sessions(device.id)).catch((e: unknown) => e)) as Error;
    const [badId] = h.mock.unreachableDeviceIds;
    const unreachable = (await all(h.client.sessions(badId ?? 0, { m365: false })).catch(
      (e: unknown) => e,
    )) as Error;

    const tokens = [device.token, m365?.token ?? '', h.mock.device(badId ?? 0)?.token ?? ''];
    const haystack = [
      JSON.stringify(h.client),
      String(h.client),
      lines.join('\n'),
      JSON.stringify(events),
      nodeError.message,
      JSON.stringify(nodeError),
      String((nodeError.cause as Error | undefined)?.message),
      unreachable.message,
    ].join('\n');
    expect(nodeError).toBeInstanceOf(CoveStorageNodeError);
    expect(nodeError.message).not.toContain(device.token);
    for (const token of tokens) expect(haystack).not.toContain(token);
    for (const visa of mockSecrets(h.mock).slice(1)) expect(lines.join('\n')).not.toContain(visa);
    expect(lines.some((l) => l.includes('repserv_json'))).toBe(true);
  });
});
