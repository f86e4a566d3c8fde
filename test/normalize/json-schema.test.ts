import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BackupRunSchema, backupRunJsonSchema, RUN_STATUSES } from '../../src/normalize';
import { jsonSchema, validateJsonSchema } from './helpers';

const schemaPath = fileURLToPath(new URL('../../schema/backup-run.schema.json', import.meta.url));

describe('schema/backup-run.schema.json', () => {
  it('is exactly what .ci/scripts/gen-json-schema.ts generates from the zod schema', () => {
    const checkedIn = readFileSync(schemaPath, 'utf8');
    const generated = `${JSON.stringify(backupRunJsonSchema(), null, 2)}\n`;
    expect(checkedIn, 'run: node --experimental-strip-types .ci/scripts/gen-json-schema.ts').toBe(generated);
  });

  it('declares the BackupRun contract (required keys, status enum, no extra keys)', () => {
    expect(jsonSchema.required).toEqual([
      'id',
      'source',
      'externalId',
      'software',
      'job',
      'status',
      'objects',
    ]);
    expect(jsonSchema.properties?.status?.enum).toEqual([...RUN_STATUSES]);
    expect(jsonSchema.properties?.source?.enum).toEqual(['cove', 'dbackup']);
    expect(jsonSchema.additionalProperties).toBe(false);
  });

  it('the tiny validator agrees with zod on a valid and an invalid run', () => {
    const valid = {
      id: 'dbackup:x',
      source: 'dbackup',
      externalId: 'x',
      software: 'DBackup',
      job: { id: 'j', name: 'Job' },
      status: 'success',
      startedAt: '2026-11-22T22:41:44.432Z',
      objects: [{ name: 'app.db', type: 'database', status: 'success' }],
    };
    expect(BackupRunSchema.safeParse(valid).success).toBe(true);
    expect(validateJsonSchema(valid, jsonSchema)).toEqual([]);
    const invalid = {
      ...valid,
      status: 'ok',
      extra: 1,
      startedAt: '2026-11-22 22:41',
      objects: [{ name: '' }],
    };
    expect(BackupRunSchema.safeParse(invalid).success).toBe(false);
    expect(validateJsonSchema(invalid, jsonSchema)).toEqual(
      expect.arrayContaining(['$.status: not in enum', '$.extra: not allowed', '$.startedAt: pattern']),
    );
  });
});
