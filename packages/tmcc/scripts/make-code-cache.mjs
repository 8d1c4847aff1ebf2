// Build step: runs the bundled bin once (`tmcc -s 127.0.0.1 bossinfo`, nothing sent)
// and saves V8's code cache for what that run compiled, next to the bundle.
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const file = fileURLToPath(new URL('../dist/bin/tmcc.cjs', import.meta.url));
// The previous build's cache must not be loaded: V8 checks a cache only against the
// source's length, so a same-length new bundle would run the old code.
rmSync(`${file}.v8cache`, { force: true });
process.argv = [process.argv[0], file, '-s', '127.0.0.1', 'bossinfo'];
const { script } = require('../bin/load-cached.js')(file);
process.on('exit', () => {
  writeFileSync(`${file}.v8cache`, script.createCachedData());
});
