// stop() escalates: an init that does not act on USR1 in time (here: stopped
// with SIGSTOP) is SIGKILLed, which takes its whole pid namespace with it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorld, isRoot, waitForFile, warnSkip } from '../support/env.js';

warnSkip('linux-vserver stop escalation');

describe.skipIf(!isRoot)('stop()', () => {
  it('SIGKILLs the pid-namespace init after the deadline', async () => {
    const world = await createWorld();
    try {
      await world.backend.prepareHost(world.hostCtx, world.hostSteps);
      const { ctx, steps } = await world.vnode('pcvm3-9');
      await world.backend.create(ctx, steps);
      await world.backend.configureNetwork(ctx, steps);
      const running = await world.backend.boot(ctx, steps);
      await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
      process.kill(running.pid, 'SIGSTOP');
      await running.stop(300);
      const exit = await running.exited;
      // unshare reports its child's death by SIGKILL.
      expect(exit.exitCode ?? exit.signal).not.toBe(0);
      expect(await world.backend.state(ctx)).toBe('stopped');
      await steps.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });
});
