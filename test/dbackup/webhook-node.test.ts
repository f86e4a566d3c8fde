import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDBackupWebhookHandler, toNodeListener } from '../../src/dbackup';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: (request: Request) => Promise<Response>): Promise<string> {
  server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeListener', () => {
  it('passes method, URL, headers and body through, and the response back', async () => {
    const seen: { method: string; url: string; secret: string | null; body: string }[] = [];
    const base = await serve(async (request) => {
      seen.push({
        method: request.method,
        url: request.url,
        secret: request.headers.get('x-webhook-secret'),
        body: await request.text(),
      });
      return new Response('{"ok":true}', {
        status: 202,
        headers: { 'content-type': 'application/json', 'x-one': '1' },
      });
    });
    const res = await fetch(`${base}/hooks/dbackup?x=1`, {
      method: 'POST',
      headers: { 'x-webhook-secret': 's' },
      body: 'héllo',
    });
    expect([res.status, res.headers.get('x-one'), await res.json()]).toEqual([202, '1', { ok: true }]);
    expect(seen).toEqual([{ method: 'POST', url: `${base}/hooks/dbackup?x=1`, secret: 's', body: 'héllo' }]);
  });

  it('answers 500 when the handler throws, and serves the webhook handler over real HTTP', async () => {
    const base = await serve(() => Promise.reject(new Error('boom')));
    expect((await fetch(base, { method: 'POST', body: '{}' })).status).toBe(500);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const handler = createDBackupWebhookHandler({
      client: { history: { list: () => Promise.reject(new Error('unused')) } } as never,
      secret: 'k',
      onRuns: () => undefined,
    });
    const url = await serve(handler);
    expect(
      (await fetch(url, { method: 'POST', body: '{}', headers: { 'x-webhook-secret': 'nope' } })).status,
    ).toBe(401);
    const bad = await fetch(url, { method: 'POST', body: '{}', headers: { 'x-webhook-secret': 'k' } });
    expect(bad.status).toBe(400);
    expect((await fetch(url)).status).toBe(405);
  });
});
