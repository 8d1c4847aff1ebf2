import { describe, expect, it } from 'vitest';
import { shellArgv, vnodeEnv } from '../../src/runtime/vnode-env.js';

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
