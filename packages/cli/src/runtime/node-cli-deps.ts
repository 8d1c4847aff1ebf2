// The real CliDeps: the only place the CLI reads process.env and friends.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendOptions } from '@tbvnode/core';
import type { ImportModule } from '../backend/load-backend.js';
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

// The version of `pkg` that import() from this package would load, if any.
export function installedVersion(pkg: string): string | undefined {
  try {
    const file = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch (err) {
    void err; // not installed, or its package.json is not exported: import() decides
    return undefined;
  }
}

// dist/runtime/ and dist/bin/ (the bundle) are both two levels below package.json.
function ownVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch (err) {
    void err; // an odd install without package.json: --version is then not offered
    return undefined;
  }
}

// `tbvnode status | head`: the reader went away; stop quietly instead of crashing on EPIPE.
function quietOnEpipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  return stream;
}

export function nodeCliDeps(o: { importModule?: ImportModule } = {}): CliDeps {
  const version = ownVersion();
  return {
    ...(version === undefined ? {} : { version }),
    isRoot: process.getuid?.() === 0,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    platform: process.platform,
    stdout: quietOnEpipe(process.stdout),
    stderr: process.stderr,
    importModule: o.importModule ?? importModule,
    self: {
      manager: [process.execPath, binPath('tbvnode-manager')],
      bootvnodes: [process.execPath, binPath('bootvnodes')],
    },
    signals: process,
    stopSignal: () => {
      const ac = new AbortController();
      const abort = (): void => ac.abort();
      process.once('SIGINT', abort);
      process.once('SIGTERM', abort);
      return ac.signal;
    },
    backendDefaults: edgeBackendDefaults(),
  };
}
