// Build step: loads the bundle, runs each command's --help (output discarded by
// the parent), and saves V8's code cache for everything compiled so far.
'use strict';
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const loadCached = require('@tbvnode/tmcc/load-cached');

const file = path.join(__dirname, '..', 'dist', 'bin', 'cli.cjs');
const { script, exports: cli } = loadCached(file);
(async () => {
  for (const command of ['vnodesetup', 'bootvnodes', 'tbvnode', 'tbvnode-manager']) await cli.run(command, ['--help'], (specifier) => import(specifier));
  writeFileSync(`${file}.v8cache`, script.createCachedData());
})().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
