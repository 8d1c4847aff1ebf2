// What vnodesetup's operations need for one kind of vnode: the backend (process
// for -i, the configured one for -j), boss, and core's openHost over them, told
// how to start this vnode's manager (the tbvnode-manager bin, detached).
import type { Argv, BossEndpoint, OpenHost, VnodeId, VnodesetupContext, VnodesetupTiming } from '@tbvnode/core';
import { BUILTIN_BACKEND } from '../settings/settings.js';
import { resolveBossEndpoint } from './boss.js';
import type { CliDeps } from './cli-deps.js';
import { openCliHost, type HostRuntime } from './host-runtime.js';

export type VnodeKind = 'jail' | 'fake';

export interface VnodeRuntime {
  readonly backendName: string;
  readonly host: OpenHost;
  readonly ctx: VnodesetupContext;
}

export function backendFor(kind: VnodeKind, configured: string): string {
  return kind === 'fake' ? BUILTIN_BACKEND : configured;
}

/** Pure: the manager's command line (the pid file records it; `ps` shows it). */
export function managerArgv(self: readonly [string, ...string[]], o: { root: string; backend: string; debug: boolean; id: VnodeId }): Argv {
  const [cmd, ...rest] = self;
  return [cmd, ...rest, ...(o.debug ? ['-d'] : []), '--root', o.root, '--backend', o.backend, o.id];
}

export async function createVnodeRuntime(o: {
  rt: HostRuntime;
  kind: VnodeKind;
  backend: string;
  timing: Partial<VnodesetupTiming>;
  debug: boolean;
  cli: CliDeps;
  // Resolved once by a caller that builds several runtimes (bootvnodes).
  boss?: BossEndpoint | undefined;
  // Halting or killing must work while boss is unknown or down (host shutdown).
  bossOptional?: boolean;
}): Promise<VnodeRuntime> {
  const { rt, cli } = o;
  const backendName = backendFor(o.kind, o.backend);
  const boss = o.boss ?? (await findBoss(rt, cli, o.bossOptional === true));
  const host = await openCliHost(rt, cli, {
    backend: backendName,
    boss,
    managerArgv: (id) => managerArgv(cli.self.manager, { root: rt.paths.root, backend: backendName, debug: o.debug, id }),
  });
  return { backendName, host, ctx: host.vnodesetup(o.timing) };
}

async function findBoss(rt: HostRuntime, cli: CliDeps, optional: boolean): Promise<BossEndpoint | undefined> {
  try {
    return await resolveBossEndpoint({ root: rt.paths.root, env: cli.env });
  } catch (err) {
    if (!optional) throw err;
    rt.log.warn({ err }, 'boss not found; going on without telling it');
    return undefined;
  }
}
