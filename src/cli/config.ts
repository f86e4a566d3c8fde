/**
 * Where the command's sources come from: one Cove and one DBackup source from environment
 * variables, or many named sources from a JSON config file (`--config FILE`). Secrets are never
 * in the file: each names an environment variable or a file holding it.
 *
 * Precedence: flags (`--source` picks sources), then environment variables (an env-defined source
 * replaces a file source of the same name), then the config file.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { UsageError } from './errors';
import type { CliIo } from './io';

/** Where a secret is read from: an environment variable or a file (its content, trimmed). */
export type SecretRef = { env: string } | { file: string };

/** A configured Cove login. */
export interface CoveSourceConfig {
  /** Source type. */
  type: 'cove';
  /** Unique name, used in errors, `instance` and checkpoints. */
  name: string;
  /** Exact partner (customer) name of the API user's login. */
  partner: string;
  /** API user name. */
  username: string;
  /** Where the API user's password is. */
  password: SecretRef;
  /** JSON-RPC endpoint; default Cove's production endpoint. */
  endpoint?: string | undefined;
  /** Partner to read; default the login partner. */
  partnerId?: number | undefined;
}

/** A configured DBackup server. */
export interface DBackupSourceConfig {
  /** Source type. */
  type: 'dbackup';
  /** Unique name, used in errors, `instance` and checkpoints. */
  name: string;
  /** Base URL of the DBackup server. */
  url: string;
  /** Where the API key is. */
  apiKey: SecretRef;
}

/** A configured source. */
export type SourceConfig = CoveSourceConfig | DBackupSourceConfig;

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"');
const secret = z.union(
  [z.strictObject({ env: z.string().min(1) }), z.strictObject({ file: z.string().min(1) })],
  {
    error:
      'must be {"env": "VARIABLE"} or {"file": "/path/to/secret"}; secrets are never written in the config file',
  },
);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const coveSchema = z.strictObject({
  name,
  type: z.literal('cove'),
  partner: z.string().min(1),
  username: z.string().min(1),
  password: secret,
  endpoint: httpUrl.optional(),
  partnerId: z.number().int().nonnegative().optional(),
});
const dbackupSchema = z.strictObject({ name, type: z.literal('dbackup'), url: httpUrl, apiKey: secret });
const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  sources: z
    .array(
      z.discriminatedUnion('type', [coveSchema, dbackupSchema], {
        error: 'type must be "cove" or "dbackup"',
      }),
    )
    .min(1, 'needs at least one source'),
});

