import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/fold.js';
import { isTbvnodeError } from '../../src/errors/tbvnode-error.js';
import type { UndoIncompleteError } from '../../src/steps/errors.js';
import { createStepRegistry } from '../../src/steps/registry.js';
import { openStepRunner } from '../../src/steps/step-runner.js';
import { undoJournal } from '../../src/steps/undo.js';
import type { LiveStepType, StepType } from '../../src/steps/types.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { makeTouchStep } from '../helpers/test-steps.js';
import { useTmpDirs } from '../helpers/tmp.js';

const tmp = useTmpDirs();

async function setup(opts: Parameters<typeof makeTouchStep>[1] = {}) {
  const dir = await tmp();
  const log: string[] = [];
  const touch = makeTouchStep(log, opts);
  const deps = createTestDeps();
  const registry = createStepRegistry([touch]);
  const journalPath = path.join(dir, 'journal');
  const open = () => openStepRunner({ scope: 'v1', journalPath, registry, deps });
  return { dir, log, touch, deps, registry, journalPath, open };
}

const files = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((f) => f !== 'journal').sort();

describe('step runner', () => {
  it('makes the intent durable before apply runs, then records the result', async () => {
    const s = await setup();
    const seen: string[] = [];
    const probe: StepType<{ x: number }, number> = {
      name: 'test.probe',
      async apply(p) {
        const evs = parseJournal(await readFile(s.journalPath, 'utf8')).events;
        seen.push(evs.at(-1)?.ev ?? 'none');
        return p.x * 2;
      },
      revert: async () => undefined,
    };
    const runner = await openStepRunner({
      scope: 'v1', journalPath: s.journalPath, registry: createStepRegistry([probe]), deps: s.deps,
    });
    expect(await runner.run(probe, { x: 21 }, { phase: 'runtime' })).toBe(42);
    expect(seen).toEqual(['begin']);
    const recs = await runner.records();
    expect(recs).toMatchObject([{ seq: 1, session: 1, step: 'test.probe', status: 'done', result: 42 }]);
  });

  it('undoes the failing step and every earlier one, newest first, and removes the journal', async () => {
    const s = await setup({ failApplyOn: 'c' });
    const runner = await s.open();
    await runner.run(s.touch, { dir: s.dir, name: 'a' }, { phase: 'persistent' });
    await runner.run(s.touch, { dir: s.dir, name: 'b' }, { phase: 'runtime' });
    const err = await runner.run(s.touch, { dir: s.dir, name: 'c' }, { phase: 'runtime' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STEP_FAILED', step: 'test.touch', seq: 3 });
    expect(s.log).toEqual(['apply a', 'apply b', 'apply c', 'revert c', 'revert b', 'revert a']);
    expect(await files(s.dir)).toEqual([]);
    await expect(stat(s.journalPath)).rejects.toMatchObject({ code: 'ENOENT' });
    // A failed runner refuses further steps instead of building on a torn-down scope.
    await expect(runner.run(s.touch, { dir: s.dir, name: 'd' }, { phase: 'runtime' })).rejects.toMatchObject({
      code: 'STEP_FAILED',
    });
  });

  it('stops at an undo that fails, leaves older steps alone, and says what is left', async () => {
    const s = await setup({ failApplyOn: 'c', failRevertOn: 'b' });
    const runner = await s.open();
    await runner.run(s.touch, { dir: s.dir, name: 'a' }, { phase: 'runtime' });
    await runner.run(s.touch, { dir: s.dir, name: 'b' }, { phase: 'runtime' });
    const err = (await runner.run(s.touch, { dir: s.dir, name: 'c' }, { phase: 'runtime' }).catch((e: unknown) => e)) as UndoIncompleteError;
    expect(isTbvnodeError(err)).toBe(true);
    expect(err.code).toBe('UNDO_INCOMPLETE');
    expect(err.failed.seq).toBe(2);
    expect(err.remaining.map((r) => r.seq)).toEqual([2, 1]);
    expect(err.stepFailure?.code).toBe('STEP_FAILED');
    expect(s.log).toEqual(['apply a', 'apply b', 'apply c', 'revert c', 'revert b']);
    expect(await files(s.dir)).toEqual(['a', 'b']);
    const recs = await runner.records();
    expect(recs.map((r) => [r.seq, r.status])).toEqual([[1, 'done'], [2, 'undo-failed'], [3, 'undone']]);
  });

  it('halt keeps persistent steps; the next session reuses them; kill removes all', async () => {
    const s = await setup();
    const first = await s.open();
    await first.run(s.touch, { dir: s.dir, name: 'disk' }, { phase: 'persistent' });
    await first.run(s.touch, { dir: s.dir, name: 'mount' }, { phase: 'runtime' });
    const halted = await first.undo('halt');
    expect(halted.undone.map((r) => r.step)).toEqual(['test.touch']);
    expect(await files(s.dir)).toEqual(['disk']);

    const second = await s.open();
    expect(second.session).toBe(2);
    const again = await second.run(s.touch, { name: 'disk', dir: s.dir }, { phase: 'persistent' });
    expect(again).toEqual({ file: path.join(s.dir, 'disk') });
    expect(s.log.filter((l) => l === 'apply disk')).toHaveLength(1);
    await second.run(s.touch, { dir: s.dir, name: 'mount' }, { phase: 'runtime' });

    const killed = await undoJournal({ journalPath: s.journalPath, mode: 'kill', registry: s.registry, deps: s.deps });
    expect(killed.kept).toEqual([]);
    expect(await files(s.dir)).toEqual([]);
    await expect(stat(s.journalPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a failed reboot keeps the disk an earlier session made', async () => {
    const s = await setup({ failApplyOn: 'iface' });
    const first = await s.open();
    await first.run(s.touch, { dir: s.dir, name: 'disk' }, { phase: 'persistent' });
    await first.undo('halt');
    const second = await s.open();
    await second.run(s.touch, { dir: s.dir, name: 'disk' }, { phase: 'persistent' });
    await second.run(s.touch, { dir: s.dir, name: 'extra' }, { phase: 'persistent' });
    await expect(second.run(s.touch, { dir: s.dir, name: 'iface' }, { phase: 'runtime' })).rejects.toMatchObject({
      code: 'STEP_FAILED',
    });
    expect(await files(s.dir)).toEqual(['disk']);
    expect((await second.records()).map((r) => [r.step, r.status])).toEqual([['test.touch', 'done']]);
  });

  it('runs concurrently started steps one at a time, in call order', async () => {
    const s = await setup();
    const runner = await s.open();
    await Promise.all(['a', 'b', 'c'].map((name) => runner.run(s.touch, { dir: s.dir, name }, { phase: 'runtime' })));
    expect((await runner.records()).map((r) => (r.params as { name: string }).name)).toEqual(['a', 'b', 'c']);
  });

  it('repairs a torn last line before appending', async () => {
    const s = await setup();
    const runner = await s.open();
    await runner.run(s.touch, { dir: s.dir, name: 'a' }, { phase: 'runtime' });
    const { appendFile } = await import('node:fs/promises');
    await appendFile(s.journalPath, '{"v":1,"ev":"begin","seq":2');
    const next = await s.open();
    await next.run(s.touch, { dir: s.dir, name: 'b' }, { phase: 'runtime' });
    expect((await next.records()).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('refuses to replay a journal naming a step type nobody registered, and records that', async () => {
    const s = await setup();
    const runner = await s.open();
    await runner.run(s.touch, { dir: s.dir, name: 'a' }, { phase: 'runtime' });
    await expect(
      undoJournal({ journalPath: s.journalPath, mode: 'kill', registry: createStepRegistry(), deps: s.deps }),
    ).rejects.toMatchObject({ code: 'UNDO_INCOMPLETE', cause: expect.objectContaining({ code: 'UNKNOWN_STEP_TYPE' }) });
    expect(await files(s.dir)).toEqual(['a']);
  });

  it('treats a "done" that cannot be journaled (disk full) as a failure and undoes the step', async () => {
    const s = await setup();
    let failOpens = 0;
    const fs = await import('node:fs/promises');
    const flakyFs = {
      ...fs,
      open: ((...args: Parameters<typeof fs.open>) => {
        if (failOpens > 0) {
          failOpens -= 1;
          return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
        }
        return fs.open(...args);
      }) as typeof fs.open,
    };
    const deps = { ...s.deps, fs: flakyFs };
    const fill: StepType<{ file: string }, void> = {
      name: 'test.fill',
      async apply(p) {
        await fs.writeFile(p.file, 'x');
        failOpens = 2; // the "done" and the "failed" appends
      },
      revert: async (p) => fs.rm(p.file, { force: true }),
    };
    const runner = await openStepRunner({ scope: 'v1', journalPath: s.journalPath, registry: createStepRegistry([fill]), deps });
    await expect(runner.run(fill, { file: path.join(s.dir, 'f') }, { phase: 'runtime' })).rejects.toMatchObject({
      code: 'STEP_FAILED', cause: expect.objectContaining({ code: 'ENOSPC' }),
    });
    expect(await files(s.dir)).toEqual([]);
  });
});

describe('a live step\'s own undo (a running vnode\'s stop)', () => {
  it('reverts it once, now, journaled: later calls and the journal\'s undo leave it alone; the budget reaches revert', async () => {
    const dir = await tmp();
    const deps = createTestDeps();
    const reverts: Array<number | undefined> = [];
    const live: LiveStepType<{ n: number }, { n: number }, string> = {
      name: 'test.live',
      applyLive: async (p) => ({ result: { n: p.n }, live: 'handle' }),
      revert: async (_p, _r, env) => void reverts.push(env.stopTimeoutMs),
    };
    const log: string[] = [];
    const registry = createStepRegistry([live, makeTouchStep(log)]);
    const journalPath = path.join(dir, 'journal');
    const steps = await openStepRunner({ scope: 'v1', journalPath, registry, deps });
    await steps.run(makeTouchStep(log), { dir, name: 'a' }, { phase: 'runtime' });
    const run = await steps.runLive(live, { n: 1 }, { phase: 'runtime' });
    expect(run.live).toBe('handle');
    const first = run.undo({ stopTimeoutMs: 1234 });
    expect(run.undo({ stopTimeoutMs: 1 })).toBe(first);
    await first;
    expect(reverts).toEqual([1234]);
    expect((await steps.records()).map((r) => [r.step, r.status])).toEqual([['test.touch', 'done'], ['test.live', 'undone']]);
    const report = await undoJournal({ journalPath, mode: 'halt', registry, deps, scope: 'v1' });
    expect(report.undone.map((r) => r.step)).toEqual(['test.touch']);
    expect(reverts).toEqual([1234]);
    expect(log).toEqual(['apply a', 'revert a']);
  });
});
