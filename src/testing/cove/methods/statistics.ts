/**
 * `EnumerateAccountStatistics` and `EnumerateAccountHistoryStatistics`.
 *
 * - Scoped: rows come from the query partner and all its sub-partners; each row's `PartnerId` is the
 *   owning partner. A partner outside the login subtree gives 13501.
 * - A restricted column (in `Columns`, `Filter`, `OrderBy` or `Totals`) fails the **whole call** with
 *   13501, and the message does not name the column.
 * - Unknown codes (e.g. the docs' `Do9F00` typo, `I7`, `D13F00`) are silently left out of the rows —
 *   one of the two behaviours reported for the real server.
 * - Keys are echoed as requested (`D9F0` → `D9F0`), or unpadded with `echoUnpadded`; keys are sorted
 *   like the docs sample, and data sources a device lacks are omitted.
 * - Order: by AccountId unless `OrderBy` is given (ties broken by AccountId). Paging with
 *   `StartRecordNumber` (default 0) and `RecordsCount` (default 1, as the real API).
 *
 * @internal
 * @module
 */
import { canonicalCode, parseColumnCode, unpaddedCode } from '../codes';
import { columnValue, formatDataSources } from '../columns';
import type { DeviceRecord, MockWorld } from '../data';
import {
  compareValues,
  computeTotal,
  evaluate,
  expressionColumns,
  type OrderKey,
  parseExpression,
  parseOrderBy,
  parseTotal,
  type RowReader,
  truthy,
} from '../query';
import { unit } from '../random';
import { securityError } from '../rpc';
import {
  asInt,
  asRecord,
  asStrings,
  type MethodContext,
  type MethodHandler,
  type MethodOutput,
  scopedPartnerId,
} from './context';

/** `D##F##` in the new notation (legacy `T0` is always echoed as sent). */
const NEW_NOTATION = /^D\d{1,2}F\d{1,2}$/;

/** Text columns `ANY =~ '…'` searches. */
const ANY_COLUMNS = ['I1', 'I2', 'I8', 'I16', 'I17', 'I18', 'I63'];

/** `EnumerateAccountStatistics {query}` → statistics rows plus the `totalStatistics` OUT param. */
export const enumerateAccountStatistics: MethodHandler = (params, ctx) =>
  runStatisticsQuery(asRecord(params.query), ctx, ctx.world.anchorSecs);

/**
 * History statistics: the same rows as they stood at `timeslice` (Unix seconds; default now). Devices
 * created after it are left out and timestamps are shifted back; statuses are the current ones.
 */
export const enumerateAccountHistoryStatistics: MethodHandler = (params, ctx) => {
  const timeslice = asInt(params.timeslice) ?? ctx.nowSecs;
  return runStatisticsQuery(
    asRecord(params.query),
    ctx,
    Math.min(timeslice, ctx.world.anchorSecs),
    timeslice,
  );
};

function runStatisticsQuery(
  query: Readonly<Record<string, unknown>>,
  ctx: MethodContext,
  anchorSecs: number,
  createdBefore?: number,
): MethodOutput {
  const { world } = ctx;
  const partnerId = scopedPartnerId(query.PartnerId, ctx);
  const columns = asStrings(query.Columns);
  const filterText = typeof query.Filter === 'string' ? query.Filter.trim() : '';
  const filter = filterText ? parseExpression(filterText) : undefined;
  const order = parseOrderBy(typeof query.OrderBy === 'string' ? query.OrderBy : '');
  const totals = asStrings(query.Totals).map((text) => parseTotal(text));

  const lineage = world.lineage(partnerId);
  const referenced = [
    ...columns,
    ...(filter ? expressionColumns(filter) : []),
    ...order.map((key) => key.code),
    ...totals.flatMap((total) => expressionColumns(total.expr)),
  ];
  if (referenced.some((code) => ctx.restrictions.isRestricted(code, lineage))) throw securityError();

  const excluded = new Set(
    (Array.isArray(query.ExcludedPartners) ? query.ExcludedPartners : [])
      .map(asInt)
      .flatMap((id) => (id === undefined ? [] : [...world.subtree(id)])),
  );
  const scope = world.subtree(partnerId);
  const candidates = world.devices
    .filter((d) => scope.has(d.partnerId) && !excluded.has(d.partnerId))
    .filter((d) => createdBefore === undefined || d.creationTime <= createdBefore)
    .map((device) => ({ device, reader: rowReader(device, world, anchorSecs, ctx.nowSecs) }))
    .filter(({ reader }) => !filter || truthy(evaluate(filter, reader)));
  if (order.length > 0) candidates.sort((a, b) => compareRows(a, b, order));

  const start = Math.max(0, asInt(query.StartRecordNumber) ?? 0);
  const count = Math.max(0, asInt(query.RecordsCount) ?? 1);
  const page = candidates.slice(start, start + count);
  return {
    result: page.map(({ device }) => statisticsRow(device, columns, world, anchorSecs, ctx)),
    siblings: {
      totalStatistics:
        totals.length === 0
          ? null
          : totals.map((total) => ({
              [total.text]: computeTotal(
                total,
                candidates.map((c) => c.reader),
              ),
            })),
    },
  };
}

function rowReader(device: DeviceRecord, world: MockWorld, anchorSecs: number, nowSecs: number): RowReader {
  const value = (code: string): string | undefined => {
    const ref = parseColumnCode(code);
    return ref ? columnValue(device, ref, world, anchorSecs) : undefined;
  };
  return {
    value,
    anyValues: () => ANY_COLUMNS.map((code) => value(code) ?? ''),
    nowSecs,
  };
}

interface Candidate {
  readonly device: DeviceRecord;
  readonly reader: RowReader;
}

function compareRows(a: Candidate, b: Candidate, order: readonly OrderKey[]): number {
  for (const key of order) {
    const read = (c: Candidate): string | undefined =>
      key.code === 'AccountId'
        ? String(c.device.id)
        : key.code === 'PartnerId'
          ? String(c.device.partnerId)
          : c.reader.value(key.code);
    const diff = compareValues(read(a), read(b));
    if (diff !== 0) return key.descending ? -diff : diff;
  }
  return a.device.id - b.device.id;
}

function statisticsRow(
  device: DeviceRecord,
  columns: readonly string[],
  world: MockWorld,
  anchorSecs: number,
  ctx: MethodContext,
): Record<string, unknown> {
  const { echoUnpadded, unrequestedI78Rate, arrayValueRate } = ctx.behaviour;
  const settings = new Map<string, string | string[]>();
  let askedForI78 = false;
  for (const code of columns) {
    const ref = parseColumnCode(code);
    if (!ref) continue;
    if (ref.kind === 'I' && ref.n === 78) askedForI78 = true;
    const value = columnValue(device, ref, world, anchorSecs);
    if (value === undefined) continue;
    const key = echoUnpadded && ref.kind === 'D' && NEW_NOTATION.test(code) ? unpaddedCode(ref) : code;
    const asArray =
      ref.kind === 'D' && ref.field === 0 && unit(device.seed, 'array', canonicalCode(ref)) < arrayValueRate;
    settings.set(key, asArray ? [value] : value);
  }
  if (!askedForI78 && unit(device.seed, 'unrequested-I78') < unrequestedI78Rate) {
    settings.set('I78', formatDataSources(device));
  }
  const keys = [...settings.keys()].sort();
  return {
    AccountId: device.id,
    Flags: device.flags === null ? null : [...device.flags],
    PartnerId: device.partnerId,
    Settings: keys.map((key) => ({ [key]: settings.get(key) })),
  };
}
