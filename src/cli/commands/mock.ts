/**
 * `backupchecks mock`: serves the DBackup and Cove mock servers over real HTTP on loopback, so
 * that programs outside Node (the Backupchecks app, curl, Python tests) can use them. The mock
 * servers are built on msw, an optional peer dependency: without it the command says what to
 * install instead of crashing.
 *
 * @module
 */
import { COMMON_OPTIONS, parse, parseDuration, parseInteger } from '../args';
import { CliError, EXIT, UsageError } from '../errors';
import { MOCK_HELP } from '../help';
import type { CliIo } from '../io';

/** What `backupchecks mock` prints on its first stdout line. */
export interface MockStarted {
  /** The DBackup mock. */
  dbackup: { baseUrl: string; keys: Readonly<Record<string, string>> };
  /** The Cove mock. */
  cove: { endpoint: string; credentials: { partner: string; username: string; password: string } };
  /** Environment variables that point backupchecks (and the examples) at the mocks. */
  env: Record<string, string>;
}

function isMissingMsw(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException | undefined;
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
    /['"]msw['"/]/.test(e?.message ?? '')
  );
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** Runs `backupchecks mock` until `io.signal` aborts. */
export async function mockCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON_OPTIONS,
    'dbackup-port': { type: 'string' },
    'cove-port': { type: 'string' },
    host: { type: 'string' },
    devices: { type: 'string' },
    seed: { type: 'string' },
    'rate-limit': { type: 'boolean' },
    preset: { type: 'string' },
    env: { type: 'boolean' },
    'run-time': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${MOCK_HELP}\n`);
    return EXIT.ok;
  }
  const port = (flag: string, value: string | undefined) =>
    value === undefined ? 0 : parseInteger(value, flag, 0, 65_535);
  const dbackupPort = port('--dbackup-port', values['dbackup-port']);
  const covePort = port('--cove-port', values['cove-port']);
  const devices =
    values.devices === undefined ? undefined : parseInteger(values.devices, '--devices', 0, 1_000_000);
  const seed = values.seed === undefined ? undefined : parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1);
  if (values.preset !== undefined && values.preset !== 'restricted') {
    throw new UsageError(`--preset must be restricted (got "${values.preset}")`);
  }
  const runningMs =
    values['run-time'] === undefined ? undefined : parseDuration(values['run-time'], '--run-time');
  const host = values.host ?? '127.0.0.1';

  let testing: typeof import('./mock-servers');
  try {
    testing = await import('./mock-servers');
  } catch (error) {
    if (isMissingMsw(error)) {
      throw new CliError(
        'mock needs the msw package (an optional peer dependency of @backupchecks/sdk): run `npm install --save-dev msw` and try again',
        EXIT.usage,
        { cause: error },
      );
    }
    throw error;
  }
  const servers = await testing.serveMocks({
    host,
    dbackupPort,
    covePort,
    rateLimit: values['rate-limit'] !== false,
    ...(devices === undefined ? {} : { devices }),
    ...(seed === undefined ? {} : { seed }),
    ...(runningMs === undefined ? {} : { runningMs }),
    ...(values.preset === 'restricted' ? { preset: 'restricted' as const } : {}),
  });
  const env: Record<string, string> = {
    DBACKUP_URL: servers.dbackup.baseUrl,
    DBACKUP_API_KEY: servers.dbackup.keys.full ?? '',
    COVE_ENDPOINT: servers.cove.endpoint,
    COVE_PARTNER: servers.cove.credentials.partner,
    COVE_USERNAME: servers.cove.credentials.username,
    COVE_PASSWORD: servers.cove.credentials.password,
  };
  if (values.env) {
    io.stdout.write(
      `${Object.entries(env)
        .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
        .join('\n')}\n`,
    );
  } else {
    const started: MockStarted = { dbackup: servers.dbackup, cove: servers.cove, env };
    io.stdout.write(`${JSON.stringify(started)}\n`);
  }
  if (io.stderr.isTTY && !values.quiet) io.stderr.write('backupchecks mock: serving; Ctrl-C stops\n');
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await servers.close();
  return EXIT.ok;
}
