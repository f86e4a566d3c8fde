import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../../src/core/http';
import { combineHooks } from '../../src/core/logging';
import { SecretStore } from '../../src/core/redact';
import { recordingLogger } from '../support/recording-logger';

const BASE = 'https://log.test';
const KEY = `dbackup_${'f0'.repeat(30)}`;
let hits = 0;
const server = setupServer(
  http.get(`${BASE}/ok`, () => HttpResponse.json({ ok: true })),
  http.get(`${BASE}/flaky`, () =>
    ++hits % 2 === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({}),
  ),
  http.get(`${BASE}/down`, () => HttpResponse.error()),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

async function exercise(level: 'debug' | 'warn' | 'error' | 'off') {
  const { lines, logger } = recordingLogger();
  const secrets = new SecretStore();
  secrets.add(KEY);
  const t = new HttpTransport(
    BASE,
    { logger, logLevel: level, retry: { baseDelayMs: 1, maxRetries: 1 } },
    secrets,
  );
  const headers = { authorization: `Bearer ${KEY}` };
  await t.request({
    method: 'GET',
    path: '/ok',
    query: { token: 'abc123secret' },
    headers,
    idempotent: true,
  });
  await t.request({ method: 'GET', path: '/flaky', headers, idempotent: true });
  await t.request({ method: 'GET', path: '/down', headers, idempotent: false }).catch(() => undefined);
  return lines;
}

describe('logger option', () => {
  it('debug writes every request, response, retry and failure, one line each', async () => {
    const lines = await exercise('debug');
    expect(lines.filter((l) => l.startsWith('debug') && l.includes('→'))).toHaveLength(4);
    expect(lines.some((l) => l.startsWith('warn') && l.includes('← 503'))).toBe(true);
    expect(lines.some((l) => l.startsWith('warn') && l.includes('retrying GET'))).toBe(true);
    expect(lines.some((l) => l.startsWith('error') && l.includes('NetworkError'))).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('abc123secret');
  });

  it('the level filters: warn keeps retries and error responses, error keeps failures only, off nothing', async () => {
    const warn = await exercise('warn');
    expect(warn.every((l) => l.startsWith('warn') || l.startsWith('error'))).toBe(true);
    expect(warn.length).toBe(3);
    expect(await exercise('error')).toHaveLength(1);
    expect(await exercise('off')).toHaveLength(0);
  });

  it('combined hooks: one observer throwing does not silence the other', () => {
    const seen: string[] = [];
    const hooks = combineHooks(
      {
        onRetry: () => {
          throw new Error('first observer broke');
        },
      },
      { onRetry: (e) => seen.push(e.reason) },
    );
    hooks?.onRetry?.({
      requestId: 'r',
      method: 'GET',
      url: 'u',
      headers: {},
      attempt: 1,
      reason: 'status 503',
    });
    expect(seen).toEqual(['status 503']);
  });
});
