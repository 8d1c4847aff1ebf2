// vnodesetup -b/-h/-k/-r as library functions. Each runs under the vnode's lock,
// looks at the manager (pid file + probe), and either signals it and waits, or —
// when the manager is gone — starts one or recovers from its journal.
import type { VnodeId } from '../paths/vnode-id.js';
import { vnodePaths, type VnodePaths } from '../paths/layout.js';
import type { VnodesetupContext } from './context.js';
import { timingOf } from './context.js';
import { VnodesetupError } from './errors.js';
import type { ManagerState } from './manager-state.js';
import { pathExists } from '../fs/path-exists.js';
import { mtimeIfExists, readManagerState } from './observe.js';
import { waitForPidFileGone, waitForRunning, type BootDone } from './wait-for.js';

export interface BootResult {
  readonly status: number;
  readonly reason: BootDone['reason'] | 'already-running';
}

export interface StopResult {
  // 'signalled': a live manager stopped itself; 'recovered': we undid a dead one's journal.
  readonly how: 'signalled' | 'recovered';
}

// Emulab restarts a running manager on -b; bootvnodes' cold boot skips it instead,
// which is what keeps two bootvnodes from booting one vnode twice.
export async function bootVnode(
  ctx: VnodesetupContext,
  id: VnodeId,
  o: { ifRunning: 'restart' | 'skip' } = { ifRunning: 'restart' },
): Promise<BootResult> {
  const paths = vnodePaths(ctx.host, id);
  const log = ctx.deps.log.child({ vnode: id });
  return ctx.withVnodeLock(id, async () => {
    const state = await managerState(ctx, paths);
    if (state.kind === 'running') {
      if (o.ifRunning === 'skip') {
        log.info({ pid: state.pid }, 'manager already running; not booting again');
        return { status: 0, reason: 'already-running' as const };
      }
      log.warn({ pid: state.pid }, 'killing an already running vnode manager');
      await signalAndWait(ctx, paths, state.pid, 'SIGUSR1');
    } else if (state.kind === 'stale') {
      // The new manager undoes the dead one's runtime steps from the journal.
      log.warn({ pid: state.pid, recycled: state.recycled ?? false }, 'removing stale pid file');
      await ctx.deps.fs.rm(paths.pidFile, { force: true });
    }
    return startAndWait(ctx, paths);
  });
}

async function startAndWait(ctx: VnodesetupContext, paths: VnodePaths): Promise<BootResult> {
  const t = timingOf(ctx);
  const previousMarkerMtimeMs = await mtimeIfExists(ctx.deps, paths.runningMarker);
  const startedAt = ctx.deps.clock.now();
  const child = await ctx.startManager(paths.id);
  try {
    const done = await waitForRunning(ctx.deps, paths, {
      startedAt,
      previousMarkerMtimeMs,
      waitMs: t.bootWaitMs,
      pollMs: t.pollMs,
      exited: child.exited,
    });
    ctx.deps.log.info({ vnode: paths.id, pid: child.pid, ...done }, 'vnodesetup boot finished waiting');
    return { status: done.status, reason: done.reason };
  } finally {
    // The manager lives on after we return; do not let it hold our event loop.
    child.unref();
  }
}

export async function stopVnode(ctx: VnodesetupContext, id: VnodeId, request: 'halt' | 'kill'): Promise<StopResult> {
  const paths = vnodePaths(ctx.host, id);
  return ctx.withVnodeLock(id, async () => {
    let state = await managerState(ctx, paths);
    if (state.kind === 'running') {
      const signal = request === 'halt' ? 'SIGTERM' : 'SIGUSR1';
      if (ctx.deps.proc.kill(state.pid, signal)) {
        ctx.deps.log.info({ vnode: id, pid: state.pid, signal }, 'signalled manager');
        await waitStopped(ctx, paths, state.pid, signal);
        return { how: 'signalled' as const };
      }
      // It died between the probe and the signal: recover like any dead manager.
      state = { kind: 'stale', pid: state.pid };
    }
    if (state.kind === 'stale' && state.recycled) {
      ctx.deps.log.warn({ vnode: id, pid: state.pid }, 'the pid file names a process that is not this vnode\'s manager (pid reused); not signalling it');
    }
    // No live manager: a crashed one (stale pid file) or a halted vnode. Its
    // journal says what is still in place.
    const hadConfigDir = await pathExists(ctx.deps, paths.configDir);
    if (state.kind === 'none' && !hadConfigDir) {
      throw new VnodesetupError('NO_MANAGER', id, `no manager and no config dir for ${id}: nothing to ${request}`);
    }
    ctx.deps.log.warn({ vnode: id, manager: state.kind, request }, 'no live manager; undoing from the journal');
    await ctx.recover(id, request);
    await ctx.deps.fs.rm(paths.pidFile, { force: true });
    if (state.kind === 'stale') await ctx.reportState?.(id, 'SHUTDOWN');
    return { how: 'recovered' as const };
  });
}

// USR2 reboots in the same manager; without one, reboot is a boot (Emulab).
export async function rebootVnode(ctx: VnodesetupContext, id: VnodeId): Promise<BootResult> {
  const paths = vnodePaths(ctx.host, id);
  const t = timingOf(ctx);
  const state = await ctx.withVnodeLock(id, () => managerState(ctx, paths));
  if (state.kind !== 'running') return bootVnode(ctx, id, { ifRunning: 'restart' });
  return ctx.withVnodeLock(id, async () => {
    const previousMarkerMtimeMs = await mtimeIfExists(ctx.deps, paths.runningMarker);
    const startedAt = ctx.deps.clock.now();
    sendSignal(ctx, paths, state.pid, 'SIGUSR2');
    const done = await waitForRunning(ctx.deps, paths, {
      startedAt,
      previousMarkerMtimeMs,
      waitMs: t.bootWaitMs,
      pollMs: t.pollMs,
      watchPidFile: true,
    });
    return { status: done.status, reason: done.reason };
  });
}

function managerState(ctx: VnodesetupContext, paths: VnodePaths): Promise<ManagerState> {
  return readManagerState(ctx.deps, paths.pidFile, paths.id);
}

async function signalAndWait(ctx: VnodesetupContext, paths: VnodePaths, pid: number, signal: NodeJS.Signals): Promise<void> {
  sendSignal(ctx, paths, pid, signal);
  await waitStopped(ctx, paths, pid, signal);
}

async function waitStopped(ctx: VnodesetupContext, paths: VnodePaths, pid: number, signal: NodeJS.Signals): Promise<void> {
  const t = timingOf(ctx);
  const gone = await waitForPidFileGone(ctx.deps, paths.pidFile, { waitMs: t.stopWaitMs, pollMs: t.pollMs });
  if (!gone) {
    throw new VnodesetupError('MANAGER_STUCK', paths.id, `manager ${pid} of ${paths.id} did not stop within ${t.stopWaitMs} ms after ${signal}`);
  }
}

function sendSignal(ctx: VnodesetupContext, paths: VnodePaths, pid: number, signal: NodeJS.Signals): void {
  ctx.deps.log.info({ vnode: paths.id, pid, signal }, 'signalling manager');
  if (!ctx.deps.proc.kill(pid, signal)) {
    throw new VnodesetupError('SIGNAL_FAILED', paths.id, `could not send ${signal} to manager ${pid}: it is gone`);
  }
}
