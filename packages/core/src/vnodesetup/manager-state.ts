// Is there a manager for this vnode? Decided from the pid file, a kill(pid, 0)
// probe, and who the pid is now (start time, command line) compared with who it
// was when the manager wrote the file: vnodesetup never signals a pid it cannot
// trust. (A pid file holding garbage is core's BadPidFileError.)
import type { PidIdentity, PidRecord } from '../locks/pid-file.js';

export type PidProbe = 'alive' | 'ESRCH' | 'EPERM';

export type ManagerState =
  | { kind: 'none' }                  // no pid file
  | { kind: 'running'; pid: number }  // the pid answers and is the manager that wrote the file
  | { kind: 'stale'; pid: number; recycled?: true }; // gone, or now someone else: remove the file, go on

/**
 * Is the live process `now` the one `recorded` describes? Each recorded fact that
 * can be read again must match. A file from an older tbvnode records nothing: then
 * the command line must at least name the vnode. Facts the platform cannot read
 * (null) are not held against it. Pure.
 */
export function isSameManager(recorded: PidIdentity, now: PidIdentity, vnodeId: string): boolean {
  if (recorded.startToken && now.startToken && recorded.startToken !== now.startToken) return false;
  if (recorded.argv && now.argv) return JSON.stringify(recorded.argv) === JSON.stringify(now.argv);
  if (!recorded.startToken && !recorded.argv && now.argv) return now.argv.includes(vnodeId);
  return true;
}

export function decideManagerState(
  rec: PidRecord | number | null,
  probe: (pid: number) => PidProbe,
  identity?: { readonly vnodeId: string; readonly now: PidIdentity },
): ManagerState {
  if (rec === null) return { kind: 'none' };
  const r: PidRecord = typeof rec === 'number' ? { pid: rec } : rec;
  // EPERM: the pid exists but belongs to someone we may not signal — treat as
  // alive, so we never remove a live manager's pid file.
  if (probe(r.pid) === 'ESRCH') return { kind: 'stale', pid: r.pid };
  if (identity && !isSameManager(r, identity.now, identity.vnodeId)) return { kind: 'stale', pid: r.pid, recycled: true };
  return { kind: 'running', pid: r.pid };
}
