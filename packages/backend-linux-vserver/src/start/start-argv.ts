// Pure: the argv that starts a vnode. unshare makes the namespaces (a fresh,
// anonymous network namespace: it dies with the vnode, so a crash cannot leak
// it), --fork makes enter.sh PID 1 of the new pid namespace, --kill-child takes
// the vnode down if unshare itself is killed. enter.sh joins the vnode's cgroup,
// mounts, pivots, then enters a user namespace mapping the vnode's id range.
import type { Argv } from '@tbvnode/core';
import { mountArgs, type MountOp } from '../rootfs/layout.js';
import type { IdRange } from '../userns/id-range.js';

export const INIT_INSIDE = '/opt/tbvnode/init.sh';
export const RC_INSIDE = '/opt/tbvnode/rc.sh';

/** All a vnode inherits: nothing of the manager's environment (TBVNODE_ROOT, BOSSNAME, …). */
const VNODE_ENV = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/etc/emulab:/opt/tbvnode/bin', 'HOME=/root', 'LANG=C.UTF-8',
] as const;

export interface StartArgvParams {
  readonly shell: string;
  readonly enterScript: string;
  readonly rootDir: string;
  readonly mounts: readonly MountOp[];
  readonly initArgv: readonly string[];
  /** cgroup.procs files enter.sh joins before it makes the cgroup namespace. */
  readonly procsFiles: readonly string[];
}

export function startArgv(p: StartArgvParams): Argv {
  return [
    'env', '-i', ...VNODE_ENV,
    // This first network namespace keeps the fstab's /sys from showing any host
    // interface; the vnode's own one is made with its user namespace (enter.sh),
    // and the host mounts the vnode's /sys from it at the barrier.
    'unshare', '--mount', '--pid', '--net', '--fork', '--kill-child=SIGKILL', '--propagation', 'private',
    p.shell, p.enterScript, p.rootDir,
    ...(p.procsFiles ?? []).flatMap((f) => ['cgroup', f]),
    ...mountArgs(p.mounts), '--', ...p.initArgv,
  ];
}

export interface InterfaceMove {
  readonly dev: string;
  /** Rename while moving (experiment interfaces become eth<k> inside). */
  readonly rename?: string;
}

/** /proc/<pid>/uid_map and gid_map text: root inside is `ids.base` outside. */
export function idMapLine(ids: IdRange): string {
  return `0 ${ids.base} ${ids.count}\n`;
}

/** `ip -batch -` input moving every interface into the namespace of `pid`, in one command. */
export function moveBatch(moves: readonly InterfaceMove[], pid: number): string {
  return moves.map((m) => `link set dev ${m.dev} netns ${pid}${m.rename ? ` name ${m.rename}` : ''}\n`).join('');
}
