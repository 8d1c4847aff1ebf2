// The real CliDeps: the only place the CLI reads process.env and friends.
import { fileURLToPath } from 'node:url';
import type { CliDeps } from './cli-deps.js';

// Loaded relative to this package, so backends installed next to the CLI are found.
const importModule = (specifier: string): Promise<unknown> => import(specifier);

function binPath(name: string): string {
  // dist/runtime/ -> ../../bin/<name>.js
  return fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
}

export function nodeCliDeps(): CliDeps {
  return {
    env: process.env,
    platform: process.platform,
    stdout: process.stdout,
    stderr: process.stderr,
    importModule,
    self: {
      vnodesetup: [process.execPath, binPath('vnodesetup')],
      bootvnodes: [process.execPath, binPath('bootvnodes')],
    },
    signals: process,
  };
}
