// "Is this pid still running?" A SIGKILLed orphan stays a zombie until its new
// parent reaps it (on some hosts PID 1 takes its time), and kill(pid, 0) still
// succeeds on a zombie: for us a zombie has stopped.
import { ifExists, parseProcStatState, type CoreDeps } from '@tbvnode/core';

export async function isRunning(deps: Pick<CoreDeps, 'fs' | 'proc'>, pid: number): Promise<boolean> {
  if (pid <= 0 || !deps.proc.isAlive(pid)) return false;
  // null: gone between the two checks.
  const stat = await ifExists(deps.fs.readFile(`/proc/${pid}/stat`, 'utf8'), null, ['ESRCH']);
  return stat !== null && parseProcStatState(stat) !== 'Z';
}
