import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  type BackupRun,
  BackupRunSchema,
  type DBackupExecutionInput,
  normalizeRun,
} from '../../src/normalize';

/** Reads a JSON file under `test/fixtures/`. */
export function fixture<T = unknown>(path: string): T {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)), 'utf8'),
  ) as T;
}

/** The body of a DBackup recording under `test/fixtures/dbackup/`. */
export function dbackupBody<T = unknown>(name: string): T {
  return fixture<{ response: { body: T } }>(`dbackup/${name}.json`).response.body;
}

/** Freezes `value` and everything reachable from it, so any mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/** The checked-in JSON Schema. */
export const jsonSchema = fixture<JsonSchema>('../../schema/backup-run.schema.json');

/** The subset of JSON Schema keywords the generated BackupRun schema uses. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  enum?: unknown[];
  items?: JsonSchema;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

/**
 * A tiny validator for the keywords above (no ajv in this repo). Returns the problems found, as
 * `path: problem` strings; empty means valid.
 */
export function validateJsonSchema(value: unknown, schema: JsonSchema, path = '$'): string[] {
  const problems: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: not in enum`);
  switch (schema.type) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return [`${path}: expected object`];
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? [])
        if (!(key in record)) problems.push(`${path}.${key}: required`);
      for (const [key, child] of Object.entries(record)) {
        const sub = schema.properties?.[key];
        if (sub) problems.push(...validateJsonSchema(child, sub, `${path}.${key}`));
        else if (schema.additionalProperties === false) problems.push(`${path}.${key}: not allowed`);
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected array`];
      value.forEach((item, i) => {
        if (schema.items) problems.push(...validateJsonSchema(item, schema.items, `${path}[${i}]`));
      });
      break;
    case 'string':
      if (typeof value !== 'string') return [`${path}: expected string`];
      if (schema.minLength !== undefined && value.length < schema.minLength)
        problems.push(`${path}: too short`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
        problems.push(`${path}: pattern`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) return [`${path}: expected integer`];
      if (schema.minimum !== undefined && (value as number) < schema.minimum)
        problems.push(`${path}: below minimum`);
      if (schema.maximum !== undefined && (value as number) > schema.maximum)
        problems.push(`${path}: above maximum`);
      break;
  }
  return problems;
}

/** Normalizes a (frozen) DBackup execution and checks the result against the BackupRun schema. */
export function normalizeDBackup(execution: unknown): BackupRun {
  const run = normalizeRun({ source: 'dbackup', execution: deepFreeze(execution) as DBackupExecutionInput });
  expect(BackupRunSchema.parse(run)).toEqual(run);
  return run;
}

/** The execution inside a recorded `GET /api/executions/:id` body. */
export const dbackupDetail = (name: string) => dbackupBody<{ data: DBackupExecutionInput }>(name).data;
