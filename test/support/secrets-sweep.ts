/**
 * The whole-suite secrets sweep (issue 10): while a test file runs, `secrets-sweep-setup.ts` feeds
 * this registry with every secret the SDK and the mocks handle, every `SdkError` constructed, every
 * hook payload and every log line the SDK writes. After the file, {@link findLeaks} searches all of
 * it for every secret in each form a body or URL can carry it, and the setup fails the file on a hit.
 *
 * Tests that deliberately put a secret where the SDK does not control it call {@link allowSecret}.
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** What the sweep searches: one piece of text users can observe, and where it came from. */
interface Observed {
  /** E.g. `ConfigError.message`, `log line`, `onError payload`. */
  readonly where: string;
  /** The test running when it was produced (or the file's set-up). */
  readonly test: string;
  /** The text itself, or a thunk that builds it at sweep time (errors are read once complete). */
  readonly text: string | (() => string[]);
}

/** A secret found where it must not be. */
export interface Leak {
  /** Where the secret came from, e.g. `Cove mock visa` or `SecretStore.add`. */
  readonly source: string;
  /** Which form was found: `raw`, `JSON-escaped`, `URL-encoded`, … */
  readonly form: string;
  /** The observed text's origin, e.g. `CoveAuthError.stack` or `log line`. */
  readonly where: string;
  /** The test that produced it. */
  readonly test: string;
  /** A few characters around the hit, with the secret itself shown as `<secret>`. */
  readonly context: string;
}

/**
 * Secrets shorter than this are not swept: a two-letter password occurs inside ordinary words, so
 * a hit would say nothing. Secrets shorter than {@link MIN_ANYWHERE} count only where they stand
 * alone, the same rule the SDK masks them by.
 */
const MIN_SWEPT = 4;
const MIN_ANYWHERE = 6;
/** Length of the prefix the long forms are indexed by, and how many secrets make indexing pay. */
const PREFIX = 8;
const INDEX_ABOVE = 300;
/** The SDK's mask; a secret that is part of it would match every masked place. */
const MASK = '[REDACTED]';

const secrets = new Map<string, string>();
const allowed = new Map<string, string>();
/** Errors and clients whose texts are read in a microtask, once their constructors have finished. */
const queued: Observed[] = [];
/** Texts not searched yet; searched in chunks so that memory stays flat in 10,000-case properties. */
let pending: { where: string; test: string; text: string }[] = [];
let pendingChars = 0;
/** Texts already searched in this chunk, so a message repeated 10,000 times is searched once. */
let seenInChunk = new Set<string>();
const leaks: (Leak & { readonly secret: string })[] = [];
const reported = new Set<string>();
let observedTotal = 0;
/** Time spent reading and searching, for {@link sweepStats}. */
let spentMs = 0;
/** Pending text that triggers a search. */
const CHUNK_CHARS = 4_000_000;

/** The running test's name, or `(file set-up)` outside a test. */
export function currentTest(): string {
  try {
    return expect.getState().currentTestName ?? '(file set-up or tear-down)';
  } catch {
    return '(file set-up or tear-down)';
  }
}

/** Registers a secret to sweep for; `source` says where it came from. Non-strings are ignored. */
export function addSecret(secret: unknown, source: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SWEPT || MASK.includes(secret)) return;
  if (!secrets.has(secret)) secrets.set(secret, source);
}

/**
 * Exempts `secret` from this file's sweep (call it at the top of the file). Only for a test that itself puts the secret somewhere
 * the SDK does not control (its own thrown error, a string handed straight to the redactor);
 * `reason` says why, and a hit is still counted in every other file.
 */
export function allowSecret(secret: string, reason: string): void {
  if (reason.trim() === '') throw new Error('allowSecret needs a reason');
  allowed.set(secret, reason);
}

/** Records a line of text users can observe (a log line, a serialized hook payload). */
export function observeText(where: string, text: string): void {
  observedTotal += 1;
  addPending(where, currentTest(), text);
}

function addPending(where: string, test: string, text: string): void {
  if (seenInChunk.has(text)) return;
  seenInChunk.add(text);
  pending.push({ where, test, text });
  pendingChars += text.length + 1;
  if (pendingChars > CHUNK_CHARS) search();
}

function enqueue(item: Observed): void {
  observedTotal += 1;
  if (queued.length === 0) queueMicrotask(drain);
  queued.push(item);
}

