// A fresh fake host world per test, for tests of the fake itself.
import { afterEach, beforeEach } from 'vitest';
import { createWorld, type World } from './world.js';

/** Registers a world per test; `world()` is the current one, `run` runs a command on its fake host without rejecting. */
export function fakeWorldPerTest(): { world: () => World; run: (...argv: [string, ...string[]]) => ReturnType<World['fake']['runner']['run']> } {
  let w: World | undefined;
  beforeEach(async () => {
    w = await createWorld();
  });
  afterEach(async () => {
    await w?.dispose();
  });
  const world = (): World => {
    if (!w) throw new Error('no world outside a test');
    return w;
  };
  return { world, run: (...argv) => world().fake.runner.run(argv, { reject: false }) };
}
