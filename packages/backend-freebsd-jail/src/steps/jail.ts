// Start the jail: `jail -c … command=/etc/jail/injail`, run through
// runner.start so the manager holds a pid (jail(8) waits for its command, so it
// lives exactly as long as injail). Ready once jls shows the jail and injail has
// written its pid file. Undo is the vnode's stop (the live handle's stop() and a
// recovery alike): USR1 to injail (it TERMs, then KILLs, everything in the jail
// and exits), then `jail -R`, then jail(8) itself is stopped.
import {
  escalate, isSameProcess, stopStartedProcess, type CoreDeps, type LiveStepType, type StartProcessResult, type StartedProcess, type StepEnv,
} from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { INJAIL_PIDFILE_INSIDE } from '../plan/jail-plan.js';
import { COMMAND_TIMEOUT_MS, jailStatus, run } from './commands.js';

export interface JailStartParams {
  readonly argv: readonly [string, ...string[]];
  readonly name: string;
  /** jail(8)'s and injail's output (host side, in the config dir). */
  readonly consoleLog: string;
  /** injail's pid file as the host sees it (<root>/var/emulab/injail.pid). */
  readonly pidFileOnHost: string;
  readonly startTimeoutMs: number;
}

const POLL_MS = 50;
/** How long each polite rung gets when no live handle names a budget (a recovery). */
export const STOP_GRACE_MS = 5_000;

// false when injail could not be asked (the wait for it is skipped).
async function askInjail(env: Pick<StepEnv, 'deps' | 'log'>, name: string): Promise<boolean> {
  // kill(2) from inside the jail reaches only the jail: a pid file the jail rewrote cannot aim outside it.
  // -l: a clean login environment (usr.sbin/jexec/jexec.c empties environ), so the manager's never reaches
  // a process in the jail, as exec.clean for jail(8). It also chdirs to /root in the jail: a jail that
  // removed its /root makes jexec fail, and the stop goes on with jail -R.
  const asked = await env.deps.runner.run(['jexec', '-l', name, '/bin/pkill', '-USR1', '-F', INJAIL_PIDFILE_INSIDE], { reject: false, timeoutMs: COMMAND_TIMEOUT_MS });
  if (asked.exitCode === 0) return true;
  env.log.warn({ jail: name, stderr: asked.stderr.trim() }, 'could not signal injail; removing the jail instead');
  return false;
}

// -R, not -r: -r would read the host's /etc/jail.conf and run whatever stop commands it has
// for a jail of this name (usr.sbin/jail/jail.c). jail_remove(2) kills every process inside.
async function removeJail(env: Pick<StepEnv, 'deps'>, name: string): Promise<void> {
  await run(env.deps.runner, ['jail', '-R', name], { output: /not found|is dying/ });
}

async function tail(deps: CoreDeps, file: string): Promise<string> {
  try {
    return (await deps.fs.readFile(file, 'utf8')).trim().split('\n').slice(-5).join(' | ');
  } catch (err) {
    return `(no console log: ${(err as Error).message})`;
  }
}

async function waitUntilUp(deps: CoreDeps, p: JailStartParams, child: StartedProcess): Promise<void> {
  let gone = false;
  void child.exited.then(() => (gone = true));
  const deadline = deps.clock.now() + p.startTimeoutMs;
  for (;;) {
    if (gone) throw new FreebsdJailError('FBSD_START_FAILED', `jail(8) exited before jail ${p.name} came up: ${await tail(deps, p.consoleLog)}`);
    if ((await jailStatus(deps.runner, p.name)) === 'running') {
      const ready = await deps.fs.access(p.pidFileOnHost).then(() => true, () => false);
      if (ready) return;
    }
    if (deps.clock.now() >= deadline) {
      throw new FreebsdJailError('FBSD_START_FAILED', `jail ${p.name} not up within ${p.startTimeoutMs} ms: ${await tail(deps, p.consoleLog)}`);
    }
    await deps.clock.sleep(POLL_MS);
  }
}

export const jailStep: LiveStepType<JailStartParams, StartProcessResult, StartedProcess> = {
  name: 'fbsd.jail',
  describe: (p) => p.argv.join(' '),
  async applyLive(p, env) {
    const { deps } = env;
    const out = { file: p.consoleLog, append: true } as const;
    const child = await deps.runner.start(p.argv, { detached: true, stdout: out, stderr: out });
    const result: StartProcessResult = { pid: child.pid, startToken: await deps.proc.startToken(child.pid) };
    await env.record(result);
    await waitUntilUp(deps, p, child);
    return { result, live: child };
  },
  async revert(p, result, env) {
    const { runner } = env.deps;
    // A dying jail has no processes left: nothing to remove (its root is mountRoot's to wait for).
    if ((await jailStatus(runner, p.name)) === 'running') {
      // jail(8) waits for injail: its end is injail's (and, with it, the jail's last process).
      const ours = result;
      const out = ours === undefined
        ? ({ kind: 'already-gone' } as const)
        : await escalate({
          clock: env.deps.clock,
          gone: async () => !(await isSameProcess(env.deps, ours)),
          intervalMs: POLL_MS,
          rungs: [
            { name: 'USR1 to injail', act: () => askInjail(env, p.name), waitMs: env.stopTimeoutMs ?? STOP_GRACE_MS },
            { name: 'jail -R', act: () => removeJail(env, p.name), waitMs: env.stopTimeoutMs ?? STOP_GRACE_MS },
          ],
        });
      // Without a live jail(8) of ours to wait on, the jail itself still goes.
      if (out.kind === 'already-gone') await removeJail(env, p.name);
    }
    // jail(8) and its group, if still there (SIGKILL after the grace).
    if (result) await stopStartedProcess(env, result, { stopSignal: 'SIGTERM', killAfterMs: 5_000 });
    if ((await jailStatus(runner, p.name)) === 'running') throw new FreebsdJailError('FBSD_STILL_THERE', `jail ${p.name} is still there after jail -R`);
  },
};
