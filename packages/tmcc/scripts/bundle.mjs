// Bundles the tmcc bin into one file so a cold start loads a single module.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/bin/tmcc.ts'],
  outfile: 'dist/bin/tmcc.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  // commander is CommonJS; give its require() calls a real require in the ESM bundle.
  banner: { js: "import { createRequire as __tmccCreateRequire } from 'node:module';\nconst require = __tmccCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
