// The real CliDeps: the only place the CLI reads process.env and friends.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendOptions } from '@tbvnode/core';
import type { CliDeps } from './cli-deps.js';

// Loaded relative to this package, so backends installed next to the CLI are found.
const importModule = (specifier: string): Promise<unknown> => import(specifier);

function binPath(name: string): string {
  // dist/runtime/ -> ../../bin/<name>.js
  return fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
}

// tmcc's single-file bundle, so a backend can give its vnodes a working `tmcc`
// (through the proxy) without installing anything inside them.
function tmccBundle(): string | undefined {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('@tbvnode/tmcc/package.json'));
    const bundle = join(dir, 'dist', 'bin', 'tmcc.cjs');
    return existsSync(bundle) ? bundle : undefined;
  } catch (err) {
    void err; // tmcc not resolvable: vnodes go without tmcc and the manager reports ISUP
    return undefined;
  }
}

function edgeBackendDefaults(): BackendOptions {
  return { nodePath: process.execPath, tmccBundle: tmccBundle() };
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
    backendDefaults: edgeBackendDefaults(),
  };
}
