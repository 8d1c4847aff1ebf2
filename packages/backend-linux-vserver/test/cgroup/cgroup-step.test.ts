// The cgroup step against the real hierarchies: v1 controllers (cpu, memory,
// pids) and, for the directory handling, the v2 tree (mounted at
// /sys/fs/cgroup/unified on this machine, with its controllers bound to v1); the
// v2 limits on a pure v2 host (the VM tool in tools/).
import { randomBytes } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { skipNow } from '@tbvnode/test-fixtures';
import { createTestDeps } from '@tbvnode/core/testing';
import type { StepEnv } from '@tbvnode/core';
import { cgroupStep, type CgroupResult } from '../../src/steps/cgroup.js';
import { needsRoot } from '../support/env.js';
const exists = (p: string) => access(p).then(() => true, () => false);

function env(): StepEnv<CgroupResult> & { recorded: CgroupResult[] } {
  const deps = createTestDeps();
  const recorded: CgroupResult[] = [];
  return { deps, log: deps.log, recorded, record: async (r) => void recorded.push(r) };
}

describe.skipIf(needsRoot('cgroup step tests'))('linux.cgroup', () => {
  it('v1: writes the limits in each controller and removes only what it made', async (ctx) => {
    if (!(await exists('/sys/fs/cgroup/pids/cgroup.procs'))) {
      skipNow(ctx, 'v1 cgroup check: no v1 pids hierarchy here');
    }
    const group = `tbvtest-${randomBytes(4).toString('hex')}/pcvm1-1`;
    const e = env();
    const params = { version: 1 as const, mountRoot: '/sys/fs/cgroup', group, limits: { pids: 17, memoryBytes: 64 * 1024 * 1024, cpus: 0.25 } };
    const r = await cgroupStep.apply(params, e);
    try {
      expect((await readFile(`/sys/fs/cgroup/pids/${group}/pids.max`, 'utf8')).trim()).toBe('17');
      expect((await readFile(`/sys/fs/cgroup/memory/${group}/memory.limit_in_bytes`, 'utf8')).trim()).toBe(String(64 * 1024 * 1024));
      expect((await readFile(`/sys/fs/cgroup/cpu/${group}/cpu.cfs_quota_us`, 'utf8')).trim()).toBe('25000');
      expect(r.procsFiles).toHaveLength(3);
    } finally {
      await cgroupStep.revert(params, r, e);
    }
    for (const c of ['pids', 'memory', 'cpu']) expect(await exists(`/sys/fs/cgroup/${c}/${group.split('/')[0]}`)).toBe(false);
  });

  it('v2: makes and removes the group dirs; undo after a crash (no result) still cleans', async (ctx) => {
    // A pure v2 host (the VM of `npm run vm -w @tbvnode/tools`) has the tree at
    // /sys/fs/cgroup; this machine's hybrid layout has it at /sys/fs/cgroup/unified.
    const root = (await exists('/sys/fs/cgroup/cgroup.controllers')) ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified';
    if (!(await exists(`${root}/cgroup.procs`))) {
      skipNow(ctx, 'v2 cgroup check: no cgroup2 tree here');
    }
    const top = `tbvtest-${randomBytes(4).toString('hex')}`;
    const params = { version: 2 as const, mountRoot: root, group: `${top}/pcvm1-2`, limits: {} };
    const e = env();
    await cgroupStep.apply(params, e);
    expect(await exists(`${root}/${top}/pcvm1-2/cgroup.procs`)).toBe(true);
    await cgroupStep.revert(params, undefined, e);
    expect(await exists(`${root}/${top}`)).toBe(false);
  });

  it('v2 with its controllers (a pure v2 host): enables them from the root down, writes the limits, removes the dirs', async (ctx) => {
    const root = '/sys/fs/cgroup';
    const available = await readFile(`${root}/cgroup.controllers`, 'utf8').catch(() => '');
    if (!['cpu', 'memory', 'pids'].every((c) => available.split(/\s+/).includes(c))) {
      skipNow(ctx, 'v2 limits check: /sys/fs/cgroup is not a cgroup2 tree with cpu, memory and pids (run it in `npm run vm -w @tbvnode/tools`)');
    }
    const top = `tbvtest-${randomBytes(4).toString('hex')}`;
    const params = { version: 2 as const, mountRoot: root, group: `${top}/pcvm1-3`, limits: { pids: 17, memoryBytes: 64 * 1024 * 1024, cpus: 0.25 } };
    const e = env();
    const r = await cgroupStep.apply(params, e);
    try {
      const leaf = `${root}/${top}/pcvm1-3`;
      expect((await readFile(`${leaf}/pids.max`, 'utf8')).trim()).toBe('17');
      expect((await readFile(`${leaf}/memory.max`, 'utf8')).trim()).toBe(String(64 * 1024 * 1024));
      expect((await readFile(`${leaf}/cpu.max`, 'utf8')).trim()).toBe('25000 100000');
      for (const dir of [root, `${root}/${top}`]) {
        expect((await readFile(`${dir}/cgroup.subtree_control`, 'utf8')).split(/\s+/)).toEqual(expect.arrayContaining(['cpu', 'memory', 'pids']));
      }
      expect(r.procsFiles).toEqual([`${leaf}/cgroup.procs`]);
    } finally {
      await cgroupStep.revert(params, r, e);
    }
    expect(await exists(`${root}/${top}`)).toBe(false);
  });
});

