// How `tbvnode exec/shell` enters a Linux vnode: its cgroup, then all of init's namespaces and its root.
import path from 'node:path';
import { hostPaths, validateVnodeId, vnodePaths } from '@tbvnode/core';
import { expect, it } from 'vitest';
import { backend } from '../../src/backend/descriptor.js';
import { VNODE_FILES_DIR } from '../../src/index.js';

it('enterArgv joins the vnode\'s cgroup, then nsenters every namespace of init (user and cgroup too, as its root), with its root and cwd', () => {
  const id = validateVnodeId('pcvm1-1');
  const b = backend.create({});
  expect(b.enterArgv?.({ id, paths: vnodePaths(hostPaths('/r'), id) }, 42, ['hostname'])).toEqual({
    argv: [
      '/bin/sh', path.join(VNODE_FILES_DIR, 'join.sh'), '42', 'pcvm1-1', '--',
      'nsenter', '-t', '42', '--all', '-S', '0', '-G', '0', '-r', '-w', '--', 'hostname',
    ],
  });
});
