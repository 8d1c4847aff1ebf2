// "Is this pid still running?" A SIGKILLed orphan stays a zombie until its new
// parent reaps it (on some hosts PID 1 takes its time), and kill(pid, 0) still
// succeeds on a zombie: for us a zombie has stopped.
import type { CoreDeps } from '@tbvnode/core';

/** Pure: the state letter from a /proc/<pid>/stat line ("R", "S", "Z", …). */
export function statState(stat: string): string | null {
  const close = stat.lastIndexOf(')');
  return close < 0 ? null : (stat.slice(close + 2).split(' ')[0] ?? null);
}

export async function isRunning(deps: Pick<CoreDeps, 'fs' | 'proc'>, pid: number): Promise<boolean> {
  if (pid <= 0 || !deps.proc.isAlive(pid)) return false;
  try {
    return statState(await deps.fs.readFile(`/proc/${pid}/stat`, 'utf8')) !== 'Z';
  } catch (e) {
    // Gone between the two checks.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}
