// Is there a manager for this vnode? Decided from the pid file and a kill(pid, 0)
// probe, so vnodesetup never signals a pid it cannot trust.

export type PidProbe = 'alive' | 'ESRCH' | 'EPERM';

export type ManagerState =
  | { kind: 'none' }                    // no pid file
  | { kind: 'running'; pid: number }    // the pid answers
  | { kind: 'stale'; pid: number }      // the pid is gone: remove the file, go on
  | { kind: 'corrupt'; content: string }; // the file does not hold a pid: never signal it

// A pid file holds one decimal pid, optionally followed by a newline.
export function parsePidFile(content: string): number | undefined {
  const m = /^([1-9][0-9]{0,9})\n?$/.exec(content);
  if (!m) return undefined;
  const pid = Number(m[1]);
  return pid > 1 && pid <= 0x7fffffff ? pid : undefined;
}

export function decideManagerState(
  content: string | undefined,
  probe: (pid: number) => PidProbe,
): ManagerState {
  if (content === undefined) return { kind: 'none' };
  const pid = parsePidFile(content);
  if (pid === undefined) return { kind: 'corrupt', content };
  // EPERM: the pid exists but belongs to someone we may not signal — treat as
  // alive, so we never remove a live manager's pid file.
  return probe(pid) === 'ESRCH' ? { kind: 'stale', pid } : { kind: 'running', pid };
}
