/**
 * Lenient readers for the reporting services' rows: the list must be there (or `null`, meaning
 * none), each session must carry an `Id`; every other field is read when it makes sense and kept
 * raw either way.
 *
 * @module
 */
import * as z from 'zod';
import { lenientNumber } from '../../core/lenient';
import type { SecretStore } from '../../core/redact';
import { parseResponse } from '../../core/validate';
import {
  type CoveSession,
  type CoveSessionDataSource,
  type CoveSessionError,
  type CoveSessionErrorDetail,
  type CoveSessionService,
  decodeDataSource,
  decodeReportingStatus,
} from './types';

type Row = Readonly<Record<string, unknown>>;

const rows = <S extends z.ZodType>(row: S) =>
  z.looseObject({
    result: z
      .array(row)
      .nullish()
      .transform((list) => list ?? []),
  });

const SessionRowsSchema = rows(z.looseObject({ Id: lenientNumber }));
const ErrorRowsSchema = rows(z.looseObject({}));

/** Reads `result.result` of a sessions call. @throws ResponseValidationError */
export function readSessionRows(result: unknown, method: string, secrets: SecretStore): Row[] {
  return parseResponse(SessionRowsSchema, result, `Cove ${method}`, secrets).result;
}

/** Reads `result.result` of an errors call. @throws ResponseValidationError */
export function readErrorRows(result: unknown, method: string, secrets: SecretStore): Row[] {
  return parseResponse(ErrorRowsSchema, result, `Cove ${method}`, secrets).result;
}

/** A finite number from a number or numeric string; `undefined` otherwise. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Unix seconds, with `0`, negatives and non-numbers as `null`. */
function time(value: unknown): number | null {
  const n = num(value);
  return n !== undefined && n > 0 ? Math.floor(n) : null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function flags(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((f): f is string => typeof f === 'string');
  if (typeof value === 'string' && value.trim() !== '')
    return value
      .split(/[,|]/)
      .map((f) => f.trim())
      .filter(Boolean);
  return [];
}

/** Turns a validated session row into a {@link CoveSession}. */
export function toSession(row: Row, deviceId: number, service: CoveSessionService): CoveSession {
  const m365 = service === 'm365';
  const status = decodeReportingStatus(row.Status);
  const end = time(row.EndTime);
  return {
    id: num(row.Id) ?? 0,
    deviceId,
    service,
    dataSource: decodeDataSource(
      m365 ? (row.DataSourceType ?? row.PluginId) : (row.PluginId ?? row.Plugin),
      m365,
    ),
    status,
    startTime: time(row.StartTime) ?? time(row.BackupStartTime),
    endTime: status.running ? null : end,
    backupStartTime: time(row.BackupStartTime),
    errorsCount: num(row.ErrorsCount),
    selectedCount: num(row.SelectedCount),
    processedCount: num(row.ProcessedCount),
    changedCount: num(row.ChangedCount),
    removedCount: num(row.RemovedFilesCount ?? row.DeletedCount),
    selectedSize: num(row.SelectedSize),
    processedSize: num(row.ProcessedSize),
    changedSize: num(row.ChangedSize),
    sentSize: num(row.SentSize),
    flags: flags(row.Flags),
    type: text(row.Type),
    buildVersion: text(row.BuildVersion),
    raw: row,
  };
}

/** Turns a repserv `QueryErrors` row into a {@link CoveSessionError}. */
export function toRepservError(row: Row): CoveSessionError {
  return {
    id: num(row.Id) ?? null,
    sessionId: num(row.SessionId) ?? null,
    code: num(row.Code) ?? null,
    text: text(row.Text) ?? text(row.ErrorText) ?? '',
    fileName: text(row.Filename) ?? text(row.Path) ?? null,
    item: null,
    time: time(row.Time),
    count: Math.max(1, Math.floor(num(row.Count) ?? 1)),
    raw: row,
  };
}

/**
 * Turns an `EnumerateSessionErrorsGroupDetails` row into a detail. Both documented shapes are
 * read: `{ Filename, … }` and `{ ErrorText, Path, Plugin, GroupId, NodeId, Time }`.
 */
export function toErrorDetail(row: Row): CoveSessionErrorDetail {
  return {
    fileName: text(row.Filename) ?? text(row.Path) ?? null,
    text: text(row.ErrorText) ?? text(row.Text) ?? null,
    time: time(row.Time),
    raw: row,
  };
}

/** The JSON a M365 error `Description` holds: `{ description, entity, path }`. */
function m365Description(value: unknown): { description?: string; entity?: string; path?: string } {
  if (typeof value === 'object' && value !== null) return value as Record<string, string>;
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, string>;
  } catch {
    // Plain text: the description itself.
  }
  return { description: value };
}

/** Turns an M365 `EnumerateSessionErrors` row into a {@link CoveSessionError}. */
export function toM365Error(
  row: Row,
  sessionId: number,
  dataSource: CoveSessionDataSource,
): CoveSessionError {
  const description = m365Description(row.Description);
  return {
    id: num(row.Id) ?? null,
    sessionId: num(row.SessionId) ?? sessionId,
    code: null,
    text: text(description.description) ?? '',
    fileName: text(description.path) ?? null,
    item: text(description.entity) ?? text(row.Item) ?? null,
    time: time(row.Timestamp),
    count: 1,
    dataSource,
    raw: row,
  };
}

/**
 * M365 errors repeat across data sources and calls: merges those with the same description,
 * item and path, adding up their counts and keeping the earliest time. Order of first sight.
 */
export function dedupeM365Errors(errors: readonly CoveSessionError[]): CoveSessionError[] {
  const byKey = new Map<string, CoveSessionError>();
  for (const error of errors) {
    const key = JSON.stringify([error.text, error.item, error.fileName]);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...error });
    else {
      seen.count += error.count;
      if (error.time !== null && (seen.time === null || error.time < seen.time)) seen.time = error.time;
    }
  }
  return [...byKey.values()];
}
