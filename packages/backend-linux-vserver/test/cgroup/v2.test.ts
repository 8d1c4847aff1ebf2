import { describe, expect, it } from 'vitest';
import { missingControllers, subtreeControlDirs, subtreeControlLine } from '../../src/cgroup/v2.js';

describe('cgroup v2 subtree_control', () => {
  it.each([
    // The mount root comes first: a host without systemd has nothing enabled there.
    ['/sys/fs/cgroup', 'tbvnode/pcvm1-1', ['/sys/fs/cgroup', '/sys/fs/cgroup/tbvnode']],
    ['/sys/fs/cgroup', 'a/b/pcvm1-1', ['/sys/fs/cgroup', '/sys/fs/cgroup/a', '/sys/fs/cgroup/a/b']],
    ['/sys/fs/cgroup', 'pcvm1-1', ['/sys/fs/cgroup']],
    ['/sys/fs/cgroup/unified', 'tbvnode/x', ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/unified/tbvnode']],
  ])('%s + %s -> %j', (root, group, dirs) => {
    expect(subtreeControlDirs(root, group)).toEqual(dirs);
  });

  it.each([
    ['', ['cpu', 'memory', 'pids'], ['cpu', 'memory', 'pids']],
    ['cpuset cpu io memory pids\n', ['cpu', 'memory', 'pids'], []],
    ['memory pids\n', ['cpu', 'pids'], ['cpu']],
    ['cpuset\n', [], []],
  ])('subtree_control %j wanting %j lacks %j', (have, wanted, missing) => {
    expect(missingControllers(have, wanted)).toEqual(missing);
  });

  it('writes "+c" per controller', () => {
    expect(subtreeControlLine(['cpu', 'pids'])).toBe('+cpu +pids');
  });
});
