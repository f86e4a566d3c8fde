/**
 * Route definitions shared by the per-resource route files, and the small path matcher the
 * catch-all handler uses to tell 404 from 405 and to serve HEAD like Next.js does.
 *
 * @internal
 * @module
 */
import type { Clock } from '../../core/clock';
import type { AuthResult } from './auth';
import type { RunEngine } from './lifecycle';
import type { DBackupMockState } from './types';

/** A single-use download link minted by `POST /api/storage/:id/download-url`. */
export interface DownloadToken {
  storageId: string;
  file: string;
  expiresAt: number;
}

/** Everything a route handler may touch. */
export interface MockRuntime {
  readonly store: DBackupMockState;
  readonly engine: RunEngine;
  readonly clock: Clock;
  readonly baseUrl: string;
  readonly timings: { readonly pendingMs: number; readonly runningMs: number };
  readonly downloadTokens: Map<string, DownloadToken>;
  /** When the mock "server" started (for `/api/health` uptime). */
  readonly bootedAt: () => number;
  /** The DBackup version the mock plays. */
  readonly version: '3.2' | '3.4';
  /** Execution-log retention in ms (3.4), or `null` to keep logs forever (3.2). */
  readonly retentionMs: number | null;
}

/** One request as a route sees it. */
export interface RouteInput {
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** Clock time of the request. */
  now: number;
  auth: AuthResult;
}

/** HTTP methods the mock routes. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One route: method, path pattern (`/api/jobs/:id/run`) and handler. */
export interface RouteDefinition {
  method: RouteMethod;
  path: string;
  handle(input: RouteInput, runtime: MockRuntime): Response | Promise<Response>;
}

/** Matches `pathname` against a `:param` pattern; returns the params or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = pathname.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const h = have[i] ?? '';
    if (w.startsWith(':')) {
      if (h === '') return null;
      params[w.slice(1)] = decodeURIComponent(h);
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}
