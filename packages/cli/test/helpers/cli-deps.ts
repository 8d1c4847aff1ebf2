// CliDeps for in-process command tests: captured output, no real signals.
import { EventEmitter } from 'node:events';
import type { CliDeps } from '../../src/runtime/cli-deps.js';

export function captureDeps(env: Record<string, string | undefined> = {}): CliDeps & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    env,
    platform: 'linux',
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    importModule: (s) => import(s),
    self: { manager: ['/nonexistent/node'], bootvnodes: ['/nonexistent/node'] },
    signals: new EventEmitter(),
    out: () => out,
    err: () => err,
  };
}
