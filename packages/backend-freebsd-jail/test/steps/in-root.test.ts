import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDeps } from '@tbvnode/core/testing';
import { describe, expect, it } from 'vitest';
import { listInRoot, relBelow } from '../../src/steps/in-root.js';

describe('in-root', () => {
  it.each<[string, string, string | RegExp]>([
    ['/j/root', '/j/root/usr', 'usr'],
    ['/j/root/', '/j/root/local/proj', 'local/proj'],
    ['/j/root', '/j/root', /not below the jail root/],
    ['/j/root', '/j/root/../etc', /not below the jail root/],
    ['/j/root', '/j/rootx/usr', /not below the jail root/],
    ['/j/root', '/usr', /not below the jail root/],
  ])('relBelow(%j, %j)', (root, target, want) => {
    if (typeof want === 'string') expect(relBelow(root, target)).toBe(want);
    else expect(() => relBelow(root, target)).toThrow(want);
  });

  it('listInRoot: [] when absent, the names when a real dir, refused through a link', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tbvnode-inroot-'));
    try {
      const deps = createTestDeps();
      const root = path.join(dir, 'root');
      await fsp.mkdir(path.join(root, 'etc/emulab'), { recursive: true });
      await fsp.writeFile(path.join(root, 'etc/emulab/x.pem'), '');
      await fsp.mkdir(path.join(dir, 'host'));
      await fsp.writeFile(path.join(dir, 'host/secret.pem'), '');
      expect(await listInRoot(deps, root, 'nothing/here')).toEqual([]);
      expect(await listInRoot(deps, root, 'etc/emulab')).toEqual(['x.pem']);
      await fsp.symlink(path.join(dir, 'host'), path.join(root, 'etc/linked'));
      await expect(listInRoot(deps, root, 'etc/linked')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
