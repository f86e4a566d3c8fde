/** Error bodies from the real DBackup recordings: every shape yields the right message. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dbackupErrorBodySchema, errorMessageOf, missingPermissionOf } from '../../src/dbackup/schemas';

interface Recording {
  file: string;
  response?: { status: number; bodyIsJson?: boolean; body?: unknown; rawBody?: string };
}

const FIXTURES = fileURLToPath(new URL('../fixtures/dbackup/', import.meta.url));

const failures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((file) => ({
    file,
    ...(JSON.parse(readFileSync(FIXTURES + file, 'utf8')) as Omit<Recording, 'file'>),
  }))
  .filter((r) => r.response && r.response.status >= 400);

/** What a client would hand to errorMessageOf: the JSON body, or the raw text. */
function bodyOf(r: Recording): unknown {
  return r.response?.bodyIsJson ? r.response.body : (r.response?.rawBody ?? '');
}

describe('errorMessageOf on recorded error bodies', () => {
  it('covers every error shape', () => {
    const shapes = new Set(
      failures.map((r) => {
        const body = bodyOf(r);
        if (typeof body === 'string') return body === '' ? 'empty' : 'text';
        return Object.keys(body as object)
          .sort()
          .join(',');
      }),
    );
    expect([...shapes].sort()).toEqual(['empty', 'error', 'error,success', 'text']);
  });

  it.each(failures.map((r) => [r.file, r] as const))('%s', (_file, recording) => {
    const body = bodyOf(recording);
    if (recording.response?.bodyIsJson) {
      const parsed = dbackupErrorBodySchema.parse(body);
      expect(errorMessageOf(body)).toBe(parsed.error.trim());
    } else if (body === '') {
      expect(errorMessageOf(body)).toBeUndefined();
    } else {
      expect(errorMessageOf(body)).toBe('Too Many Requests');
    }
  });

  it('handles other shapes', () => {
    expect(errorMessageOf({ success: false, error: 'Execution not found' })).toBe('Execution not found');
    expect(errorMessageOf({ error: { message: 'nested' } })).toBe('nested');
    expect(errorMessageOf({ message: 'only message' })).toBe('only message');
    expect(errorMessageOf('{"error":"json as text"}')).toBe('json as text');
    expect(errorMessageOf('  Unauthorized\n')).toBe('Unauthorized');
    for (const empty of ['', '   ', null, undefined, 42, [], {}, { error: '' }]) {
      expect(errorMessageOf(empty)).toBeUndefined();
    }
  });
});

describe('missingPermissionOf', () => {
  it('extracts the permission from recorded messages', () => {
    const byFile = (file: string) =>
      errorMessageOf(bodyOf(failures.find((r) => r.file === file) ?? { file }));
    expect(missingPermissionOf(byFile('perm-history-only-run-403.json'))).toBe('jobs:execute');
    expect(missingPermissionOf(byFile('perm-history-only-adapters-database.json'))).toBe('sources:view');
    expect(missingPermissionOf(byFile('perm-history-only-storage-files.json'))).toBe('storage:read');
    expect(missingPermissionOf(byFile('perm-history-only-storage-history.json'))).toBe('storage:read');
  });

  it('returns undefined for other messages', () => {
    expect(missingPermissionOf('Permission denied: jobs:execute required')).toBe('jobs:execute');
    expect(missingPermissionOf('permission denied: api-keys:write required')).toBe('api-keys:write');
    for (const m of ['Unauthorized', 'Failed to fetch jobs', '', null, undefined]) {
      expect(missingPermissionOf(m)).toBeUndefined();
    }
  });
});
