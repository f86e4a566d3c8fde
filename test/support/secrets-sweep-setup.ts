/**
 * Vitest set-up of the secrets sweep (see `secrets-sweep.ts`), run before every test file:
 *
 * - every `SdkError` (vendor subclasses included) is recorded when constructed;
 * - every HTTP transport a client builds gets, on top of the test's own hooks and logger, a
 *   recorder of each hook payload and of each line the SDK's logger would write at `debug` level;
 * - every secret a client registers for masking (passwords, API keys, visas, device and download
 *   tokens), every visa the Cove mock issues, each custom header value and webhook secret is
 *   registered to sweep for;
 * - after the file, all of it is searched for every secret in each form, and a hit fails the file.
 *
 * Nothing here changes what the SDK does: the test's own options, hooks and logger are kept as
 * given; the recorder only observes.
 */
import { afterAll, expect, vi } from 'vitest';
import type { CliIo } from '../../src/cli/io';
import { SdkError } from '../../src/core/errors';
import { SecretStore } from '../../src/core/redact';
import { addSecret, describeLeaks, findLeaks, observeError, sweepStats } from './secrets-sweep';

// Every SdkError: its constructor calls `super()`, which V8 looks up on its prototype at call time,
// so a recording class slipped between SdkError and Error sees every subclass being built.
class RecordedError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    observeError(this);
  }
}
if (Object.getPrototypeOf(SdkError) === Error) {
  Object.setPrototypeOf(SdkError, RecordedError);
  Object.setPrototypeOf(SdkError.prototype, RecordedError.prototype);
}

// Every secret a client holds: the stores are where the SDK itself learns what to mask.
const { add, addRotating } = SecretStore.prototype;
SecretStore.prototype.add = function (this: SecretStore, secret) {
  addSecret(secret, 'a secret the client holds (SecretStore.add)');
  add.call(this, secret);
};
SecretStore.prototype.addRotating = function (this: SecretStore, secret) {
  addSecret(secret, 'a short-lived secret the client held (SecretStore.addRotating)');
  addRotating.call(this, secret);
};

// Every visa the Cove mock issues, including those in responses the client could not read. (The
// mocks are patched when a test file loads them, so that files without mocks never load msw.)
vi.mock('../../src/testing/cove/visa', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/testing/cove/visa')>();
  const { addSecret } = await import('./secrets-sweep');
  const { issue } = actual.VisaStore.prototype;
  actual.VisaStore.prototype.issue = function (this: InstanceType<typeof actual.VisaStore>, session) {
    const visa = issue.call(this, session);
    addSecret(visa, 'a visa the Cove mock issued');
    return visa;
  };
  return actual;
});

// Every device's token and password in the Cove mock (its account calls return them; the client
// must never pass them on).
vi.mock('../../src/testing/cove/data', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/testing/cove/data')>();
  const { addSecret } = await import('./secrets-sweep');
  const buildWorld: typeof actual.buildWorld = (options) => {
    const world = actual.buildWorld(options);
    for (const device of world.devices) {
      addSecret(device.token, 'a device token of the Cove mock');
      addSecret(device.password, 'a device password of the Cove mock');
    }
    return world;
  };
  return { ...actual, buildWorld };
});

// The DBackup mock's seeded API keys.
vi.mock('../../src/testing/dbackup/auth', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/testing/dbackup/auth')>();
  const { addSecret } = await import('./secrets-sweep');
  for (const [handle, key] of Object.entries(actual.DBACKUP_MOCK_KEYS))
    addSecret(key, `DBackup mock key "${handle}"`);
  return actual;
});

// The Cove mock's default password, and credentials tests use without handing them to a client.
for (const secret of [
  'mock-api-token-7Kq9Xv2Lp4ZtR8wN',
  'wrong-password-123',
  'wrong-password-XYZ-123',
  'secret-pw-1234',
  'secret-password-1',
  'tok_very_secret_value',
  'abc123secret',
  'device-token-secret-1',
  'hunter2',
  's3cret',
])
  addSecret(secret, 'a test credential');

