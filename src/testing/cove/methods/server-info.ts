/**
 * `GetServerInfo`: a cheap connectivity check. The real result shape is not publicly documented; the
 * mock returns `{ ServerVersion, ApiVersion, ServerTime }` (ServerTime in Unix seconds).
 *
 * @internal
 * @module
 */
import type { MethodHandler } from './context';

/** Version string the mock reports. */
export const MOCK_SERVER_VERSION = '25.10.0.25286';

/** `GetServerInfo` → version information. */
export const getServerInfo: MethodHandler = (_params, ctx) => ({
  result: { ApiVersion: '23.3', ServerTime: ctx.nowSecs, ServerVersion: MOCK_SERVER_VERSION },
});
