/**
 * The sweep's observer on every transport: each hook payload, serialized as users' hooks would
 * receive it, and each line the SDK's logger writes at `debug` level (so every level is covered,
 * whatever level the test itself asked for).
 */
import type { HttpHooks } from '../../src/core/http';
import { combineHooks, type Logger, loggingHooks } from '../../src/core/logging';
import { observeText, safeJson } from './secrets-sweep';

const line =
  (level: string) =>
  (message: string): void =>
    observeText(`log line (${level})`, message);

const lines: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };

const payload =
  (hook: string) =>
  (event: object): void => {
    const error = (event as { error?: unknown }).error;
    const shown =
      error instanceof Error ? { ...event, error: { name: error.name, message: error.message } } : event;
    observeText(`${hook} payload`, safeJson(shown));
  };

const recorder: HttpHooks = combineHooks(
  {
    onRequest: payload('onRequest'),
    onResponse: payload('onResponse'),
    onRetry: payload('onRetry'),
    onError: payload('onError'),
  },
  loggingHooks(lines, 'debug'),
) as HttpHooks;

/** The test's own hooks (kept as given, called first) plus the sweep's recorder. */
export function recordingHooks(own: HttpHooks | undefined): HttpHooks {
  return combineHooks(own, recorder) as HttpHooks;
}
