/**
 * What a mock method handler gets to work with, and small helpers for reading loosely-typed params.
 *
 * @internal
 * @module
 */
import type { MockWorld } from '../data';
import type { ColumnRestrictions } from '../restrictions';
import { securityError } from '../rpc';
import type { VisaSession } from '../visa';

/** Behaviour switches shared by the statistics methods. */
export interface StatisticsBehaviour {
  readonly echoUnpadded: boolean;
  readonly unrequestedI78Rate: number;
  readonly arrayValueRate: number;
  /** `'full'`: the documented Login user record; `'minimal'`: only `PartnerId`, `Name`, `Flags`. */
  readonly loginResult: 'full' | 'minimal';
}

/** Per-call context. */
export interface MethodContext {
  readonly world: MockWorld;
  /** The caller's session; `undefined` only for `Login`. */
  readonly session: VisaSession | undefined;
  /** Current time, Unix seconds. */
  readonly nowSecs: number;
  readonly credentials: { readonly partner: string; readonly username: string; readonly password: string };
  readonly userId: number;
  readonly restrictions: ColumnRestrictions;
  readonly behaviour: StatisticsBehaviour;
}

/** A handler's result: the value for `result.result`, OUT params beside it, and (Login) a new session. */
export interface MethodOutput {
  readonly result?: unknown;
  readonly siblings?: Readonly<Record<string, unknown>>;
  readonly session?: VisaSession;
}

/** A mock method. */
export type MethodHandler = (params: Readonly<Record<string, unknown>>, ctx: MethodContext) => MethodOutput;

/** Narrows `value` to a plain object, or returns an empty one. */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** An integer from a number or a numeric string; `undefined` otherwise. */
export function asInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/** The strings in an array (other items dropped); `[]` when not an array. */
export function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The caller's session, which every non-Login handler has. */
export function sessionOf(ctx: MethodContext): VisaSession {
  if (!ctx.session) throw securityError();
  return ctx.session;
}

/** Resolves a partner id the caller may see, or throws 13501 (unknown ids are refused the same way). */
export function scopedPartnerId(value: unknown, ctx: MethodContext): number {
  const partnerId = asInt(value);
  if (partnerId === undefined || !ctx.world.inScope(partnerId, sessionOf(ctx).partnerId))
    throw securityError();
  return partnerId;
}

/** A copy of `record` with keys in code-point order, as the real server serialises its objects. */
export function sortedKeys<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}
