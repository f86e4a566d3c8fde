// Stops the README's commands (npm test, npm run demo, npm run bench) with one clear line when this
// Node is older than package.json's `engines.node` (the examples need type stripping, the tests
// APIs of Node 22.18+). Written for any Node version, so it can run before anything else.
'use strict';
var path = require('path');
var pkg = require(path.join(__dirname, '..', '..', 'package.json'));
var wanted = String((pkg.engines && pkg.engines.node) || '').replace(/^>=\s*/, '');
var parse = function (v) {
  return String(v).replace(/^v/, '').split('.').map(function (n) { return parseInt(n, 10) || 0; });
};
var have = parse(process.versions.node);
var need = parse(wanted);
var older = false;
for (var i = 0; i < 3; i++) {
  if ((have[i] || 0) !== (need[i] || 0)) { older = (have[i] || 0) < (need[i] || 0); break; }
}
if (older) {
  process.stderr.write(
    '@backupchecks/sdk needs Node ' + wanted + ' or later, but this is Node ' + process.versions.node +
      ' (' + process.execPath + '): install Node 24 (e.g. `nvm install 24`) or the latest Node 22, then run the command again.\n',
  );
  process.exit(1);
}
