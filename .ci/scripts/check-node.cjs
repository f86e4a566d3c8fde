// Stops the README's commands (npm test, npm run demo, npm run bench) with one clear line when this
// Node is older than package.json's `engines.node` (the examples need Node's type stripping). Plain
// CommonJS with no newer syntax than Node 14 knows, so it runs before anything else can fail.
'use strict';
const pkg = require('../../package.json');
const wanted = String(pkg.engines?.node ?? '').replace(/^>=\s*/, '');
const parse = (version) =>
  String(version)
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
const have = parse(process.versions.node);
const need = parse(wanted);
const differs = [0, 1, 2].find((i) => (have[i] ?? 0) !== (need[i] ?? 0));
if (differs !== undefined && (have[differs] ?? 0) < (need[differs] ?? 0)) {
  process.stderr.write(
    `@backupchecks/sdk needs Node ${wanted} or later, but this is Node ${process.versions.node} (${process.execPath}): ` +
      'install Node 24 (e.g. `nvm install 24`) or the latest Node 22, then run the command again.\n',
  );
  process.exit(1);
}
