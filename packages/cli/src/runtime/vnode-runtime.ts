// Everything vnodesetup's operations need for one kind of vnode: the backend
// (process for -i, the configured one for -j), boss, and the VnodesetupContext
// whose startManager re-executes `vnodesetup --manager` as a detached session.
import {
  builtinStepTypes,
  createStepRegistry,
  managerStepTypes,
  recoverVnode,
  type StepRegistry,
  type VnodeId,
  type VnodesetupContext,
  type VnodesetupTiming,
  vnodePaths,
} from '@tbvnode/core';
import { createTmccClient } from '@tbvnode/tmcc';
import { BUILTIN_BACKEND } from '../settings/settings.js';
import { resolveBossEndpoint, type ResolvedBoss } from './boss.js';
import type { CliDeps } from './cli-deps.js';
import { loadHostBackend, type HostRuntime, type LoadedBackend } from './host-runtime.js';
import { createLocking } from './locking.js';

export type VnodeKind = 'jail' | 'fake';

export interface VnodeRuntime {
  readonly backendName: string;
  readonly loaded: LoadedBackend;
  readonly boss: ResolvedBoss | undefined;
  readonly registry: StepRegistry;
  readonly ctx: VnodesetupContext;
}

export function backendFor(kind: VnodeKind, configured: string): string {
  return kind === 'fake' ? BUILTIN_BACKEND : configured;
}

export async function createVnodeRuntime(o: {
  rt: HostRuntime;
  kind: VnodeKind;
  backend: string;
  timing: Partial<VnodesetupTiming>;
  debug: boolean;
  cli: CliDeps;
  // Resolved once by a caller that builds several runtimes (bootvnodes).
  boss?: ResolvedBoss | undefined;
  // Halting or killing must work while boss is unknown or down (host shutdown).
  bossOptional?: boolean;
}): Promise<VnodeRuntime> {
  const { rt, cli } = o;
  const backendName = backendFor(o.kind, o.backend);
  const boss = o.boss ?? (await findBoss(rt, cli, o.bossOptional === true));
  const loaded = await loadHostBackend(rt, backendName, boss ? { bossName: boss.bossnode } : {}, cli);
  const registry = createStepRegistry(builtinStepTypes, loaded.backend.stepTypes, managerStepTypes);
  const locking = createLocking(rt);
  const kindFlag = o.kind === 'fake' ? '-i' : '-j';
  const ctx: VnodesetupContext = {
    host: rt.paths,
    deps: rt.deps,
    timing: o.timing,
    withVnodeLock: (id, fn) => locking.withVnodeLock(id, fn),
    async startManager(id: VnodeId) {
      await rt.deps.fs.mkdir(rt.paths.logsDir, { recursive: true });
      await rt.deps.fs.mkdir(rt.paths.runDir, { recursive: true });
      const argv = [
        ...cli.self.vnodesetup, '--manager', kindFlag, ...(o.debug ? ['-d'] : []),
        '--root', rt.paths.root, '--backend', backendName, id,
      ] as const;
      // The manager logs to its own file; its stdout/stderr go there too (the runner
      // hands it the open file), so even a crash's stack trace is kept.
      const log = { file: vnodePaths(rt.paths, id).managerLog };
      return rt.deps.runner.start([argv[0], ...argv.slice(1)], { detached: true, stdout: log, stderr: log });
    },
    recover: (id, mode) => recoverVnode({ host: rt.paths, deps: rt.deps, registry, id, mode }),
    async reportState(id, state) {
      if (!boss) return;
      const tmcc = createTmccClient({
        root: rt.paths.root, target: boss.target, vnodeId: id, useCache: false, useProxyPath: false,
        ...(boss.privKey === undefined ? {} : { privKey: boss.privKey }),
      });
      try {
        await tmcc.request('state', [state], { timeoutMs: 2_000, signal: AbortSignal.timeout(2_000) });
      } catch (err) {
        rt.log.warn({ vnode: id, state, err }, 'could not report state to boss');
      }
    },
  };
  return { backendName, loaded, boss, registry, ctx };
}

async function findBoss(rt: HostRuntime, cli: CliDeps, optional: boolean): Promise<ResolvedBoss | undefined> {
  try {
    return await resolveBossEndpoint({ root: rt.paths.root, env: cli.env });
  } catch (err) {
    if (!optional) throw err;
    rt.log.warn({ err }, 'boss not found; going on without telling it');
    return undefined;
  }
}