/** Reads the texts of queued errors and clients (stack frames formatted plainly, not source-mapped). */
function drain(): void {
  if (queued.length === 0) return;
  const started = performance.now();
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = plainStack;
  try {
    for (const item of queued.splice(0)) {
      const parts =
        typeof item.text === 'string'
          ? [`${item.where}\u0001${item.text}`]
          : safeTexts(item.text, item.where);
      for (const part of parts) {
        const split = part.indexOf('\u0001');
        addPending(part.slice(0, split), item.test, part.slice(split + 1));
      }
    }
  } finally {
    Error.prepareStackTrace = prepare;
    spentMs += performance.now() - started;
  }
}

/** V8's own stack format; the sweep needs the text, not source-mapped positions (which cost 0.5 ms). */
function plainStack(error: Error, frames: NodeJS.CallSite[]): string {
  return `${Error.prototype.toString.call(error)}${frames.map((frame) => `\n    at ${frame}`).join('')}`;
}

/** Records an error; its texts are read once its constructor has finished. */
export function observeError(error: Error): void {
  enqueue({ where: error.constructor.name, test: currentTest(), text: () => errorTexts(error) });
}

/** Records a client: how it prints (`String`, `JSON.stringify`, `inspect`). */
export function observeClient(client: object): void {
  const name = client.constructor.name;
  enqueue({
    where: name,
    test: currentTest(),
    text: () => [
      `String(${name})\u0001${String(client)}`,
      `JSON.stringify(${name})\u0001${safeJson(client)}`,
      `inspect(${name})\u0001${inspect(client, { depth: 6, showHidden: true, maxArrayLength: null, maxStringLength: null })}`,
    ],
  });
}

// biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor must take `any[]`.
type ClientClass = abstract new (...args: any[]) => object;

/** A subclass of a client class, same name, whose instances are recorded by {@link observeClient}. */
export function observedClientClass<T extends ClientClass>(Base: T): T {
  abstract class Observed extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    constructor(...args: any[]) {
      super(...args);
      observeClient(this);
    }
  }
  Object.defineProperty(Observed, 'name', { value: Base.name });
  return Observed;
}

/** Drops the leaks found after the first `count` (the sweep's self-test, after planting one). */
export function forgetLeaks(count: number): void {
  drain();
  search();
  for (const leak of leaks.splice(count)) reported.delete(leakKey(leak));
}

/** JSON that never throws: bigints as strings, `Headers`/`Map` as objects, `Set` as arrays, cycles cut. */
export function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, item: unknown) => {
        if (typeof item === 'bigint') return item.toString();
        if (item instanceof Headers || item instanceof Map) return Object.fromEntries(item.entries());
        if (item instanceof Set) return [...item];
        if (item !== null && typeof item === 'object') {
          if (seen.has(item)) return '[cycle]';
          seen.add(item);
        }
        return item;
      }) ?? ''
    );
  } catch (error) {
    return `[unserializable: ${(error as Error).message}]`;
  }
}

const label = (error: unknown, part: string) =>
  `${error instanceof Error ? error.constructor.name : typeof error}.${part}`;

/**
 * Every text of an error users can see: message, stack, `String()`, JSON and own properties, for it
 * and each cause. (`inspect`, which `console.error` uses, prints nothing more than these, and costs
 * as much as all of them together in a 10,000-case property test.)
 */
