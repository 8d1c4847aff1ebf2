import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDeps } from '@tbvnode/core/testing';
import { cutConsoleLog, planCut, watchConsoleLog } from '../../src/start/console-cap.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tbv-console-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('planCut', () => {
  it.each([
    [100, 100, null],
    [101, 100, { keepHead: 50, keepTail: 25 }],
    [10_000, 1000, { keepHead: 500, keepTail: 250 }],
  ])('size %i, cap %i', (size, max, want) => expect(planCut(size, max)).toEqual(want));
});

describe('cutConsoleLog', () => {
  it('keeps the start, marks the cut, keeps the latest output, and fits the cap', async () => {
    const file = path.join(dir, 'console.log');
    const start = 'boot: enter.sh started\n';
    await writeFile(file, start + 'x'.repeat(5000) + 'the latest line\n');
    const deps = createTestDeps();
    expect(await cutConsoleLog(deps, file, 1000)).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith(start)).toBe(true);
    expect(text).toContain('[tbvnode: console output cut here at ');
    expect(text.endsWith('the latest line\n')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(await cutConsoleLog(deps, file, 1000)).toBe(false);
  });
});

describe('watchConsoleLog', () => {
  it('cuts while the vnode runs and stops when it is gone', async () => {
    const file = path.join(dir, 'console.log');
    await writeFile(file, 'start\n');
    const deps = createTestDeps();
    let gone!: () => void;
    const until = new Promise<void>((resolve) => (gone = resolve));
    const watching = watchConsoleLog(deps, { file, maxBytes: 2000, intervalMs: 5, until });
    await appendFile(file, 'y'.repeat(50_000));
    // Wait for the cut (the file shrinks), with a deadline.
    for (let i = 0; i < 400 && (await readFile(file)).length > 2000; i++) await deps.clock.sleep(5);
    expect((await readFile(file)).length).toBeLessThanOrEqual(2000);
    gone();
    await watching;
  });
});
