// Runs a bundled CommonJS file with the V8 code cache written next to it at build
// time, so a cold start skips compiling it. V8 checks the cache against its own
// version and the source's length only: the build writes the bundle and its cache
// together (make-code-cache never loads the previous cache), never one alone.
// Shared with @tbvnode/cli's bins (exported as @tbvnode/tmcc/load-cached). Code run
// this way has no module loader for import(): bundle with dynamic import turned off.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/** Returns the compiled script (for createCachedData) and the bundle's exports. */
module.exports = function loadCached(file) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.v8cache`);
  } catch (err) {
    cachedData = undefined; // no cache (e.g. a source checkout): compile as usual
    void err;
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  return { script, exports: mod.exports };
};
