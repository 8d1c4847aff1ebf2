import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningVnode } from '@tbvnode/core';
import { needsRoot, TMCC_BUNDLE } from '../support/env.js';
import { bootToRunning, usePreparedWorld } from '../support/prepared-world.js';

// Issue 10: a vnode owns its root and may plant links there; the host writes its
// boot files through core's beneath(), so the next reboot, halt and kill leave
// the host's files alone. The "host files" live in this test's own temp dir.
describe.skipIf(needsRoot('linux-vserver planted-link attack tests'))('links a vnode plants in its own root', () => {
  const w = usePreparedWorld({ tmccBundle: TMCC_BUNDLE, nodePath: process.execPath });
  let hostDir: string;
  beforeAll(async () => {
    hostDir = await mkdtemp(path.join(tmpdir(), 'tbv-hostfiles-'));
  });
  afterAll(async () => {
    if (hostDir) await rm(hostDir, { recursive: true, force: true });
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

    const { world } = w;
    const { ctx, steps } = await world.vnode(id);
    w.track(steps);
    const { backend, host } = world;
    const { running } = await bootToRunning(world, ctx, steps);

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
