// Small reads of the files vnodesetup and the manager agree on.
import type { CoreDeps } from '../deps.js';
import { readPidFile } from '../locks/pid-file.js';
import { decideManagerState, type ManagerState } from './manager-state.js';

export async function mtimeIfExists(deps: Pick<CoreDeps, 'fs'>, file: string): Promise<number | undefined> {
  try {
    return (await deps.fs.stat(file)).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}


// Throws BadPidFileError (BAD_PID_FILE) for a file that holds no pid.
export async function readManagerState(deps: Pick<CoreDeps, 'fs' | 'proc'>, pidFile: string): Promise<ManagerState> {
  const pid = await readPidFile(deps.fs, pidFile);
  return decideManagerState(pid, (p) => (deps.proc.isAlive(p) ? 'alive' : 'ESRCH'));
}
