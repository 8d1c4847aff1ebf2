// Pure: the environment a command run inside a vnode gets — a fresh one, never
// the operator's. An exported BOSSNAME or TBVNODE_ROOT inside a vnode sends its
// tmcc to the wrong boss (and hangs); only the terminal type crosses over.
export const VNODE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function vnodeEnv(operator: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return {
    PATH: VNODE_PATH,
    HOME: '/root',
    USER: 'root',
    LOGNAME: 'root',
    SHELL: '/bin/sh',
    TERM: operator['TERM'] ?? 'dumb',
    LANG: 'C.UTF-8',
  };
}

/** Pure: what `tbvnode shell` runs inside: a login shell, on a pty of the vnode's own when we have a terminal. */
export function shellArgv(interactive: boolean): [string, ...string[]] {
  // script(1) (util-linux, under the host's /usr the vnode mounts) opens the pty
  // from the vnode's /dev/ptmx, so `tty` inside names a pts the vnode can see.
  return interactive ? ['script', '-q', '-e', '-c', '/bin/sh -l', '/dev/null'] : ['/bin/sh'];
}
