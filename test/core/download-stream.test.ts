/**
 * A download stream that is never read (issue 10, defect 9) times out from the response headers
 * and closes the connection, and an abort closes it between reads. Run against a real `node:http`
 * server on loopback, so that closing the connection is observable as the server sees it.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/core/errors';
import { DBackupClient } from '../../src/dbackup';

const KEY = `dbackup_${'ab'.repeat(30)}`;
const STORAGE = '00000000-0000-4000-8000-000000000001';
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server?.closeAllConnections();
  server = undefined;
});

/** A server whose download route trickles bytes forever; `closed` resolves when the client hangs up. */
async function trickle(): Promise<{ baseUrl: string; closed: Promise<number> }> {
  let resolveClosed: (sent: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => {
    resolveClosed = resolve;
  });
  server = createServer((req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    let sent = 0;
    const timer = setInterval(() => {
      res.write(Buffer.alloc(1024, 1));
      sent += 1024;
    }, 5);
    req.socket.on('close', () => {
      clearInterval(timer);
      resolveClosed(sent);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, closed };
}

describe('download streams on a real socket', () => {
  it('a stream that is never read times out from the headers and closes the connection', async () => {
    const { baseUrl, closed } = await trickle();
    const client = new DBackupClient({ baseUrl, apiKey: KEY, timeoutMs: 100, rateLimit: false });
    const download = await client.storage.download(STORAGE, 'never-read.sql.gz');
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(5_000);
    // Read only once the watchdog has surely fired (bytes buffered before the close would be served first).
    await new Promise((resolve) => setTimeout(resolve, 250));
    const error = await download.body
      .getReader()
      .read()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/no progress/);
  });

  it('a stream read to the end is not cut by the watchdog', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let n = 0;
      const timer = setInterval(() => {
        res.write(Buffer.alloc(1024, 2));
        if (++n === 20) {
          clearInterval(timer);
          res.end();
        }
      }, 10);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new DBackupClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      timeoutMs: 100,
      rateLimit: false,
    });
    const download = await client.storage.download(STORAGE, 'slow-but-steady.sql.gz');
    const bytes = await new Response(download.body).arrayBuffer();
    expect(bytes.byteLength).toBe(20 * 1024);
  });

  it('an abort between reads closes the connection and fails the next read', async () => {
    const { baseUrl, closed } = await trickle();
    const client = new DBackupClient({ baseUrl, apiKey: KEY, rateLimit: false });
    const controller = new AbortController();
    const download = await client.storage.download(STORAGE, 'x.sql.gz', { signal: controller.signal });
    const reader = download.body.getReader();
    await reader.read();
    controller.abort();
    await closed;
    const error = await reader.read().catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });
});
