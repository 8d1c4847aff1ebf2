// What vnodesetup's operations need, as one object built at the edge. The
// host-specific parts (how to start a manager, the lock, crash recovery) are
// functions, so the operations stay small and tests can see every effect.
import type { CoreDeps } from '../deps.js';
import type { HostPaths } from '../paths/layout.js';
import type { VnodeId } from '../paths/vnode-id.js';
import type { StartedProcess } from '../runner/types.js';

export interface VnodesetupTiming {
  // vnodesetup -b: how long to wait for `running` or the manager's exit (Emulab: 60 s).
  readonly bootWaitMs: number;
  // vnodesetup -h/-k: how long to wait for the pid file to go (Emulab: 30 s).
  readonly stopWaitMs: number;
  readonly pollMs: number;
}

const DEFAULT_TIMING: VnodesetupTiming = { bootWaitMs: 60_000, stopWaitMs: 30_000, pollMs: 100 };

export interface VnodesetupContext {
  readonly host: HostPaths;
  readonly deps: CoreDeps;
  readonly timing?: Partial<VnodesetupTiming>;
  // Start this vnode's manager as a detached session leader.
  startManager(id: VnodeId): Promise<StartedProcess>;
  // Serialises control operations on one vnode across processes.
  withVnodeLock<T>(id: VnodeId, fn: () => Promise<T>): Promise<T>;
  // No manager is alive: undo what its journal recorded (halt: runtime steps;
  // kill: everything and the config dir). Returns false when there was nothing.
  recover(id: VnodeId, mode: 'halt' | 'kill'): Promise<boolean>;
  // Tell boss when no manager is left to do it (crash recovery).
  reportState?(id: VnodeId, state: 'SHUTDOWN'): Promise<void>;
}

export function timingOf(ctx: VnodesetupContext): VnodesetupTiming {
  return { ...DEFAULT_TIMING, ...ctx.timing };
}
