// Runtime: the running vnode. Starts unshare + enter.sh, waits at the start
// barrier (reached inside the vnode's own namespaces), moves the interfaces into
// init's network namespace, releases it.
// Undo is the vnode's stop (the live handle's stop() and a recovery alike): USR1
// to a released init (init.sh halts everything inside and exits), SIGKILL if it
// overstays; the kernel then kills everything in the pid namespace, and the
// anonymous network namespace and the interfaces in it go with it.
import path from 'node:path';
import { escalate, pidsWithArgv, stopWithEscalation, type LiveStepType, type StartedProcess } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { findInitPid, openBarrier } from '../start/barrier.js';
import { isRunning } from '../start/running.js';
import { startedForms } from '../start/find-started.js';
import { idMapLine, moveBatch, startArgv, type InterfaceMove, type StartArgvParams } from '../start/start-argv.js';
import type { IdRange } from '../userns/id-range.js';
import { START_FIFO } from '../backend/vnode-layout.js';

/** procsFiles: init joins them itself, before making its cgroup namespace. */
export interface VnodeProcessParams extends StartArgvParams {
  readonly moves: readonly InterfaceMove[];
  readonly ids: IdRange;
  /** Host-side pid file "<initPid> <startToken>" for state() in a later life. */
  readonly pidFile: string;
  readonly consoleLog: string;
  readonly startTimeoutMs: number;
  /** sysViewMounts(): /sys from the vnode's own network namespace (absent in older journals). */
  readonly sysMounts?: ReadonlyArray<readonly [string, string, string, string]>;
}

export interface VnodeProcessResult {
  readonly unsharePid: number;
  readonly unshareToken: string | null;
  readonly initPid?: number;
  readonly initToken?: string | null;
  /** init was let past the start barrier: it runs init.sh, which halts on USR1. */
  readonly released?: boolean;
}

export const KILL_WAIT_MS = 5_000;
/** How long init gets to act on USR1 when no live handle names a budget (a recovery). */
export const STOP_GRACE_MS = 5_000;
const POLL_MS = 10;

/**
 * Pure: which pid gets the polite USR1, if any. Only an init that was released
 * (it runs init.sh's USR1 trap) and is still ours; before the barrier, enter.sh
 * as a pid-namespace init ignores every signal it has no handler for, so it gets
 * SIGKILL at once.
 */
export function politeStopTarget(result: VnodeProcessResult | undefined, ours: readonly number[]): number | undefined {
  if (result?.released !== true || result.initPid === undefined) return undefined;
  return ours.includes(result.initPid) ? result.initPid : undefined;
}

export const vnodeProcessStep: LiveStepType<VnodeProcessParams, VnodeProcessResult, StartedProcess> = {
  name: 'linux.vnode-process',
  describe: (p) => `vnode init in ${p.rootDir}`,
  async applyLive(p, env) {
    const { runner, fs, clock, proc } = env.deps;
    await fs.mkdir(path.dirname(p.consoleLog), { recursive: true });
    const argv = startArgv(p);
    const child = await runner.start(argv, { detached: true, stdout: { file: p.consoleLog }, stderr: { file: p.consoleLog } });
    // Journal the pid first, the token next: a crash in between still finds it.
    await env.record({ unsharePid: child.pid, unshareToken: null });
    const unshareToken = await proc.startToken(child.pid);
    await env.record({ unsharePid: child.pid, unshareToken });
    // beneath-ok: opened O_NOFOLLOW; boot-files removed whatever was there and checked its dirs.
    const fifo = await openBarrier(fs, clock, path.join(p.rootDir, START_FIFO), child.exited, p.startTimeoutMs).catch(async (e: unknown) => {
      // enter.sh's own words (a mount that failed, say) are the useful part.
      const tail = (await fs.readFile(p.consoleLog, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join(' | ');
      throw new LinuxBackendError('LINUX_START_FAILED', `${(e as Error).message}${tail ? `: ${tail}` : ''}`, { cause: e });
    });
    try {
      const initPid = await findInitPid(fs, child.pid);
      const result: VnodeProcessResult = { unsharePid: child.pid, unshareToken, initPid, initToken: await proc.startToken(initPid) };
      await env.record(result);
      await fs.writeFile(p.pidFile, `${initPid} ${result.initToken ?? ''}\n`);
      // The vnode's user namespace gets its id range; written from here (the parent
      // namespace) by root, as runc does, so no newuidmap or /etc/subuid entry is needed.
      await fs.writeFile(`/proc/${initPid}/uid_map`, idMapLine(p.ids));
      await fs.writeFile(`/proc/${initPid}/gid_map`, idMapLine(p.ids));
      if (p.moves.length > 0) await runner.run(['ip', '-batch', '-'], { input: moveBatch(p.moves, initPid), timeoutMs: 10_000 });
      // Into init's mount namespace (still the host-owned one) from its own network
      // namespace; they die with the vnode, so nothing to undo.
      for (const [src, dst, type, options] of p.sysMounts ?? []) {
        await runner.run(['nsenter', '-t', String(initPid), '-m', '-n', '--', 'mount', '-t', type, '-o', options, src, dst], { timeoutMs: 10_000 });
      }
      await fifo.write('go\n');
      // Journaled with `done`: from here a stop asks init first.
      return { result: { ...result, released: true }, live: child };
    } finally {
      await fifo.close();
    }
  },
  async revert(p, result, env) {
    const { proc, clock, fs } = env.deps;
    const targets: number[] = [];
    if (result) {
      // Only a pid whose start token still matches is ours: pids get reused.
      for (const [pid, token] of [[result.initPid, result.initToken], [result.unsharePid, result.unshareToken]] as const) {
        if (pid === undefined || !(await isRunning(env.deps, pid))) continue;
        if (token !== null && token !== undefined && (await proc.startToken(pid)) !== token) continue;
        targets.push(pid);
      }
    } else {
      // Killed between starting it and journaling its pid: found by its argv.
      targets.push(...(await pidsWithArgv(fs, startedForms(startArgv(p)))));
    }
    const gone = async (): Promise<boolean> => {
      for (const pid of targets) if (await isRunning(env.deps, pid)) return false;
      return true;
    };
    const killAll = (): void => targets.forEach((pid) => proc.kill(pid, 'SIGKILL'));
    const init = politeStopTarget(result, targets);
    const stopped = init === undefined
      ? await escalate({ clock, gone, rungs: [{ name: 'SIGKILL', act: killAll, waitMs: KILL_WAIT_MS }], intervalMs: POLL_MS })
      : await stopWithEscalation({
        clock, gone, stopSignal: 'SIGUSR1', graceMs: env.stopTimeoutMs ?? STOP_GRACE_MS, killWaitMs: KILL_WAIT_MS, intervalMs: POLL_MS,
        signal: (sig) => (sig === 'SIGKILL' ? killAll() : proc.kill(init, sig)),
      });
    if (stopped.kind === 'survived') throw new LinuxBackendError('LINUX_STOP_TIMEOUT', `vnode processes ${targets.join(', ')} survived SIGKILL`);
    await fs.rm(p.pidFile, { force: true });
  },
};
