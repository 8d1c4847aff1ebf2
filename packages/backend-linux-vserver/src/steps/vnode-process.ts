// Runtime: the running vnode. Starts unshare + enter.sh, waits at the start
// barrier (reached inside the vnode's own namespaces), moves the interfaces into
// init's network namespace, releases it.
// Undo kills the pid-namespace init (the kernel then kills everything inside;
// the anonymous network namespace and the interfaces in it go with it).
import path from 'node:path';
import { pidsWithArgv, type LiveStepType, type StartedProcess } from '@tbvnode/core';
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
}

export const KILL_WAIT_MS = 5_000;

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
      return { result, live: child };
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
        proc.kill(pid, 'SIGKILL');
      }
    } else {
      // Killed between starting it and journaling its pid: found by its argv.
      for (const pid of await pidsWithArgv(fs, startedForms(startArgv(p)))) {
        targets.push(pid);
        proc.kill(pid, 'SIGKILL');
      }
    }
    const until = clock.now() + KILL_WAIT_MS;
    for (;;) {
      const alive = [];
      for (const pid of targets) if (await isRunning(env.deps, pid)) alive.push(pid);
      if (alive.length === 0) break;
      if (clock.now() >= until) throw new LinuxBackendError('LINUX_STOP_TIMEOUT', `vnode processes ${targets.join(', ')} survived SIGKILL`);
      await clock.sleep(10);
    }
    await fs.rm(p.pidFile, { force: true });
  },
};
