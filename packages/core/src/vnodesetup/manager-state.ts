// Is there a manager for this vnode? Decided from the pid in the pid file and a
// kill(pid, 0) probe, so vnodesetup never signals a pid it cannot trust. (A pid
// file holding garbage is core's BadPidFileError, raised while reading it.)

export type PidProbe = 'alive' | 'ESRCH' | 'EPERM';

export type ManagerState =
  | { kind: 'none' }                  // no pid file
  | { kind: 'running'; pid: number }  // the pid answers
  | { kind: 'stale'; pid: number };   // the pid is gone: remove the file, go on

export function decideManagerState(pid: number | null, probe: (pid: number) => PidProbe): ManagerState {
  if (pid === null) return { kind: 'none' };
  // EPERM: the pid exists but belongs to someone we may not signal — treat as
  // alive, so we never remove a live manager's pid file.
  return probe(pid) === 'ESRCH' ? { kind: 'stale', pid } : { kind: 'running', pid };
}
