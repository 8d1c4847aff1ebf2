// Bundles the tmcc bin into one CommonJS file: one module to load, and no ESM
// loader start-up, because tmcc runs many times during every vnode boot.
import { build } from 'esbuild';

// commander requires child_process at load time but only uses it for executable
// subcommands, which tmcc has none of; defer that module until it is really used.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('commander') ? { path: 'lazy-child-process', namespace: 'tmcc-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'tmcc-lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_t, k) => require('node:child_process')[k] });",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['src/bin/tmcc.ts'],
  outfile: 'dist/bin/tmcc.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  minify: true,
  sourcemap: 'linked',
  plugins: [lazyChildProcess],
  // load-cached.js runs the bundle as a vm.Script, where import() has no loader:
  // turn the lazy import()s of built-ins into require() calls.
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
});

// The code cache is made by running the bundle in a child with an empty root.
const { spawnSync } = await import('node:child_process');
const { mkdtempSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const root = mkdtempSync(join(tmpdir(), 'tmcc-build-'));
try {
  const r = spawnSync(process.execPath, ['scripts/make-code-cache.mjs'], {
    env: { PATH: process.env.PATH ?? '', TBVNODE_ROOT: root },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`making the code cache failed (exit ${r.status})`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
