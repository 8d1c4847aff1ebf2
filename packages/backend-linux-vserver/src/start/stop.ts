// Halting a running vnode: USR1 to its init (which TERMs, then KILLs, everything
// inside and exits), then SIGKILL of the pid-namespace init if it overstays —
// the kernel kills every process in the namespace with it.
import type { ProcessExit, RunningVnode, StopOptions } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';

const AFTER_KILL_MS = 5_000;

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (e) {
    // Already gone: that is what we wanted.
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

function within(p: Promise<ProcessExit>, ms: number): Promise<ProcessExit | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export async function stopVnode(running: RunningVnode, options: StopOptions): Promise<void> {
  signal(running.pid, 'SIGUSR1');
  if ((await within(running.exited, options.timeoutMs)) !== 'timeout') return;
  signal(running.pid, 'SIGKILL');
  if ((await within(running.exited, AFTER_KILL_MS)) === 'timeout') {
    throw new LinuxBackendError('LINUX_STOP_TIMEOUT', `vnode init ${running.pid} still running ${AFTER_KILL_MS} ms after SIGKILL`);
  }
}
