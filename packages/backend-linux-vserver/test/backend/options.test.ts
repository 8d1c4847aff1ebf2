import { describe, expect, it } from 'vitest';
import { unknownOptions } from '@tbvnode/core';
import { LINUX_OPTION_KEYS, parseLinuxOptions } from '../../src/backend/options.js';
import { startArgv, moveBatch } from '../../src/start/start-argv.js';

describe('parseLinuxOptions', () => {
  it('defaults to the mode that never touches host interfaces, overlay, limits on', () => {
    expect(parseLinuxOptions({})).toMatchObject({ bridgeMode: 'alias', hostAlias: '172.16.0.1/12', privateDirs: 'overlay', startTimeoutMs: 10_000 });
    expect(parseLinuxOptions({}).limits).toEqual({ pids: 1024, memoryBytes: 1024 * 1024 * 1024, cpuWeight: 100 });
    expect(parseLinuxOptions({})).toMatchObject({ consoleLogBytes: 8 * 1024 * 1024, maxInterfaces: 16 });
  });
  it('lifts a limit with "max"', () => {
    expect(parseLinuxOptions({ pids: 'max', memoryMb: 'max', cpuWeight: 'max' }).limits).toEqual({});
  });
  it.each(['../../..', '/sys/fs/cgroup', 'tbvnode/../..', 'a//b', '.hidden', 'tbvnode/', 'a b', ''])('keeps cgroupParent %j inside the cgroup tree', (v) => {
    if (v === '') expect(parseLinuxOptions({ cgroupParent: v }).cgroupParent).toBe('tbvnode');
    else expect(() => parseLinuxOptions({ cgroupParent: v })).toThrow(/cgroupParent must be a relative path/);
  });
  it('takes a nested cgroupParent of plain names', () => {
    expect(parseLinuxOptions({ cgroupParent: 'emulab.slice/tbvnode-1' }).cgroupParent).toBe('emulab.slice/tbvnode-1');
  });
  it.each([
    [{ memoryMB: 512 }, /unknown option "memoryMB" \(did you mean "memoryMb"\?\)/],
    [{ pid: 10 }, /did you mean "pids"/],
    [{ frobnicate: 1 }, /unknown option "frobnicate"; known options: /],
  ])('refuses unknown key %j with a did-you-mean', (o, msg) => {
    expect(() => parseLinuxOptions(o)).toThrow(msg);
    expect(() => parseLinuxOptions(o)).toThrow(expect.objectContaining({ code: 'LINUX_BAD_OPTION' }));
  });
  it('accepts the keys the CLI hands every backend', () => {
    expect(() => parseLinuxOptions({ nodePath: '/usr/bin/node', tmccBundle: '/x/tmcc.cjs' })).not.toThrow();
  });
  it('takes boss only from VnodeConfig.boss, never as an option', () => {
    expect(() => parseLinuxOptions({ bossName: 'boss.emulab.net' })).toThrow(/unknown option "bossName"/);
  });
  it('converts operator units', () => {
    expect(parseLinuxOptions({ memoryMb: '256', cpus: 0.5, pids: '100', cpuWeight: 50 }).limits).toEqual({ memoryBytes: 268435456, cpus: 0.5, pids: 100, cpuWeight: 50 });
  });
  it.each([
    [{ bridgeMode: 'emulab' }, /needs controlIface/],
    [{ bridgeMode: 'bogus' }, /bridgeMode must be/],
    [{ memoryMb: '-1' }, /positive/],
    [{ cpuWeight: 20_000 }, /cpuWeight/],
    [{ privateDirs: 'rsync' }, /privateDirs/],
  ])('refuses %j', (o, msg) => expect(() => parseLinuxOptions(o)).toThrow(msg));
});

describe('start argv', () => {
  it('starts enter.sh as PID 1 of new namespaces, mounts as argv words, init after --', () => {
    const argv = startArgv({
      shell: '/bin/sh', enterScript: '/p/enter.sh', rootDir: '/r', mounts: [{ op: 'fstab', args: ['/c/fstab'] }],
      initArgv: ['/opt/tbvnode/init.sh', '/opt/tbvnode/rc.sh'], procsFiles: ['/cg/pids/v/cgroup.procs'],
    });
    // A clean environment first: nothing of the manager's leaks into the vnode.
    expect(argv.slice(0, 2)).toEqual(['env', '-i']);
    const u = argv.indexOf('unshare');
    expect(argv.slice(2, u).every((a) => /^[A-Z]+=/.test(a))).toBe(true);
    expect(argv.slice(u, u + 6)).toEqual(['unshare', '--mount', '--pid', '--net', '--fork', '--kill-child=SIGKILL']);
    // enter.sh joins the cgroup itself (before its cgroup namespace), then mounts.
    expect(argv.slice(-10)).toEqual(['/bin/sh', '/p/enter.sh', '/r', 'cgroup', '/cg/pids/v/cgroup.procs', 'fstab', '/c/fstab', '--', '/opt/tbvnode/init.sh', '/opt/tbvnode/rc.sh']);
  });
  it('moves all interfaces in one ip -batch, renaming experiment ones', () => {
    expect(moveBatch([{ dev: 'cnet3' }, { dev: 've3.0', rename: 'eth0' }], 42)).toBe('link set dev cnet3 netns 42\nlink set dev ve3.0 netns 42 name eth0\n');
  });
});

describe('option keys and the README', () => {
  // A key the parser reads but the unknown-key check refuses (or the README
  // documents but the parser does not know) breaks operators the day it ships.
  it('accepts every option the README documents, and documents every key it accepts', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('### Options'), readme.indexOf('### Limits'));
    const documented = [...table.matchAll(/^\| ((?:`\w+`(?:, )?)+) \|/gm)].flatMap((m) => [...(m[1] ?? '').matchAll(/`(\w+)`/g)].map((k) => k[1] as string));
    expect(documented.length).toBeGreaterThan(10);
    expect(unknownOptions(Object.fromEntries(documented.map((k) => [k, 1])), LINUX_OPTION_KEYS)).toEqual([]);
    expect([...LINUX_OPTION_KEYS].sort()).toEqual([...new Set(documented)].sort());
  });
});
