/**
 * Writes `schema/backup-run.schema.json` from the zod `BackupRunSchema`.
 *
 *     node --experimental-strip-types .ci/scripts/gen-json-schema.ts
 *
 * `test/normalize/json-schema.test.ts` fails when the checked-in file differs from this output,
 * so run this after changing `src/normalize/backup-run.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';

// Loaded through a computed URL: Node's type stripping needs the `.ts` extension, which tsc
// rejects in a static import. backup-run.ts imports only zod, so it loads on its own.
const modulePath = new URL('../../src/normalize/backup-run.ts', import.meta.url).href;
const { backupRunJsonSchema } = (await import(modulePath)) as typeof import('../../src/normalize/backup-run');

const target = new URL('../../schema/backup-run.schema.json', import.meta.url);
mkdirSync(new URL('.', target), { recursive: true });
writeFileSync(target, `${JSON.stringify(backupRunJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
