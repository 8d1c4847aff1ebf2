// Bundles the four commands (src/bundle/entry.ts) into one CommonJS file,
// dist/bin/cli.cjs, and writes its V8 code cache: every vnode manager is a new
// process, and this makes its start cost about what `node -e 0` costs.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const cliDir = path.resolve(here, '..');
const SELF = JSON.parse(readFileSync(path.join(cliDir, 'package.json'), 'utf8')).name;
const BACKENDS = ['@tbvnode/backend-linux-vserver', '@tbvnode/backend-freebsd-jail'];

function packageRoot(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      return { dir, name: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name };
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
  }
  throw new Error(`no package.json above ${file}`);
}

// Modules find their own files (scripts, bins) from import.meta.url. In the bundle
// that must still mean where the module's package is installed, so each use
// becomes a call that resolves the package at run time (see the banner).
const importMetaUrl = {
  name: 'import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const pkg = packageRoot(args.path);
      const rel = path.relative(pkg.dir, args.path).split(path.sep).join('/');
      const contents = text.replaceAll('import.meta.url', `__tbvnodeFileUrl(${JSON.stringify(pkg.name)}, ${JSON.stringify(rel)})`);
      if (contents.includes('import.meta')) throw new Error(`${args.path}: only import.meta.url can be bundled`);
      return { contents, loader: path.extname(args.path) === '.ts' ? 'ts' : 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

// Runs inside the bundle, where require, __dirname are the bundle's (dist/bin/).
// A package that is not installed (a backend this host does not use) gets a
// path that does not exist: its copy runs its top level at load, but is never
// used (see src/backend/bundled-backends.ts).
const banner = `var __tbvnodeFileUrl = (() => {
  const { dirname, join } = require('node:path');
  const { pathToFileURL } = require('node:url');
  const dirs = new Map([[${JSON.stringify(SELF)}, join(__dirname, '..', '..')]]);
  const locate = (pkg) => {
    try {
      return dirname(require.resolve(pkg + '/package.json'));
    } catch {
      return join('/', '.tbvnode-not-installed', pkg);
    }
  };
  return (pkg, rel) => {
    let dir = dirs.get(pkg);
    if (dir === undefined) dirs.set(pkg, (dir = locate(pkg)));
    return pathToFileURL(join(dir, rel)).href;
  };
})();`;

const requireHere = createRequire(path.join(cliDir, 'package.json'));
const versions = Object.fromEntries(
  BACKENDS.map((pkg) => [pkg, JSON.parse(readFileSync(requireHere.resolve(`${pkg}/package.json`), 'utf8')).version]),
);

await build({
  absWorkingDir: cliDir,
  entryPoints: ['src/bundle/entry.ts'],
  outfile: 'dist/bin/cli.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  minify: true,
  keepNames: true,
  sourcemap: 'linked',
  banner: { js: banner },
  define: { TBVNODE_BUNDLED_VERSIONS: JSON.stringify(versions) },
  plugins: [importMetaUrl],
  // The bundle runs as a vm.Script (see @tbvnode/tmcc/load-cached), which has no
  // loader for import(): the lazy import()s of built-ins become require() calls.
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
});

// The code cache is made by a child that loads the bundle and runs `--help`s.
const { spawnSync } = await import('node:child_process');
const r = spawnSync(process.execPath, [path.join(here, 'make-code-cache.cjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0) throw new Error(`making the code cache failed (exit ${r.status})`);
