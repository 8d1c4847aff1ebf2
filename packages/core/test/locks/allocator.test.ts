import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditAllocations, pickFree, type Allocation } from '../../src/locks/allocation-plan.js';
import { allocateStep, createAllocator } from '../../src/locks/allocator.js';
import { createStepRegistry } from '../../src/steps/registry.js';
import { openStepRunner } from '../../src/steps/step-runner.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { runFixture } from '../helpers/children.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();
const a = (n: number, owner = 'v1', key = ''): Allocation => ({ n, owner, key, at: 0 });

describe('allocation decisions', () => {
  it.each<[Allocation[], number, number, number | null]>([
    [[], 1, 3, 1],
    [[a(1), a(2)], 1, 3, 3],
    [[a(1), a(3)], 1, 3, 2],
    [[a(1), a(2), a(3)], 1, 3, null],
    [[a(7)], 5, 9, 5],
  ])('pickFree(%j, %i, %i) = %s', (allocs, min, max, want) => {
    expect(pickFree(allocs, min, max)).toBe(want);
  });

  it('audits against what the host shows', () => {
    const allocs = [a(1, 'v1'), a(2, 'gone'), a(3, 'v2')];
    expect(auditAllocations(allocs, [1, 2, 9], new Set(['v1', 'v2']))).toEqual({
      orphaned: [a(2, 'gone')],
      unrecorded: [9],
      idle: [a(3, 'v2')],
    });
  });
});

describe('allocator', () => {
  const spec = { name: 'md', min: 0, max: 2 };

  it('hands out the lowest free number, once per owner and key, and releases', async () => {
    const deps = createTestDeps();
    const alloc = createAllocator({ dir: await tmp(), spec, deps });
    expect(await alloc.allocate('v1', 'disk')).toBe(0);
    expect(await alloc.allocate('v2', 'disk')).toBe(1);
    expect(await alloc.allocate('v1', 'disk')).toBe(0);
    expect(await alloc.allocate('v1', 'swap')).toBe(2);
    await expect(alloc.allocate('v3')).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED' });
    expect(await alloc.release('v1')).toEqual([0, 2]);
    expect(await alloc.allocate('v3')).toBe(0);
    expect((await alloc.list()).map((x) => [x.n, x.owner])).toEqual([[1, 'v2'], [0, 'v3']]);
  });

  it('as a journaled step: undo releases it, also when replayed from the journal', async () => {
    const dir = await tmp();
    const deps = createTestDeps();
    const registry = createStepRegistry();
    const journalPath = path.join(dir, 'journal');
    const runner = await openStepRunner({ scope: 'v1', journalPath, registry, deps });
    const params = { dir: path.join(dir, 'alloc'), spec, owner: 'v1', key: 'fib' };
    expect(await runner.run(allocateStep, params, { phase: 'runtime' })).toEqual({ n: 0 });
    await runner.undo('halt');
    expect(await createAllocator({ dir: params.dir, spec, deps }).list()).toEqual([]);
  });

  it('never hands one number to two processes', async () => {
    const dir = await tmp();
    const outs = await Promise.all(['a', 'b', 'c', 'd'].map((who) => runFixture('lock-child.mjs', ['alloc', dir, '', '8', who])));
    const all = outs.flatMap((o) => JSON.parse(o) as number[]);
    expect(all).toHaveLength(32);
    expect(new Set(all).size).toBe(32);
    expect([...all].sort((x, y) => x - y)).toEqual(Array.from({ length: 32 }, (_v, i) => i + 1));
  });
});
