// whenReady polls for the rc's vrunning on the injected clock: a fake clock (time
// moves only when slept on) and a modelled lstat make each poll countable, with no
// real time in the test.
import { expect, it } from 'vitest';
import { createFakeClock } from '@tbvnode/core/testing';
import { whenReady } from '../../src/start/when-ready.js';

type Deps = Parameters<typeof whenReady>[2];
const FILE = '/vnode/root/var/emulab/boot/vrunning';

// lstat as node:fs/promises answers it: ENOENT until the file exists.
function vrunningAfter(looks: number) {
  let seen = 0;
  const fs = {
    lstat: async (p: string) => {
      seen++;
      if (p !== FILE || seen <= looks) throw Object.assign(new Error(`ENOENT: no such file or directory, lstat '${p}'`), { code: 'ENOENT' });
      return {};
    },
  };
  return { fs, looks: () => seen };
}

// Lets every queued callback run: the poll loop is only promises and the fake clock.
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

it('resolves once the rc has touched vrunning, looking every everyMs on the clock', async () => {
  const clock = createFakeClock({ auto: true });
  const file = vrunningAfter(3);
  await whenReady(FILE, new Promise(() => undefined), { fs: file.fs, clock } as unknown as Deps, 5);
  expect(file.looks()).toBe(4);
  expect(clock.now()).toBe(15);
});

it('never resolves when the vnode exits first, and stops looking', async () => {
  const clock = createFakeClock();
  const file = vrunningAfter(Number.POSITIVE_INFINITY);
  let exit!: () => void;
  const exited = new Promise<void>((r) => (exit = r));
  let ready = false;
  void whenReady(FILE, exited, { fs: file.fs, clock } as unknown as Deps, 5).then(() => (ready = true));
  await settle();
  expect(clock.pending()).toBe(1);
  exit();
  await clock.advance(5);
  await settle();
  const looked = file.looks();
  // Nothing sleeps and nothing looks any more, however much time passes.
  expect(clock.pending()).toBe(0);
  await clock.advance(1_000);
  await settle();
  expect(file.looks()).toBe(looked);
  expect(ready).toBe(false);
});
