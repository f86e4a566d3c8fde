import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const entries = ['normalize/index.js', 'normalize/index.cjs'].map((file) => resolve(dist, file));

/** Every file an entry loads through relative imports / requires (tsup chunks). */
function closure(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file) || !existsSync(file)) continue;
    const code = readFileSync(file, 'utf8');
    files.set(file, code);
    for (const match of code.matchAll(
      /(?:from\s*|import\s*\(?\s*|require\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g,
    )) {
      pending.push(resolve(dirname(file), match[1]!));
    }
  }
  return files;
}

/** Bare module specifiers imported or required by `code`. */
function bareImports(code: string): string[] {
  const found = code.matchAll(/(?:from\s*|import\s*\(?\s*|require\s*\(\s*)["']([^."'][^"']*)["']/g);
  return [...found].map((m) => m[1]!);
}

describe.skipIf(!entries.every((file) => existsSync(file)))(
  'built @backupchecks/sdk/normalize bundle',
  () => {
    it.each(entries)('%s loads no HTTP code (no ky, no msw)', (entry) => {
      const files = closure(entry);
      expect(files.size).toBeGreaterThan(0);
      for (const [file, code] of files) {
        const imports = bareImports(code);
        expect(
          imports.filter((name) => /^(ky|msw)(\/|$)/.test(name)),
          file,
        ).toEqual([]);
        expect(code, file).not.toMatch(/\bHTTPError\b|globalThis\.fetch|\bfetch\(/);
      }
    });
  },
);
