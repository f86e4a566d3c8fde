/**
 * A small adapter from a Fetch-API handler to Node's `http` module (no dependency). It uses
 * `node:http` types only, so the DBackup entry point stays free of Node-only runtime imports.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A listener for `http.createServer(listener)` or `server.on('request', listener)`. */
export type NodeRequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Serves a Fetch-API handler (such as the one `createDBackupWebhookHandler` returns) from Node's
 * `http` server. The request body is streamed to the handler; a handler failure answers 500.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * createServer(toNodeListener(handler)).listen(8787);
 * ```
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeRequestListener {
  return (incoming, outgoing) => {
    const host = incoming.headers.host ?? 'localhost';
    const url = new URL(incoming.url ?? '/', `http://${host}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    const method = (incoming.method ?? 'GET').toUpperCase();
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const body = hasBody
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            incoming.on('data', (chunk: Uint8Array) => controller.enqueue(new Uint8Array(chunk)));
            incoming.on('end', () => controller.close());
            incoming.on('error', (error) => controller.error(error));
          },
          cancel() {
            incoming.destroy();
          },
        })
      : null;
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
    if (hasBody) init.duplex = 'half';
    Promise.resolve()
      .then(() => handler(new Request(url, init)))
      .then(async (response) => {
        outgoing.statusCode = response.status;
        response.headers.forEach((value, name) => {
          outgoing.setHeader(name, value);
        });
        outgoing.end(new Uint8Array(await response.arrayBuffer()));
      })
      .catch(() => {
        if (!outgoing.headersSent) outgoing.statusCode = 500;
        outgoing.end();
      });
  };
}
