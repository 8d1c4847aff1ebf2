import { validateVnodeId } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import { backendFor, managerArgv } from '../../src/runtime/vnode-runtime.js';

describe('managerArgv', () => {
  const id = validateVnodeId('pcvm1-1');
  it.each([
    [false, ['/usr/bin/node', '/cli/bin/tbvnode-manager.js', '--root', '/r', '--backend', 'process', 'pcvm1-1']],
    [true, ['/usr/bin/node', '/cli/bin/tbvnode-manager.js', '-d', '--root', '/r', '--backend', 'process', 'pcvm1-1']],
  ] as const)('debug %s', (debug, want) => {
    // The backend is already resolved (-i: process), so the manager needs no -i/-j; the id comes last.
    expect(managerArgv(['/usr/bin/node', '/cli/bin/tbvnode-manager.js'], { root: '/r', backend: backendFor('fake', 'linux-vserver'), debug, id })).toEqual(want);
  });
});
