// What "the machine exactly as before" means, as data: links of the root network
// namespace, named namespaces, mount points, our own child processes. Taking a
// snapshot is I/O; comparing two is a pure function with table tests.
import { readdir, readFile } from 'node:fs/promises';
import { ifExists, type CommandRunner } from '@tbvnode/core';

export interface MachineSnapshot {
  readonly links: readonly string[];
  readonly netns: readonly string[];
  readonly mounts: readonly string[];
  readonly children: readonly string[];
}

export interface SnapshotDiff {
  readonly added: Readonly<Record<keyof MachineSnapshot, readonly string[]>>;
  readonly removed: Readonly<Record<keyof MachineSnapshot, readonly string[]>>;
}

const KEYS = ['links', 'netns', 'mounts', 'children'] as const;

/** Interface names only: counters, flags and peer ifindexes change on their own. */
export function parseLinkNames(ipOLink: string): string[] {
  const names: string[] = [];
  for (const line of ipOLink.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)/.exec(line);
    if (m?.[1]) names.push(m[1]);
  }
  return names.sort();
}

/** Mount points (field 5 of mountinfo), with the count so a stacked mount shows. */
export function parseMountPoints(mountinfo: string): string[] {
  const points = mountinfo.split('\n').filter(Boolean).map((l) => l.split(' ')[4] ?? '');
  return points.sort();
}

export function parseNetnsNames(list: string): string[] {
  return list.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter(Boolean).sort();
}

function multisetDiff(a: readonly string[], b: readonly string[]): { added: string[]; removed: string[] } {
  const count = new Map<string, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  const added: string[] = [];
  for (const x of b) {
    const n = count.get(x) ?? 0;
    if (n > 0) count.set(x, n - 1);
    else added.push(x);
  }
  const removed: string[] = [];
  for (const [x, n] of count) for (let i = 0; i < n; i++) removed.push(x);
  return { added, removed };
}

/**
 * Differences between two snapshots, ignoring entries `foreign` claims (another
 * throwaway host living at the same time in this or another test process).
 */
export function diffSnapshots(before: MachineSnapshot, after: MachineSnapshot, foreign: (entry: string) => boolean = () => false): SnapshotDiff | null {
  const added = {} as Record<keyof MachineSnapshot, string[]>;
  const removed = {} as Record<keyof MachineSnapshot, string[]>;
  let any = false;
  for (const k of KEYS) {
    const d = multisetDiff(before[k], after[k]);
    added[k] = d.added.filter((e) => !foreign(e));
    removed[k] = d.removed.filter((e) => !foreign(e));
    if (added[k].length > 0 || removed[k].length > 0) any = true;
  }
  return any ? { added, removed } : null;
}

export function formatDiff(d: SnapshotDiff): string {
  const lines: string[] = [];
  for (const k of KEYS) {
    for (const e of d.added[k]) lines.push(`+ ${k}: ${e}`);
    for (const e of d.removed[k]) lines.push(`- ${k}: ${e}`);
  }
  return lines.join('\n');
}

/** Processes whose parent is `pid`, as "pid comm". */
export async function childProcesses(pid: number): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await ifExists(readFile(`/proc/${name}/stat`, 'utf8'), undefined, ['ESRCH']);
    // The process exited while we listed /proc: not a child any more.
    if (stat === undefined) continue;
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    if (Number(fields[1]) === pid) out.push(`${name} ${stat.slice(stat.indexOf('(') + 1, close)}`);
  }
  return out.sort();
}

/** Runs on the machine itself (not inside any throwaway namespace). */
export async function snapshotMachine(runner: CommandRunner, selfPid: number): Promise<MachineSnapshot> {
  const links = await runner.run(['ip', '-o', 'link', 'show']);
  const netns = await runner.run(['ip', 'netns', 'list']);
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  // Listed last, so the snapshot's own `ip` commands have exited: anything else is real.
  const children = await childProcesses(selfPid);
  return {
    links: parseLinkNames(links.stdout),
    netns: parseNetnsNames(netns.stdout),
    mounts: parseMountPoints(mountinfo),
    children,
  };
}
