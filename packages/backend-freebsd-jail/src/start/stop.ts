// Stopping a running jail: USR1 to injail (it TERMs, then KILLs, everything in
// the jail and exits), wait, then `jail -R` as the fallback, then SIGKILL to
// jail(8). Mounts and addresses are the journal's job, not stop's.
import type { CoreDeps, RunningVnode, StopOptions } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { INJAIL_PIDFILE_INSIDE } from '../plan/jail-plan.js';
import { COMMAND_TIMEOUT_MS, run } from '../steps/commands.js';

export interface JailRunning extends RunningVnode {
  readonly jailName: string;
  readonly deps: CoreDeps;
}

export function isJailRunning(r: RunningVnode): r is JailRunning {
  return typeof (r as Partial<JailRunning>).jailName === 'string' && (r as Partial<JailRunning>).deps !== undefined;
}

async function exitedWithin(r: RunningVnode, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([r.exited.then(() => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function stopJail(r: JailRunning, o: StopOptions): Promise<void> {
  const { runner, log } = r.deps;
  // kill(2) from inside the jail reaches only the jail: a pid file the jail rewrote cannot aim outside it.
  const asked = await runner.run(['jexec', r.jailName, '/bin/pkill', '-USR1', '-F', INJAIL_PIDFILE_INSIDE], { reject: false, timeoutMs: COMMAND_TIMEOUT_MS });
  if (asked.exitCode !== 0) log.warn({ jail: r.jailName, stderr: asked.stderr.trim() }, 'could not signal injail; removing the jail instead');
  else if (await exitedWithin(r, o.timeoutMs)) return;
  // -R: never the host's /etc/jail.conf (see steps/jail.ts).
  await run(runner, ['jail', '-R', r.jailName], { output: /not found|is dying/ });
  if (await exitedWithin(r, o.timeoutMs)) return;
  r.deps.proc.kill(r.pid, 'SIGKILL');
  if (!(await exitedWithin(r, 5_000))) throw new FreebsdJailError('FBSD_STILL_THERE', `jail(8) (pid ${r.pid}) for ${r.jailName} did not exit`);
}
