// Every bin runs its command from the one CommonJS bundle (dist/bin/cli.cjs) with
// its V8 code cache: a vnode manager is a new process each time, and this start
// is several times cheaper than loading the ESM graph. See scripts/bundle.mjs.
'use strict';
const path = require('node:path');
const loadCached = require('@tbvnode/tmcc/load-cached');

module.exports = function runBundled(command) {
  const { exports: cli } = loadCached(path.join(__dirname, '..', 'dist', 'bin', 'cli.cjs'));
  cli.run(command, process.argv.slice(2), (specifier) => import(specifier)).then(
    (status) => {
      process.exitCode = status;
    },
    (err) => {
      process.stderr.write(`${command}: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
      process.exitCode = 70;
    },
  );
};
