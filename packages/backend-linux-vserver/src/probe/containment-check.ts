// A short containment check of a running vnode, for the demo and the tests: a
// few things its root must not be able to do, each tried as that root (entered
// with nsenter into all the vnode's namespaces, its user namespace included).
// Pure table + one loop over an injected command runner (the caller's: the demo
// runs it in its throwaway host).
import type { Argv } from '@tbvnode/core';

export interface ContainmentAttempt {
  /** "remount /usr rw" */
  readonly label: string;
  readonly argv: Argv;
  /** stdin for the command (a sysctl written with the value it already has). */
  readonly input?: (probe: Exec, initPid: number) => Promise<string>;
}

export type Exec = (argv: Argv, input?: string) => Promise<{ readonly exitCode: number | null; readonly stdout: string }>;

const CONTAINMENT_ATTEMPTS: readonly ContainmentAttempt[] = [
  { label: 'remount /usr rw', argv: ['mount', '-o', 'remount,bind,rw,nosuid,nodev', '/usr'] },
  { label: 'mount a new /proc', argv: ['mount', '-t', 'proc', 'proc', '/mnt'] },
  { label: 'mount cgroupfs', argv: ['mount', '-t', 'cgroup2', 'none', '/mnt'] },
  { label: 'mknod a kmsg device', argv: ['mknod', '/tmp/.tbvnode-kmsg', 'c', '1', '11'] },
  {
    label: 'write /proc/sys/vm/swappiness',
    argv: ['tee', '/proc/sys/vm/swappiness'],
    // The value it already has: were it allowed, nothing would change.
    input: async (exec, pid) => (await exec(enterArgv(pid, ['cat', '/proc/sys/vm/swappiness']))).stdout,
  },
  { label: 'read /etc/shadow', argv: ['cat', '/etc/shadow'] },
  { label: 'list the host\'s /root', argv: ['ls', '-A', '/root/.bashrc', '/root/.ssh'] },
];

/** Pure: argv running `argv` as the vnode's root, in every namespace of its init. */
function enterArgv(initPid: number, argv: Argv): Argv {
  return ['nsenter', '-t', String(initPid), '--all', '-S', '0', '-G', '0', '--', ...argv];
}

export interface ContainmentResult {
  readonly label: string;
  readonly denied: boolean;
}

/** Runs every attempt; `denied` when the command failed. Undoes a success (a mount, a node) so the vnode stays as it was. */
export async function checkContainment(exec: Exec, initPid: number): Promise<ContainmentResult[]> {
  const out: ContainmentResult[] = [];
  for (const a of CONTAINMENT_ATTEMPTS) {
    const input = a.input ? await a.input(exec, initPid) : undefined;
    const r = await exec(enterArgv(initPid, a.argv), input);
    const denied = r.exitCode !== 0;
    if (!denied && a.argv[0] === 'mount' && a.argv.at(-1) === '/mnt') await exec(enterArgv(initPid, ['umount', '/mnt']));
    if (!denied && a.argv[0] === 'mknod') await exec(enterArgv(initPid, ['rm', '-f', '/tmp/.tbvnode-kmsg']));
    if (!denied && a.argv[2]?.startsWith('remount,')) await exec(enterArgv(initPid, ['mount', '-o', 'remount,bind,ro,nosuid,nodev', '/usr']));
    out.push({ label: a.label, denied });
  }
  return out;
}

/** "remount /usr rw: denied" lines, as the demo prints them. */
export function formatContainment(results: readonly ContainmentResult[]): string[] {
  return results.map((r) => `${r.label}: ${r.denied ? 'denied' : 'ALLOWED'}`);
}
