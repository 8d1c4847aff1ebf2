// Pure: the argv that starts a vnode. unshare makes the namespaces (a fresh,
// anonymous network namespace: it dies with the vnode, so a crash cannot leak
// it), --fork makes enter.sh PID 1 of the new pid namespace, --kill-child takes
// the vnode down if unshare itself is killed.
import type { Argv } from '@tbvnode/core';
import { mountArgs, type MountOp } from '../rootfs/layout.js';

export const INIT_INSIDE = '/opt/tbvnode/init.sh';
export const RC_INSIDE = '/opt/tbvnode/rc.sh';

/** All a vnode inherits: nothing of the manager's environment (TBVNODE_ROOT, BOSSNAME, …). */
export const VNODE_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root', 'LANG=C.UTF-8'] as const;

export function startArgv(p: { shell: string; enterScript: string; rootDir: string; mounts: readonly MountOp[]; initArgv: readonly string[] }): Argv {
  return [
    'env', '-i', ...VNODE_ENV,
    'unshare', '--mount', '--uts', '--ipc', '--pid', '--net', '--fork', '--kill-child=SIGKILL', '--propagation', 'private',
    p.shell, p.enterScript, p.rootDir, ...mountArgs(p.mounts), '--', ...p.initArgv,
  ];
}

export interface InterfaceMove {
  readonly dev: string;
  /** Rename while moving (experiment interfaces become eth<k> inside). */
  readonly rename?: string;
}

/** `ip -batch -` input moving every interface into the namespace of `pid`, in one command. */
export function moveBatch(moves: readonly InterfaceMove[], pid: number): string {
  return moves.map((m) => `link set dev ${m.dev} netns ${pid}${m.rename ? ` name ${m.rename}` : ''}\n`).join('');
}
