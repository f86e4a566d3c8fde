// Measures each entry point's size as a user's bundler would ship it: the ESM entry with its shared
// chunks, minified and gzipped. Dependencies are measured separately (external) and included.
// Run after `npm run build`: `node .ci/scripts/size.mjs` (add `--json` for machine-readable output,
// `--check` to fail when an entry outgrows its budget below).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entries = ['index', 'cove/index', 'dbackup/index', 'normalize/index', 'testing/index'];

async function size(entry, external) {
  const result = await build({
    entryPoints: [`dist/${entry}.js`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    external,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code).length };
}

/**
 * Budgets in KiB, min+gzip of the SDK's own code (ky and zod excluded). Raise them deliberately.
 * Cove +4: session history and errors (reporting services) and checkAccess (about 2.8 KiB alone).
 * DBackup 15 → 22: the webhook handler, which normalizes runs (the DBackup mapping and BackupRun, ~7 KiB).
 * All clients about +2.5: hardening (redirect policy, response size cap, secret forms, argument checks).
 * Normalize +1: session runs, fingerprint ids, 3.4 run rows and DBackup log parsing.
 * Root and cove +1.5: surviving faults (resending reads after a malformed body, page resume,
 * CoveMalformedResponseError) and the speed work (lazy row values, zod-free plain-row readers).
 * Root and cove +1: the second speed round (row shapes with templates and scratch arrays, lazy
 * `raw`, the plain statistics-result reader that keeps zod off the page array), about 0.8 KiB.
 */
const BUDGETS = { '.': 53, cove: 31, dbackup: 26, normalize: 11, testing: 47 };

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const rows = [];
for (const entry of entries) {
  const own = await size(entry, ['ky', 'zod', 'msw', 'msw/*', 'node:*']);
  const withDeps = await size(entry, ['msw', 'msw/*', 'node:*']);
  rows.push({ entry: entry.replace(/\/?index$/, '') || '.', own, withDeps });
}
if (process.argv.includes('--check')) {
  let over = 0;
  for (const r of rows) {
    const budget = BUDGETS[r.entry];
    const ok = r.own.gzip <= budget * 1024;
    if (!ok) over++;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${r.entry.padEnd(10)} ${kb(r.own.gzip).padStart(10)} of ${budget} KiB`,
    );
  }
  if (over > 0) {
    console.error(`${over} entry point(s) over budget`);
    process.exit(1);
  }
} else if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log('| entry | min | min+gzip | min+gzip with ky + zod |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) {
    const name = r.entry === '.' ? '@backupchecks/sdk' : `@backupchecks/sdk/${r.entry}`;
    console.log(`| ${name} | ${kb(r.own.min)} | ${kb(r.own.gzip)} | ${kb(r.withDeps.gzip)} |`);
  }
}
