// Small reads of the files vnodesetup and the manager agree on.
import type { CoreDeps } from '../deps.js';
import { readPidRecord } from '../locks/pid-file.js';
import { decideManagerState, type ManagerState } from './manager-state.js';
import { ifExists } from '../toolkit/if-exists.js';

export async function mtimeIfExists(deps: Pick<CoreDeps, 'fs'>, file: string): Promise<number | undefined> {
  return (await ifExists(deps.fs.stat(file)))?.mtimeMs;
}


// Throws BadPidFileError (BAD_PID_FILE) for a file that holds no pid. The pid
// counts as our manager only if its start time and command line still match.
export async function readManagerState(deps: Pick<CoreDeps, 'fs' | 'proc'>, pidFile: string, vnodeId: string): Promise<ManagerState> {
  const rec = await readPidRecord(deps.fs, pidFile);
  if (rec === null || !deps.proc.isAlive(rec.pid)) return decideManagerState(rec, () => 'ESRCH');
  const now = { startToken: await deps.proc.startToken(rec.pid), argv: (await deps.proc.commandLine?.(rec.pid)) ?? null };
  return decideManagerState(rec, () => 'alive', { vnodeId, now });
}