/** Reads and validates a config file; errors name the file, the source and the field. */
export function readConfigFile(path: string, io: CliIo): SourceConfig[] {
  const file = resolve(io.cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new UsageError(`config file ${path} cannot be read: ${(cause as Error).message}`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new UsageError(`config file ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path_ = issue?.path ?? [];
    const index = path_[0] === 'sources' && typeof path_[1] === 'number' ? path_[1] : undefined;
    const raw =
      index === undefined ? undefined : (data as { sources?: { name?: unknown }[] }).sources?.[index];
    const sourceName = typeof raw?.name === 'string' ? `"${raw.name}" ` : '';
    const where =
      index === undefined
        ? path_.length > 0
          ? `field ${path_.join('.')}`
          : 'top level'
        : `source ${sourceName}(sources[${index}])${path_.length > 2 ? `, field ${path_.slice(2).join('.')}` : ''}`;
    let message = issue?.message ?? 'invalid';
    if (issue?.code === 'unrecognized_keys')
      message = `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    throw new UsageError(`config file ${path}: ${where}: ${message}`);
  }
  const base = dirname(file);
  const seen = new Set<string>();
  return parsed.data.sources.map((source, i) => {
    if (seen.has(source.name)) {
      throw new UsageError(
        `config file ${path}: source "${source.name}" (sources[${i}]): name is used twice`,
      );
    }
    seen.add(source.name);
    const fix = (ref: SecretRef): SecretRef => ('file' in ref ? { file: resolve(base, ref.file) } : ref);
    return source.type === 'cove'
      ? { ...source, password: fix(source.password) }
      : { ...source, apiKey: fix(source.apiKey) };
  });
}

function envSecret(env: CliIo['env'], variable: string): SecretRef {
  const file = env[`${variable}_FILE`];
  return file ? { file } : { env: variable };
}

/** The sources defined by environment variables: `cove` and `dbackup`. */
export function envSources(io: CliIo): SourceConfig[] {
  const env = io.env;
  const sources: SourceConfig[] = [];
  const coveVars = ['COVE_PARTNER', 'COVE_USERNAME'] as const;
  if (coveVars.some((v) => env[v]) || env.COVE_PASSWORD || env.COVE_PASSWORD_FILE) {
    for (const v of coveVars) {
      if (!env[v]) throw new UsageError(`source "cove" (environment): ${v} is not set`);
    }
    sources.push({
      type: 'cove',
      name: 'cove',
      partner: env.COVE_PARTNER as string,
      username: env.COVE_USERNAME as string,
      password: envSecret(env, 'COVE_PASSWORD'),
      endpoint: env.COVE_ENDPOINT || undefined,
    });
  }
  if (env.DBACKUP_URL || env.DBACKUP_API_KEY || env.DBACKUP_API_KEY_FILE) {
    if (!env.DBACKUP_URL) throw new UsageError('source "dbackup" (environment): DBACKUP_URL is not set');
    if (!httpUrl.safeParse(env.DBACKUP_URL).success) {
      throw new UsageError('source "dbackup" (environment): DBACKUP_URL must be an http(s) URL');
    }
    sources.push({
      type: 'dbackup',
      name: 'dbackup',
      url: env.DBACKUP_URL,
      apiKey: envSecret(env, 'DBACKUP_API_KEY'),
    });
  }
  return sources;
}

/** Options that select sources. */
export interface SourceSelection {
  /** `--config FILE`. */
  config?: string | undefined;
  /** `--source NAME` (repeatable): only these. */
  source?: readonly string[] | undefined;
}

/**
 * The configured sources of `type` (or all), after `--source`. Throws a {@link UsageError} when
 * none is configured or a `--source` name is unknown.
 */
export function loadSources(
  io: CliIo,
  selection: SourceSelection,
  type?: SourceConfig['type'],
): SourceConfig[] {
  const configPath = selection.config ?? (io.env.BACKUPCHECKS_CONFIG || undefined);
  const fromEnv = envSources(io);
  const fromFile = configPath ? readConfigFile(configPath, io) : [];
  const byName = new Map<string, SourceConfig>();
  for (const source of [...fromFile, ...fromEnv]) byName.set(source.name, source);
  let sources = [...byName.values()];
  if (selection.source && selection.source.length > 0) {
    const wanted = selection.source.flatMap((s) => s.split(',')).filter(Boolean);
    for (const w of wanted) {
      if (!byName.has(w)) {
        throw new UsageError(
          `--source ${w}: no such source (configured: ${[...byName.keys()].join(', ') || 'none'})`,
        );
      }
    }
    sources = sources.filter((s) => wanted.includes(s.name));
  }
  if (type) sources = sources.filter((s) => s.type === type);
  if (sources.length === 0) {
    const what = type === 'cove' ? 'Cove source' : type === 'dbackup' ? 'DBackup source' : 'source';
    const vars =
      type === 'dbackup'
        ? 'DBACKUP_URL and DBACKUP_API_KEY'
        : type === 'cove'
          ? 'COVE_PARTNER, COVE_USERNAME and COVE_PASSWORD'
          : 'COVE_PARTNER, COVE_USERNAME and COVE_PASSWORD, or DBACKUP_URL and DBACKUP_API_KEY';
    throw new UsageError(`no ${what} configured: set ${vars}, or pass --config FILE`);
  }
  return sources;
}

/**
 * Reads a secret. Throws a {@link UsageError} naming the source, the field and the variable or
 * file, never the value.
 */
export function readSecret(io: CliIo, source: SourceConfig, field: string, ref: SecretRef): string {
  if ('env' in ref) {
    const value = io.env[ref.env];
    if (value === undefined || value.trim() === '') {
      throw new UsageError(
        `source "${source.name}": ${field} is missing: environment variable ${ref.env} is not set`,
      );
    }
    return value.trim();
  }
  let value: string;
  try {
    value = readFileSync(ref.file, 'utf8').trim();
  } catch (cause) {
    throw new UsageError(
      `source "${source.name}": ${field} is missing: cannot read ${ref.file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause },
    );
  }
  if (value === '')
    throw new UsageError(`source "${source.name}": ${field} is missing: ${ref.file} is empty`);
  return value;
}