// Hook payloads and log lines of every transport, and the values of custom headers.
vi.mock('../../src/core/http', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/core/http')>();
  const { recordingHooks } = await import('./secrets-sweep-recorder');
  const { addSecret } = await import('./secrets-sweep');
  class RecordedTransport extends actual.HttpTransport {
    constructor(...args: ConstructorParameters<typeof actual.HttpTransport>) {
      const [baseUrl, options, ...rest] = args;
      const valid = options !== null && typeof options === 'object';
      if (valid)
        for (const value of Object.values(options.headers ?? {})) addSecret(value, 'a custom header value');
      const hooksValid =
        valid &&
        (options.hooks === undefined || (options.hooks !== null && typeof options.hooks === 'object'));
      super(baseUrl, hooksValid ? { ...options, hooks: recordingHooks(options.hooks) } : options, ...rest);
    }
  }
  return { ...actual, HttpTransport: RecordedTransport };
});

// How every client prints: `String(client)`, `JSON.stringify(client)`, `inspect(client)`.
vi.mock('../../src/cove/client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/cove/client')>();
  const { observedClientClass } = await import('./secrets-sweep');
  return { ...actual, CoveClient: observedClientClass(actual.CoveClient) };
});
vi.mock('../../src/dbackup/client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/dbackup/client')>();
  const { observedClientClass } = await import('./secrets-sweep');
  return { ...actual, DBackupClient: observedClientClass(actual.DBackupClient) };
});

// What the command line writes, in process (`runCli` with injected streams).
vi.mock('../../src/cli/cli', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/cli/cli')>();
  const { observeText } = await import('./secrets-sweep');
  const recorded = (stream: 'stdout' | 'stderr', out: CliIo['stdout']) =>
    new Proxy(out, {
      get: (target, key, receiver) =>
        key === 'write'
          ? (text: string) => {
              observeText(`CLI ${stream}`, text);
              return target.write(text);
            }
          : Reflect.get(target, key, receiver),
    });
  const runCli: typeof actual.runCli = (argv, io) =>
    actual.runCli(argv, {
      ...io,
      // `backupchecks mock` prints the mock's own credentials on stdout: that is its purpose.
      stdout: argv[0] === 'mock' ? io.stdout : recorded('stdout', io.stdout),
      stderr: recorded('stderr', io.stderr),
    });
  return { ...actual, runCli };
});

// Webhook secrets, and what the webhook handler answers.
vi.mock('../../src/dbackup/webhook/handler', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/dbackup/webhook/handler')>();
  const { addSecret, observeText } = await import('./secrets-sweep');
  const createDBackupWebhookHandler: typeof actual.createDBackupWebhookHandler = (options) => {
    if (options !== null && typeof options === 'object') addSecret(options.secret, 'a webhook secret');
    const handler = actual.createDBackupWebhookHandler(options);
    const recorded = async (request: Request) => {
      const response = await handler(request);
      observeText(`webhook handler ${response.status} answer`, await response.clone().text());
      return response;
    };
    return Object.assign(recorded, { idle: () => handler.idle() });
  };
  return { ...actual, createDBackupWebhookHandler };
});

afterAll(() => {
  const leaks = findLeaks();
  if (process.env.SECRETS_SWEEP_STATS) {
    const { secrets, observed, ms } = sweepStats();
    process.stderr.write(
      `secrets sweep: ${secrets} secrets, ${observed} records, ${ms.toFixed(0)} ms, ${expect.getState().testPath ?? ''}\n`,
    );
  }
  if (leaks.length > 0) {
    throw new Error(
      `Secrets sweep: ${leaks.length} secret form(s) found where users can see them:\n${describeLeaks(leaks)}`,
    );
  }
});
