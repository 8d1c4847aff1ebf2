import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { whenReady } from '../../src/start/when-ready.js';

let dir: string;
const clock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
const deps = { fs: fsp, clock } as unknown as Parameters<typeof whenReady>[2];

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(tmpdir(), 'tbv-ready-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

it('resolves once the rc has touched vrunning', async () => {
  const file = path.join(dir, 'vrunning');
  let ready = false;
  const p = whenReady(file, new Promise(() => undefined), deps, 5).then(() => (ready = true));
  await clock.sleep(30);
  expect(ready).toBe(false);
  await fsp.writeFile(file, '');
  await p;
  expect(ready).toBe(true);
});

it('never resolves when the vnode exits first', async () => {
  const file = path.join(dir, 'vrunning');
  let exit!: () => void;
  const exited = new Promise<void>((r) => (exit = r));
  const p = whenReady(file, exited, deps, 5);
  exit();
  await clock.sleep(30);
  await fsp.writeFile(file, '');
  const outcome = await Promise.race([p.then(() => 'ready'), clock.sleep(100).then(() => 'not ready')]);
  expect(outcome).toBe('not ready');
});