// A pure v2 host (none here): the step against a directory laid out like
// /sys/fs/cgroup, to check which files it writes and in which order.
describe('linux.cgroup on a pure v2 layout', () => {
  it('enables the controllers in each parent, writes the default limits in the leaf, removes what it made', async () => {
    const { mkdtemp, rm, readdir } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const root = await mkdtemp(`${tmpdir()}/tbv-cgv2-`);
    try {
      const plain = env();
      // cgroupfs gives every group an empty cgroup.subtree_control; plain dirs have none.
      const { writeFile } = await import('node:fs/promises');
      await writeFile(`${root}/cgroup.subtree_control`, '');
      const realRead = plain.deps.fs.readFile;
      const e = { ...plain, deps: { ...plain.deps, fs: { ...plain.deps.fs, readFile: (async (f: string, o?: unknown) => {
        if (String(f).endsWith('/cgroup.subtree_control') && !(await exists(String(f)))) return '';
        return (realRead as (f: string, o?: unknown) => Promise<string>)(f, o);
      }) as typeof realRead } } };
      const params = { version: 2 as const, mountRoot: root, group: 'tbvnode/pcvm1-1', limits: { pids: 1024, memoryBytes: 1 << 30, cpuWeight: 100 } };
      const r = await cgroupStep.apply(params, e);
      expect((await readFile(`${root}/cgroup.subtree_control`, 'utf8'))).toBe('+cpu +memory +pids');
      expect((await readFile(`${root}/tbvnode/cgroup.subtree_control`, 'utf8'))).toBe('+cpu +memory +pids');
      expect((await readFile(`${root}/tbvnode/pcvm1-1/pids.max`, 'utf8'))).toBe('1024');
      expect((await readFile(`${root}/tbvnode/pcvm1-1/memory.max`, 'utf8'))).toBe(String(1 << 30));
      expect((await readFile(`${root}/tbvnode/pcvm1-1/cpu.weight`, 'utf8'))).toBe('100');
      expect(r.procsFiles).toEqual([`${root}/tbvnode/pcvm1-1/cgroup.procs`]);
      // A real cgroupfs removes its files with the dir; here they are plain files.
      for (const f of await readdir(`${root}/tbvnode/pcvm1-1`)) await rm(`${root}/tbvnode/pcvm1-1/${f}`);
      await rm(`${root}/tbvnode/cgroup.subtree_control`);
      await cgroupStep.revert(params, r, e);
      expect(await exists(`${root}/tbvnode`)).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('linux.cgroup undo while the vnode is still leaving', () => {
  const busy = (): NodeJS.ErrnoException => Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
  function fakeEnv(rmdirFails: number) {
    const deps = createTestDeps();
    let now = 0;
    const calls: string[] = [];
    const fs = {
      ...deps.fs,
      rmdir: async (p: string) => {
        calls.push(p);
        if (calls.length <= rmdirFails) throw busy();
      },
    } as typeof deps.fs;
    const clock = { ...deps.clock, now: () => now, sleep: async (ms: number) => void (now += ms) };
    const e: StepEnv<CgroupResult> = { deps: { ...deps, fs, clock }, log: deps.log, record: async () => undefined };
    return { e, calls };
  }
  const params = { version: 2 as const, mountRoot: '/sys/fs/cgroup', group: 'tbvnode/pcvm1-1', limits: { pids: 5 } };
  const result = { procsFiles: ['/sys/fs/cgroup/tbvnode/pcvm1-1/cgroup.procs'] } as unknown as CgroupResult;

  it('retries a busy leaf until its last process is gone', async () => {
    const { e, calls } = fakeEnv(3);
    await cgroupStep.revert(params, result, e);
    expect(calls.filter((c) => c.endsWith('pcvm1-1'))).toHaveLength(4);
  });

  it('gives up with the EBUSY once its deadline has passed (a process that will not leave)', async () => {
    const { e } = fakeEnv(Number.MAX_SAFE_INTEGER);
    await expect(cgroupStep.revert(params, result, e)).rejects.toMatchObject({ code: 'EBUSY' });
  });
});
