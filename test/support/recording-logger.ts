import type { Logger } from '../../src/core/logging';

/** A logger that keeps every line as `<level> <message>`, for assertions on log output. */
export function recordingLogger(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  return { lines, logger };
}