function errorTexts(error: Error): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && !seen.has(current); depth++) {
    seen.add(current);
    const prefix = depth === 0 ? '' : `cause[${depth}] `;
    if (current instanceof Error) {
      texts.push(`${prefix}${label(current, 'message')}\u0001${current.message}`);
      texts.push(`${prefix}${label(current, 'stack')}\u0001${current.stack ?? ''}`);
      texts.push(`${prefix}String(${current.constructor.name})\u0001${String(current)}`);
      texts.push(`${prefix}JSON.stringify(${current.constructor.name})\u0001${safeJson(current)}`);
      texts.push(`${prefix}${current.constructor.name} own properties\u0001${safeJson({ ...current })}`);
    } else {
      texts.push(
        `${prefix}non-Error cause\u0001${typeof current === 'string' ? current : safeJson(current)}`,
      );
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return texts;
}

/** Each form a secret takes in a body, a URL or a log, named. */
export function sweptForms(secret: string): [form: string, name: string][] {
  const json = JSON.stringify(secret).slice(1, -1);
  const percent = encodeURIComponent(secret);
  const forms = new Map<string, string>();
  const add = (form: string, name: string) => {
    if (form !== '' && !forms.has(form)) forms.set(form, name);
  };
  add(secret, 'raw');
  add(json, 'JSON-escaped');
  add(
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    'JSON-escaped (\\u)',
  );
  add(json.replace(/\//g, '\\/'), 'JSON-escaped (\\/)');
  add(JSON.stringify(json).slice(1, -1), 'JSON-escaped twice');
  add(percent, 'URL-encoded');
  add(
    percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'URL-encoded (lower-case hex)',
  );
  add(new URLSearchParams({ s: secret }).toString().slice(2), 'form-encoded');
  return [...forms];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Everything found so far in this file: searches what is still pending first. */
export function findLeaks(): Leak[] {
  drain();
  search();
  return leaks.filter((leak) => !allowed.has(leak.secret)).map(({ secret: _, ...leak }) => leak);
}

const leakKey = (leak: Leak) => `${leak.source}|${leak.form}|${leak.where}|${leak.test}`;

/**
 * Searches the pending texts for every registered secret, in every form, then forgets them. Each
 * secret is registered before any text can hold it (a visa when the mock issues it, a key when the
 * client is built), so searching as the texts come is as good as searching at the end.
 */
function search(): void {
  if (pending.length === 0) return;
  const started = performance.now();
  const texts: { where: string; test: string; start: number; text: string }[] = [];
  let length = 0;
  for (const item of pending) {
    texts.push({ ...item, start: length });
    length += item.text.length + 1;
  }
  pending = [];
  pendingChars = 0;
  seenInChunk = new Set();
  const all = texts.map((t) => t.text).join('\u0000');
  const locate = (offset: number) => {
    let low = 0;
    let high = texts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((texts[mid]?.start ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return texts[low]!;
  };
  // With many secrets (a 10,000-device mock registers 20,000), forms of 8 characters or more are
  // found in one pass over the text, through an index of their first 8 characters. Otherwise, and
  // for shorter forms, each form is searched on its own (native and fast for a few hundred).
  type Candidate = { form: string; name: string; source: string; secret: string };
  const hits: (Candidate & { at: number })[] = [];
  const byPrefix = new Map<string, Candidate[]>();
  const indexed = secrets.size > INDEX_ABOVE;
  for (const [secret, source] of secrets) {
    if (allowed.has(secret)) continue;
    for (const [form, name] of sweptForms(secret)) {
      if (indexed && secret.length >= MIN_ANYWHERE && form.length >= PREFIX) {
        const key = form.slice(0, PREFIX);
        const list = byPrefix.get(key) ?? [];
        list.push({ form, name, source, secret });
        byPrefix.set(key, list);
      } else if (secret.length >= MIN_ANYWHERE) {
        for (let at = all.indexOf(form); at !== -1; at = all.indexOf(form, at + form.length))
          hits.push({ at, form, name, source, secret });
      } else {
        const standalone = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(form)}(?![\\p{L}\\p{N}])`, 'gu');
        for (const match of all.matchAll(standalone))
          hits.push({ at: match.index, form, name, source, secret });
      }
    }
  }
  if (byPrefix.size > 0) {
    for (let at = 0; at + PREFIX <= all.length; at++) {
      const candidates = byPrefix.get(all.slice(at, at + PREFIX));
      if (candidates === undefined) continue;
      for (const candidate of candidates)
        if (all.startsWith(candidate.form, at)) hits.push({ at, ...candidate });
    }
  }
  for (const { at, form, name, source, secret } of hits) {
    const hit = locate(at);
    const from = at - hit.start;
    const context = `${hit.text.slice(Math.max(0, from - 60), from)}<secret>${hit.text.slice(from + form.length, from + form.length + 40)}`;
    const leak = { source, form: name, where: hit.where, test: hit.test, context, secret };
    if (reported.has(leakKey(leak))) continue;
    reported.add(leakKey(leak));
    leaks.push(leak);
  }
  spentMs += performance.now() - started;
}

function safeTexts(build: () => string[], where: string): string[] {
  try {
    return build();
  } catch (error) {
    return [`${where}\u0001[could not read: ${(error as Error).message}]`];
  }
}

/** A readable report of `leaks` for the failure message. */
export function describeLeaks(leaks: readonly Leak[]): string {
  const lines = leaks
    .slice(0, 20)
    .map(
      (leak) =>
        `- ${leak.source} (${leak.form}) in ${leak.where}, test "${leak.test}":\n    …${leak.context.replace(/\s+/g, ' ')}…`,
    );
  if (leaks.length > 20) lines.push(`- … and ${leaks.length - 20} more`);
  return lines.join('\n');
}

/** Numbers for the sweep's own report: secrets known, texts observed. */
export function sweepStats(): { secrets: number; observed: number; ms: number } {
  return { secrets: secrets.size, observed: observedTotal, ms: spentMs };
}
