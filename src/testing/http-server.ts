/**
 * Serves MSW handlers over a real HTTP server on loopback, so that tools outside this process
 * (curl, a Python app, a benchmark with a raw-`fetch` baseline) can talk to the mock servers.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** Options for {@link startHttpServer}. */
export interface HttpServerOptions {
  /** The MSW handlers to serve, e.g. `createDBackupMock().handlers`. */
  handlers: RequestHandler[];
  /**
   * The origin the handlers were written for (e.g. `https://dbackup.mock.test`). Incoming
   * requests are rewritten to it before matching.
   */
  origin: string;
  /** Port to listen on; `0` (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (loopback only). */
  host?: string;
}

/** A running mock HTTP server. */
export interface RunningHttpServer {
  /** Base URL of the server, e.g. `http://127.0.0.1:53211`. */
  url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts a loopback HTTP server that answers with the given MSW handlers (404 when none match). */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const origin = new URL(options.origin).origin;
  const server = createServer((req, res) => {
    handle(req, res, options.handlers, origin).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(`mock server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, handlers: RequestHandler[], origin: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'host') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = req.method ?? 'GET';
  const body = chunks.length > 0 && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  const request = new Request(new URL(req.url ?? '/', origin), { method, headers, body });
  const response = (await getResponse(handlers, request)) ?? new Response('Not Found', { status: 404 });
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  if (response.type === 'error') {
    res.destroy();
    return;
  }
  res.end(Buffer.from(await response.arrayBuffer()));
}
