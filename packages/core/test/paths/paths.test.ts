import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostPaths, vnodePaths } from '../../src/paths/layout.js';
import { InvalidVnodeIdError, MAX_VNODE_ID_LENGTH, isValidVnodeId, validateVnodeId, vnodeIdProblem } from '../../src/paths/vnode-id.js';
import { isTbvnodeError } from '../../src/errors/tbvnode-error.js';

describe('vnode id validation', () => {
  it.each([
    ['../x', /only letters/],
    ['a b', /only letters/],
    [';id', /only letters/],
    ['', /empty/],
    ['x'.repeat(300), /longer than 64/],
    ['pcvm1\u00e9', /only letters/],
    ['v\u00a01', /only letters/],
    ['pc\u0661', /only letters/],
    ['a/b', /only letters/],
    ['a\nb', /only letters/],
    ['-rf', /must not start/],
    ['$(id)', /only letters/],
  ])('refuses %j', (id, why) => {
    expect(vnodeIdProblem(id)).toMatch(why);
    expect(isValidVnodeId(id)).toBe(false);
    let thrown: unknown;
    try {
      validateVnodeId(id);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidVnodeIdError);
    expect(isTbvnodeError(thrown) && thrown.code).toBe('INVALID_VNODE_ID');
  });

  it.each(['pcvm12-3', 'v1', 'node_a-B9', 'x'.repeat(MAX_VNODE_ID_LENGTH)])('accepts %j', (id) => {
    expect(validateVnodeId(id)).toBe(id);
  });

  it('refuses before building any path', () => {
    expect(() => vnodePaths(hostPaths('/tmp/r'), '../../etc')).toThrow(InvalidVnodeIdError);
  });
});

describe('paths under a root', () => {
  it("keeps Emulab's names under the root", () => {
    const host = hostPaths('/tmp/r/');
    const v = vnodePaths(host, 'pcvm1-2');
    expect(host.root).toBe('/tmp/r');
    expect(host.bossnodeFile).toBe('/tmp/r/etc/emulab/bossnode');
    expect(host.bootDir).toBe('/tmp/r/var/emulab/boot');
    expect(v).toMatchObject({
      configDir: '/tmp/r/var/emulab/jails/pcvm1-2',
      jailconfig: '/tmp/r/var/emulab/jails/pcvm1-2/jailconfig',
      journal: '/tmp/r/var/emulab/jails/pcvm1-2/journal',
      rootDir: '/tmp/r/var/emulab/jails/pcvm1-2/root',
      logsDir: '/tmp/r/var/emulab/jails/pcvm1-2/logs',
      tmccLog: '/tmp/r/var/emulab/jails/pcvm1-2/tmcc.log',
      runningMarker: '/tmp/r/var/emulab/jails/pcvm1-2/running',
      pidFile: '/tmp/r/var/run/tbvnode-pcvm1-2.pid',
      managerLog: '/tmp/r/var/emulab/logs/tbvnode-pcvm1-2.log',
      tmccCacheDir: '/tmp/r/var/emulab/boot/tmcc.pcvm1-2',
    });
  });

  it('every path stays under the root, for the default root too', () => {
    for (const root of ['/', '/tmp/r', 'relative/root']) {
      const host = hostPaths(root);
      const v = vnodePaths(host, 'v1');
      const { id: _id, ...vPaths } = v;
      for (const p of [...Object.values(host), ...Object.values(vPaths)]) {
        expect(path.isAbsolute(p)).toBe(true);
        expect(path.relative(host.root, p).startsWith('..')).toBe(false);
      }
    }
  });
});
