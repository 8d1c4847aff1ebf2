import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStepRegistry, prepareHostOnce, processBackend } from '@tbvnode/core';
import { createWorld, needsRoot, type World } from '../support/env.js';

// Issue 10: the prepared marker used to hold the boot id only, so a marker the
// process backend wrote, or a cbr0 an operator deleted, left every vnode failing.
describe.skipIf(needsRoot('linux-vserver host drift tests'))('host preparation drift in a throwaway host', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
  });
  afterAll(async () => {
    if (!world) return;
    try {
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });

  it('a process-backend marker, then a deleted cbr0, are each repaired at the next boot', async () => {
    const { host, hostCtx, backend } = world;
    const o = {
      host: hostCtx, registry: createStepRegistry(backend.stepTypes), bootId: async () => 'this-boot',
      withHostLock: <T>(fn: () => Promise<T>) => fn(),
    };
    await prepareHostOnce({ ...o, backend: processBackend.create({ tmccBin: '/bin/true' }) });
    expect(await host.links()).not.toContain('cbr0');
    await prepareHostOnce({ ...o, backend });
    expect(await host.links()).toContain('cbr0');
    expect(await prepareHostOnce({ ...o, backend })).toBe(false);

    await host.run(['ip', 'link', 'del', 'cbr0']);
    await prepareHostOnce({ ...o, backend });
    expect(await host.links()).toContain('cbr0');
  }, 60_000);
});
