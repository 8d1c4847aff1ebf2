import { describe, expect, it } from 'vitest';
import { diffSnapshots, formatDiff, parseLinkNames, parseMountPoints, parseNetnsNames } from '../src/snapshot.js';
import { isForeign } from '../src/throwaway-host.js';
import { descendants, usingDir } from '../src/processes.js';

const empty = { links: [], netns: [], mounts: [], children: [] };

describe('snapshot parsing', () => {
  it('takes link names from ip -o link, without peer suffixes', () => {
    const text = '1: lo: <LOOPBACK,UP> mtu 65536\n4: eth0: <UP> mtu 1400\n9: pnet1@if3: <UP> mtu 1500\n';
    expect(parseLinkNames(text)).toEqual(['eth0', 'lo', 'pnet1']);
  });
  it('takes mount points from mountinfo', () => {
    expect(parseMountPoints('22 27 0:21 / /proc rw - proc proc rw\n27 1 254:0 / / rw - ext4 /dev/vda rw\n')).toEqual(['/', '/proc']);
  });
  it('takes names from ip netns list (with or without ids)', () => {
    expect(parseNetnsNames('tbvh-1 (id: 0)\nother\n')).toEqual(['other', 'tbvh-1']);
  });
});

describe('diffSnapshots', () => {
  it.each([
    ['equal', empty, empty, null],
    ['a new link', empty, { ...empty, links: ['veth9'] }, '+ links: veth9'],
    ['a lost mount', { ...empty, mounts: ['/a'] }, empty, '- mounts: /a'],
    ['a stacked mount (same point twice)', { ...empty, mounts: ['/a'] }, { ...empty, mounts: ['/a', '/a'] }, '+ mounts: /a'],
  ])('%s', (_name, before, after, text) => {
    const d = diffSnapshots(before, after);
    expect(d === null ? null : formatDiff(d)).toBe(text);
  });
  it('ignores what another live throwaway host owns, never our own', () => {
    const after = { ...empty, netns: ['tbvh-aaaaaaaa', 'tbvh-bbbbbbbb'] };
    expect(isForeign('tbvh-bbbbbbbb', 'tbvh-aaaaaaaa', after)).toBe(true);
    expect(isForeign('tbvh-aaaaaaaa-gw', 'tbvh-aaaaaaaa', after)).toBe(false);
    expect(isForeign('/run/netns', 'tbvh-aaaaaaaa', after)).toBe(true);
    expect(isForeign('/run/netns', 'tbvh-aaaaaaaa', { netns: ['tbvh-aaaaaaaa'] })).toBe(false);
    expect(isForeign('eth0', 'tbvh-aaaaaaaa', after)).toBe(false);
  });
  it("counts another suite's mounts in the temp dir as foreign, ours and the machine's as ours", () => {
    const after = { ...empty, netns: ['tbvh-aaaaaaaa'] };
    expect(isForeign('/tmp/tbv-core-x1/mnt', 'tbvh-aaaaaaaa', after, '/tmp')).toBe(true);
    expect(isForeign('/tmp/tbvh-aaaaaaaa-Qz/var/emulab/jails/v1/root', 'tbvh-aaaaaaaa', after, '/tmp')).toBe(false);
    expect(isForeign('/tmp/tbvh-bbbbbbbb-Qz/x', 'tbvh-aaaaaaaa', after, '/tmp')).toBe(true);
    expect(isForeign('/sys/fs/cgroup/pids/x', 'tbvh-aaaaaaaa', after, '/tmp')).toBe(false);
    expect(isForeign('/tmpfoo', 'tbvh-aaaaaaaa', after, '/tmp')).toBe(false);
  });
});

describe('descendants', () => {
  it('walks the tree below the roots, not beside it', () => {
    const p = (pid: number, ppid: number) => ({ pid, ppid, comm: 'x', netns: null, cmdline: '', root: '/', cwd: '/' });
    const procs = [p(1, 0), p(10, 1), p(11, 10), p(12, 11), p(20, 1), p(21, 20)];
    expect(descendants(procs, new Set([10])).sort()).toEqual([10, 11, 12]);
    expect(descendants(procs, new Set([99]))).toEqual([]);
  });
});

describe('usingDir', () => {
  const p = (pid: number, o: { cmdline?: string; root?: string; cwd?: string }) => ({ pid, ppid: 1, comm: 'x', netns: null, cmdline: o.cmdline ?? '', root: o.root ?? '/', cwd: o.cwd ?? '/' });
  it.each([
    ['argv names the dir', p(5, { cmdline: 'unshare /bin/sh enter.sh /tmp/tbvh-1-x/var/root' }), true],
    ['root inside (a pivoted vnode init)', p(5, { root: '/tmp/tbvh-1-x/var/root' }), true],
    ['cwd is the dir', p(5, { cwd: '/tmp/tbvh-1-x' }), true],
    ['a sibling dir with the same prefix', p(5, { cwd: '/tmp/tbvh-1-xy' }), false],
    ['unrelated', p(5, { cmdline: 'sleep 5' }), false],
  ])('%s', (_n, proc, hit) => expect(usingDir([proc], '/tmp/tbvh-1-x')).toEqual(hit ? [5] : []));
});

