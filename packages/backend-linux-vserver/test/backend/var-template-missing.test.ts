// A host prepared before the /var template existed (same boot, so the prepared
// marker says done) must not boot vnodes with a broken /var: the boot stops
// with a clear error before starting anything, and the journal undoes cleanly.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorld, needsRoot } from '../support/env.js';

describe.skipIf(needsRoot('linux-vserver missing /var template'))('a host without its /var template', () => {
  it('refuses to boot with LINUX_HOST_NOT_PREPARED, naming what to do', async () => {
    const world = await createWorld();
    try {
      await world.backend.prepareHost(world.hostCtx, world.hostSteps);
      await rm(path.join(world.hostCtx.paths.hostStateDir, 'linux-var'), { recursive: true, force: true });
      const { ctx, steps } = await world.vnode('pcvm3-5');
      await world.backend.create(ctx, steps);
      await world.backend.configureNetwork(ctx, steps);
      const err = await world.backend.boot(ctx, steps).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'LINUX_HOST_NOT_PREPARED' });
      expect((err as Error).message).toContain(world.hostCtx.paths.hostPreparedMarker);
      expect(await world.backend.state(ctx)).toBe('stopped');
      await steps.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });
});
