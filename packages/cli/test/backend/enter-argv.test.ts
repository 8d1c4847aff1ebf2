// How each backend enters a running vnode (tbvnode exec/shell), as argv.
import { backend as freebsd } from '@tbvnode/backend-freebsd-jail';
import { backend as linux } from '@tbvnode/backend-linux-vserver';
import { hostPaths, processBackend, vnodePaths, validateVnodeId } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import { shellArgv, vnodeEnv } from '../../src/runtime/vnode-env.js';

const id = validateVnodeId('pcvm1-1');
const vnode = { id, paths: vnodePaths(hostPaths('/r'), id) };

describe('enterArgv', () => {
  it.each([
    ['linux-vserver: all of init\'s namespaces and its root', linux, { argv: ['nsenter', '-t', '42', '-m', '-u', '-i', '-n', '-p', '-r', '-w', '--', 'hostname'] }],
    ['freebsd-jail: jexec -l by jail name', freebsd, { argv: ['jexec', '-l', 'pcvm1-1', 'hostname'] }],
    ['process: on the host, in its root dir', processBackend, { argv: ['hostname'], cwd: '/r/var/emulab/jails/pcvm1-1/root' }],
  ])('%s', (_, descriptor, want) => {
    const b = descriptor.create({ nodePath: '/usr/bin/node', tmccBin: '/t' });
    expect(b.enterArgv?.(vnode, 42, ['hostname'])).toEqual(want);
  });
});

describe('vnodeEnv', () => {
  it("passes nothing of the operator's but the terminal type", () => {
    const env = vnodeEnv({ BOSSNAME: 'boss', TBVNODE_ROOT: '/x', TBVNODE_BACKEND_OPTIONS: '{}', SSH_AUTH_SOCK: '/s', HOME: '/home/op', TERM: 'xterm-256color' });
    expect(env).toEqual({
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', USER: 'root', LOGNAME: 'root', SHELL: '/bin/sh', TERM: 'xterm-256color', LANG: 'C.UTF-8',
    });
  });
  it('a shell on a pty inside when interactive, plain sh otherwise', () => {
    expect(shellArgv(true)[0]).toBe('script');
    expect(shellArgv(false)).toEqual(['/bin/sh']);
  });
});
