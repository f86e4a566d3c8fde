/**
 * `@backupchecks/sdk/testing`: realistic mock servers for both APIs, built on MSW, for your own
 * tests and demos. Requires `msw` (a peer dependency) and Node.
 *
 * - {@link createDBackupMock}: DBackup's REST API with API-key permissions, the run lifecycle,
 *   rate limits and the real error body shapes.
 * - {@link createCoveMock}: Cove's JSON-RPC API with visa chaining, idle expiry, partner scoping,
 *   column allow-lists (13501) and paging.
 * - {@link startMockServers}: both, intercepting `fetch` in this process.
 * - {@link startHttpServer}: serve any mock over real HTTP on loopback.
 * - {@link VirtualClock}: run minutes of pacing, polling and visa expiry in milliseconds.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createDBackupMock } from '@backupchecks/sdk/testing';
 * import { DBackupClient } from '@backupchecks/sdk/dbackup';
 *
 * const mock = createDBackupMock();
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const client = new DBackupClient({ baseUrl: mock.baseUrl, apiKey: mock.keys.full });
 * ```
 *
 * @module @backupchecks/sdk/testing
 */
export { VirtualClock } from './clock';
export * from './cove';
export * from './dbackup';
export { type HttpServerOptions, type RunningHttpServer, startHttpServer } from './http-server';
export { type MockServers, type MockServersOptions, startMockServers } from './mock-servers';
