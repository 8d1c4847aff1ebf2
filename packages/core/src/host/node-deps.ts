// The real dependency object for this machine, assembled at the edge (CLI main,
// manager entry point). Tests build their own with fakes where they need them.
import * as fsp from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Clock, CoreDeps } from '../deps.js';
import { createExecaRunner } from '../runner/execa-runner.js';
import type { CommandRunner } from '../runner/types.js';
import { freebsdMountTable, linuxMountTable } from './mount-table.js';
import {
  createProcessTable, freebsdStartToken, linuxCommandLine, linuxGroupMembers, linuxIsZombie, linuxListGroupMembers, linuxStartToken,
} from './process-table.js';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: sleepUnlessAborted,
};

// Rejects with signal.reason, as Clock promises (node's timers/promises rejects
// with its own AbortError and hides the reason in `cause`), so a caller that
// aborts with its own reason gets that very value back.
function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface NodeDepsOptions {
  readonly log: Logger;
  readonly platform?: NodeJS.Platform;
  readonly runner?: CommandRunner;
  /** Base environment for commands (read by the caller at the edge). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function createNodeDeps(o: NodeDepsOptions): CoreDeps {
  const platform = o.platform ?? process.platform;
  const runner = o.runner ?? createExecaRunner({ log: o.log, env: o.env });
  const bsd = platform === 'freebsd';
  return {
    runner,
    log: o.log,
    fs: fsp,
    clock: systemClock,
    proc: bsd
      ? createProcessTable(freebsdStartToken(runner))
      : createProcessTable(linuxStartToken(fsp), linuxGroupMembers(fsp), linuxListGroupMembers(fsp), linuxIsZombie(), linuxCommandLine(fsp)),
    mounts: bsd ? freebsdMountTable(runner) : linuxMountTable(fsp),
  };
}
