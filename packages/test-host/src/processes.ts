// Finding and killing the processes a throwaway host is responsible for: the
// ones it started, everything below them, and anything still inside its
// network namespaces. Only ever by pid; never by name.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { ifExists } from '@tbvnode/core';

// Gone between listing /proc and reading it, or not ours to look at (EACCES).
function readOrNull(p: string, read: (p: string) => Promise<string>): Promise<string | null> {
  return ifExists(read(p), null, ['ESRCH', 'EACCES']);
}

export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  /** "net:[4026532177]" */
  readonly netns: string | null;
  /** argv joined by spaces, root dir and cwd as the kernel shows them ("" when unreadable). */
  readonly cmdline: string;
  readonly root: string;
  readonly cwd: string;
}

export async function listProcesses(): Promise<ProcInfo[]> {
  const out: ProcInfo[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readOrNull(`/proc/${name}/stat`, (p) => readFile(p, 'utf8'));
    if (stat === null) continue;
    const close = stat.lastIndexOf(')');
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    const netns = await readOrNull(`/proc/${name}/ns/net`, readlink);
    const cmdline = ((await readOrNull(`/proc/${name}/cmdline`, (p) => readFile(p, 'utf8'))) ?? '').split('\0').join(' ').trim();
    const root = (await readOrNull(`/proc/${name}/root`, readlink)) ?? '';
    const cwd = (await readOrNull(`/proc/${name}/cwd`, readlink)) ?? '';
    out.push({ pid: Number(name), ppid, comm: stat.slice(stat.indexOf('(') + 1, close), netns, cmdline, root, cwd });
  }
  return out;
}

/** Pure: every process in `procs` descending from one of `roots` (roots included). */
export function descendants(procs: readonly ProcInfo[], roots: ReadonlySet<number>): number[] {
  const byParent = new Map<number, number[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p.pid]);
  const found = new Set<number>();
  const queue = procs.filter((p) => roots.has(p.pid)).map((p) => p.pid);
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (found.has(pid)) continue;
    found.add(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return [...found];
}

export function killPid(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/**
 * Pure: processes that belong to a throwaway host's root dir even though they
 * escaped its process tree (orphaned, reparented): their argv names the dir,
 * or their root or cwd is inside it. A vnode's unshare and init look like this.
 */
export function usingDir(procs: readonly ProcInfo[], dir: string): number[] {
  const inside = (p: string): boolean => p === dir || p.startsWith(`${dir}/`);
  return procs.filter((p) => p.cmdline.includes(dir) || inside(p.root) || inside(p.cwd)).map((p) => p.pid);
}

/** Wait (polling /proc, with a deadline) until none of `pids` exists any more. */
export async function waitGone(pids: readonly number[], deadlineMs: number): Promise<number[]> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code !== 'ESRCH';
      }
    });
    if (alive.length === 0 || Date.now() >= until) return alive;
    await new Promise((r) => setTimeout(r, 20));
  }
}
