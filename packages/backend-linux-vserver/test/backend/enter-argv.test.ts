// How `tbvnode exec/shell` enters a Linux vnode: all of init's namespaces and its root.
import { hostPaths, validateVnodeId, vnodePaths } from '@tbvnode/core';
import { expect, it } from 'vitest';
import { backend } from '../../src/backend/descriptor.js';

it('enterArgv is nsenter into every namespace of init (user and cgroup too, as its root), with its root and cwd', () => {
  const id = validateVnodeId('pcvm1-1');
  const b = backend.create({});
  expect(b.enterArgv?.({ id, paths: vnodePaths(hostPaths('/r'), id) }, 42, ['hostname'])).toEqual({
    argv: ['nsenter', '-t', '42', '--all', '-S', '0', '-G', '0', '-r', '-w', '--', 'hostname'],
  });
});
