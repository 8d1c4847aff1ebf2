import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournaledStepRunner, RunningVnode } from '@tbvnode/core';
import { createWorld, isRoot, listenLikeProxy, TMCC_BUNDLE, waitForFile, warnSkip, type World } from '../support/env.js';

warnSkip('linux-vserver planted-link attack tests');

// Issue 10: a vnode owns its root and may plant links there; the host writes its
// boot files through core's beneath(), so the next reboot, halt and kill leave
// the host's files alone. The "host files" live in this test's own temp dir.
describe.skipIf(!isRoot)('links a vnode plants in its own root', () => {
  let world: World;
  let hostDir: string;
  const journals: JournaledStepRunner[] = [];
  beforeAll(async () => {
    world = await createWorld({ tmccBundle: TMCC_BUNDLE, nodePath: process.execPath, bossName: '127.0.0.1:7777' });
    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
    hostDir = await mkdtemp(path.join(tmpdir(), 'tbv-hostfiles-'));
  });
  afterAll(async () => {
    if (!world) return;
    try {
      for (const j of journals) await j.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
      if (hostDir) await rm(hostDir, { recursive: true, force: true });
    }
  });

  it.each<[string, string, Array<[string, string]>]>([
    ['rc.sh and myip replaced by links to a host file', 'pcvm1-3', [['/opt/tbvnode/rc.sh', 'file'], ['/var/emulab/boot/myip', 'file']]],
    ['/opt/tbvnode/bin replaced by a link to a host dir', 'pcvm1-4', [['/opt/tbvnode/bin', 'dir']]],
    ['/var/emulab/boot replaced by a link to a host dir', 'pcvm1-5', [['/var/emulab/boot', 'dir']]],
  ])('%s: reboot, halt and kill leave the host untouched', async (_name, id, plants) => {
    const dir = await mkdtemp(path.join(hostDir, `${id}-`));
    const hostFile = path.join(dir, 'precious');
    await writeFile(hostFile, 'host data\n');
    await chmod(hostFile, 0o600);
    const untouched = async () => {
      expect(await readFile(hostFile, 'utf8')).toBe('host data\n');
      expect((await stat(hostFile)).mode & 0o777).toBe(0o600);
      expect(await readdir(dir)).toEqual(['precious']);
    };

    const { ctx, steps } = await world.vnode(id);
    journals.push(steps);
    const { backend, host } = world;
    await backend.create(ctx, steps);
    await backend.configureNetwork(ctx, steps);
    const proxy = await listenLikeProxy(backend.proxyEndpoint(ctx).hostPath);
    const running = await backend.boot(ctx, steps);
    await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
    await proxy.close();

    // Inside the vnode, as its root: links whose targets are host paths.
    for (const [inside, kind] of plants) {
      const target = kind === 'file' ? hostFile : dir;
      const r = await host.execInVnode(running.pid, ['sh', '-c', `rm -rf "$1" && ln -s "$2" "$1"`, 'sh', inside, target], { reject: false });
      expect(r.exitCode, r.stderr).toBe(0);
    }

    // Reboot: stop, runtime undo, boot again — refused at the planted link.
    await running.stop(5_000);
    await steps.undo('halt');
    await backend.create(ctx, steps);
    await backend.configureNetwork(ctx, steps);
    const outcome = await backend.boot(ctx, steps).then((r) => r, (e: unknown) => e);
    if (!(outcome instanceof Error)) await (outcome as RunningVnode).stop(5_000);
    await untouched();
    expect(String(outcome)).toMatch(/refusing/);

    // Halt and kill of what is left.
    await steps.undo('halt');
    await untouched();
    await steps.undo('kill');
    await untouched();
    expect(await backend.state(ctx)).toBe('absent');
  }, 60_000);
});
