// How `tbvnode exec/shell` enters a jail: jexec(8) -l (a clean login environment) by name.
import { hostPaths, validateVnodeId, vnodePaths } from '@tbvnode/core';
import { expect, it } from 'vitest';
import { backend } from '../../src/backend/descriptor.js';

it('enterArgv is jexec -l <jail name>', () => {
  const id = validateVnodeId('pcvm1-1');
  const b = backend.create({});
  expect(b.enterArgv?.({ id, paths: vnodePaths(hostPaths('/r'), id) }, 42, ['hostname'])).toEqual({ argv: ['jexec', '-l', 'pcvm1-1', 'hostname'] });
});
