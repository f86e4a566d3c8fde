/**
 * Faults at scale (issue 10): 50 concurrent calls share one Login, whether the visa expired or the
 * Login fails with 2100 (which must never be sent twice: repeated bad logins lock accounts).
 */
import { describe, expect, test } from 'vitest';
import { CoveAuthError } from '../../src/cove';
import { coveServer } from './harness';

const { use } = coveServer();
const N = 50;

describe('50 concurrent calls', () => {
  test('on an expired visa: exactly one Login, all 50 succeed', async () => {
    const { mock, client } = use({ devices: 60 });
    await client.login();
    mock.expireAllVisas();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        i % 2 === 0 ? client.getServerInfo() : client.getPartnerInfoById(mock.rootPartnerId),
      ),
    );
    expect(results).toHaveLength(N);
    expect(mock.countCalls('Login')).toBe(2); // the first login, then one shared re-login
  });

  test('whose Login fails with 2100: one Login attempt, 50 CoveAuthError, none later', async () => {
    const { mock, makeClient } = use();
    const client = makeClient({ password: 'wrong-password-123' });
    const results = await Promise.allSettled(Array.from({ length: N }, () => client.getServerInfo()));
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof CoveAuthError)).toHaveLength(
      N,
    );
    expect(mock.countCalls('Login')).toBe(1);
    await expect(client.getServerInfo()).rejects.toBeInstanceOf(CoveAuthError);
    expect(mock.countCalls('Login')).toBe(1);
  });
});
