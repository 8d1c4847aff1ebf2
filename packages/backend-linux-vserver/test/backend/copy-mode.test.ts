// privateDirs=copy: /etc is a private copy (writes stay in the vnode), /root
// starts empty (never copied); probe reports this machine usable.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorld, isRoot, waitForFile, warnSkip } from '../support/env.js';

warnSkip('linux-vserver copy mode');

describe.skipIf(!isRoot)('privateDirs=copy', () => {
  it('gives the vnode its own /etc and an empty /root', async () => {
    const world = await createWorld({ privateDirs: 'copy' });
    try {
      const report = await world.backend.probe(world.hostCtx);
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.usable).toBe(true);
      await world.backend.prepareHost(world.hostCtx, world.hostSteps);
      const { ctx, steps } = await world.vnode('pcvm2-4');
      await world.backend.create(ctx, steps);
      await world.backend.configureNetwork(ctx, steps);
      const running = await world.backend.boot(ctx, steps);
      await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
      const before = await readFile('/etc/hostname', 'utf8').catch(() => null);
      const r = await world.host.execInVnode(running.pid, ['sh', '-c', 'echo copy > /etc/hostname; cat /etc/hostname; ls -A /root | wc -l; grep " /etc " /proc/self/mountinfo | wc -l']);
      expect(r.stdout.split('\n').slice(0, 3)).toEqual(['copy', '0', '0']);
      expect(await readFile('/etc/hostname', 'utf8').catch(() => null)).toBe(before);
      await running.stop(5_000);
      await steps.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });
});
