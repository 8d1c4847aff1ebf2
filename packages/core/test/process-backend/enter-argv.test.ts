// The process backend has nothing to enter: the command runs on the host in the vnode's root dir.
import { expect, it } from 'vitest';
import { hostPaths, vnodePaths } from '../../src/paths/layout.js';
import { validateVnodeId } from '../../src/paths/vnode-id.js';
import { processBackend } from '../../src/process-backend/descriptor.js';

it('enterArgv runs argv as is, in the root dir', () => {
  const id = validateVnodeId('pcvm1-1');
  const b = processBackend.create({ nodePath: '/usr/bin/node', tmccBin: '/t' });
  expect(b.enterArgv?.({ id, paths: vnodePaths(hostPaths('/r'), id) }, 42, ['hostname'])).toEqual({
    argv: ['hostname'], cwd: '/r/var/emulab/jails/pcvm1-1/root',
  });
});
