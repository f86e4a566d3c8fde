import { describe, expect, test } from 'vitest';
import { recordingLogger } from '../support/recording-logger';
import { coveServer, mockSecrets } from './harness';

const { use } = coveServer();

describe('Cove log lines name the JSON-RPC method', () => {
  test('debug: every request and response line says which method was called, no secret', async () => {
    const { lines, logger } = recordingLogger();
    const { mock, client } = use({}, { logger, logLevel: 'debug' });
    const { partnerId } = await client.login();
    await client.enumerateAccountStatistics({ partnerId, columns: ['I1', 'D09F00'], recordsCount: 2 });

    const requests = lines.filter((l) => l.includes(' → '));
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatch(/→ POST https:\/\/cove\.mock\.test\/jsonapi Login \(attempt 1\)$/);
    expect(requests[1]).toMatch(/→ POST \S+\/jsonapi EnumerateAccountStatistics \(attempt 1\)$/);
    expect(lines.filter((l) => l.includes(' ← 200 POST ')).map((l) => l.split(' ')[6])).toEqual([
      'Login',
      'EnumerateAccountStatistics',
    ]);
    const all = lines.join('\n');
    for (const secret of [...mockSecrets(mock), client.username]) expect(all).not.toContain(secret);
  });

  test('retries and failures name the method too', async () => {
    const { lines, logger } = recordingLogger();
    const { mock, client } = use({}, { logger, logLevel: 'warn' });
    mock.failNext('GetPartnerInfo', { httpStatus: 503 });
    await client.getPartnerInfo(mock.credentials.partner);
    expect(lines.some((l) => /^warn .* ← 503 POST \S+ GetPartnerInfo in \d+ ms$/.test(l))).toBe(true);
    expect(lines.some((l) => /^warn .* retrying POST \S+ GetPartnerInfo after status 503/.test(l))).toBe(
      true,
    );
  });
});
