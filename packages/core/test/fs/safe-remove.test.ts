import { mkdir, readFile, symlink, writeFile, lstat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { safeRemoveConfigDir, safeRemoveTree } from '../../src/fs/safe-remove.js';
import type { MountTable } from '../../src/deps.js';
import { createExecaRunner } from '../../src/runner/execa-runner.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();
const isRoot = process.getuid?.() === 0 && process.platform === 'linux';

const table = (...targets: string[]): MountTable => ({
  read: async () => targets.map((target) => ({ target, source: 's', fstype: 't', options: [] })),
});
const exists = (p: string): Promise<boolean> => lstat(p).then(() => true, () => false);

describe('safeRemoveTree', () => {
  it('removes a tree, and removes symlinks without following them', async () => {
    const base = await tmp();
    const outside = path.join(base, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'keep'), 'k');
    const dir = path.join(base, 'jails/v1');
    await mkdir(path.join(dir, 'root/etc'), { recursive: true });
    await writeFile(path.join(dir, 'root/etc/hosts'), 'h');
    await symlink(outside, path.join(dir, 'root/link'));
    await safeRemoveTree(createTestDeps({ overrides: { mounts: table() } }), dir);
    expect(await exists(dir)).toBe(false);
    expect(await readFile(path.join(outside, 'keep'), 'utf8')).toBe('k');
  });

  it.each([
    ['a mount below', 'root/proj'],
    ['a mount at the dir itself', ''],
  ])('refuses with %s and deletes nothing', async (_n, rel) => {
    const base = await tmp();
    const dir = path.join(base, 'v1');
    await mkdir(path.join(dir, 'root/proj'), { recursive: true });
    await writeFile(path.join(dir, 'root/proj/data'), 'd');
    const deps = createTestDeps({ overrides: { mounts: table(path.join(dir, rel).replace(/\/$/, '')) } });
    await expect(safeRemoveConfigDir(deps, dir)).rejects.toMatchObject({ code: 'STILL_MOUNTED' });
    expect(await readFile(path.join(dir, 'root/proj/data'), 'utf8')).toBe('d');
  });

  it('ignores a mount of a sibling whose name shares the prefix', async () => {
    const base = await tmp();
    await mkdir(path.join(base, 'v1'));
    await safeRemoveTree(createTestDeps({ overrides: { mounts: table(path.join(base, 'v10')) } }), path.join(base, 'v1'));
    expect(await exists(path.join(base, 'v1'))).toBe(false);
  });

  it('refuses a top that is a symlink and says why; the target stays', async () => {
    const base = await tmp();
    const outside = path.join(base, 'outside');
    await mkdir(path.join(outside, 'sub'), { recursive: true });
    await writeFile(path.join(outside, 'sub/keep'), 'k');
    await mkdir(path.join(base, 'jails'));
    await symlink(outside, path.join(base, 'jails/v1'));
    const deps = createTestDeps({ overrides: { mounts: table() } });
    await expect(safeRemoveConfigDir(deps, path.join(base, 'jails/v1'))).rejects.toMatchObject({ code: 'UNSAFE_PATH', message: expect.stringMatching(/symlink/) });
    expect(await readFile(path.join(outside, 'sub/keep'), 'utf8')).toBe('k');
  });

  it('with a trusted base, refuses a symlink at any component below it', async () => {
    const base = await tmp();
    const outside = path.join(base, 'outside');
    await mkdir(path.join(outside, 'v1'), { recursive: true });
    await writeFile(path.join(outside, 'v1/keep'), 'k');
    await symlink(outside, path.join(base, 'jails'));
    const deps = createTestDeps({ overrides: { mounts: table() } });
    await expect(safeRemoveTree(deps, path.join(base, 'jails/v1'), { below: base })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(await readFile(path.join(outside, 'v1/keep'), 'utf8')).toBe('k');
  });

  it('does nothing for a missing dir', async () => {
    const base = await tmp();
    await safeRemoveTree(createTestDeps(), path.join(base, 'nope'));
  });
});

describe('safeRemoveTree against a real mount (root)', () => {
  const mounted: string[] = [];
  afterEach(async () => {
    const run = createExecaRunner({ log: createTestDeps().log });
    for (const t of mounted.splice(0)) await run.run(['umount', '-l', t], { reject: false });
  });

  it.skipIf(skipBecause(!isRoot, 'real-mount safe-remove test: it needs root on Linux (CI runs as root)'))('never walks into a mount even when the mount table read misses it', async () => {
    const base = await tmp();
    const dir = path.join(base, 'v1');
    const inner = path.join(dir, 'root/tmp');
    await mkdir(inner, { recursive: true });
    const run = createExecaRunner({ log: createTestDeps().log });
    await run.run(['mount', '-t', 'tmpfs', 'tbvtest', inner]);
    mounted.push(inner);
    await writeFile(path.join(inner, 'inside'), 'i');
    // The real table sees it…
    await expect(safeRemoveTree(createTestDeps(), dir)).rejects.toMatchObject({ code: 'STILL_MOUNTED' });
    // …and a table that misses it (a race) is caught by the device check while walking.
    await expect(safeRemoveTree(createTestDeps({ overrides: { mounts: table() } }), dir)).rejects.toMatchObject({
      code: 'STILL_MOUNTED',
    });
    expect(await readFile(path.join(inner, 'inside'), 'utf8')).toBe('i');
  });
});
