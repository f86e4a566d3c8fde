/**
 * Regenerates `docs/cove-columns.md` from the column catalogue in `src/cove/columns`.
 *
 * Run: `node --experimental-strip-types .ci/scripts/gen-column-docs.ts` (add `--check` to fail instead
 * of writing when the file is out of date). The sources use extensionless relative imports
 * (bundler resolution), which Node's ESM loader does not resolve, so a resolve hook retries them
 * with `.ts` before the catalogue is imported.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || /\.[cm]?[jt]s$/.test(specifier)) throw error;
      return nextResolve(`${specifier}.ts`, context);
    }
  },
});

const { renderColumnReference } = await import('../../src/cove/columns/reference-markdown');
const target = new URL('../../docs/cove-columns.md', import.meta.url);
const markdown = renderColumnReference();

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== markdown) {
    console.error('docs/cove-columns.md is out of date: run node .ci/scripts/gen-column-docs.ts');
    process.exitCode = 1;
  }
} else {
  await writeFile(target, markdown);
  console.log(`wrote docs/cove-columns.md (${markdown.split('\n').length - 1} lines)`);
}
