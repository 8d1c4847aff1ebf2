// The crash window of a vnode start: the manager dies after `unshare` is running
// but before its pid reaches the journal. Undo must still find and kill it (by
// its argv, which names the vnode's root), or the vnode would linger at the
// start barrier. Simulated with a runner whose start() throws once the real
// process is running (the step then has no recorded result, as after a crash).
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CommandRunner } from '@tbvnode/core';
import { createWorld, TIME_SCALE, needsRoot } from '../support/env.js';

async function processesNaming(text: string): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) out.push(Number(name));
  }
  return out;
}

const children = async (pid: number): Promise<number[]> =>
  (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(' ').filter(Boolean).map(Number);

// The vnode is at its start barrier once enter.sh (unshare's child) runs the
// `timeout … head` that reads the barrier fifo.
async function waitAtBarrier(unsharePid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    for (const init of await children(unsharePid)) {
      for (const pid of await children(init)) {
        if ((await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).startsWith('timeout\0')) return;
      }
    }
    if (Date.now() > until) throw new Error(`vnode ${unsharePid} did not reach its start barrier within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(needsRoot('linux-vserver start crash window'))('a manager killed right after starting the vnode', () => {
  it('leaves a vnode that undo still finds and kills', async () => {
    let started: number | undefined;
    const dyingAfterStart = (real: CommandRunner): CommandRunner => ({
      run: (argv, o) => real.run(argv, o),
      async start(argv, o) {
        const child = await real.start(argv, o);
        if (started === undefined && argv.includes('unshare')) {
          started = child.pid;
          // Dies only once the vnode waits at the barrier: removing its files will not stop it.
          await waitAtBarrier(child.pid, 10_000 * TIME_SCALE);
          throw new Error('the manager died before journaling the pid');
        }
        return child;
      },
    });
    const world = await createWorld({}, dyingAfterStart);
    try {
      await world.backend.prepareHost(world.hostCtx, world.hostSteps);
      const { ctx, steps } = await world.vnode('pcvm4-6');
      await world.backend.create(ctx, steps);
      await world.backend.configureNetwork(ctx, steps);
      // The failed step makes the step runner undo the scope, as a later vnodesetup -k would.
      await expect(world.backend.boot(ctx, steps)).rejects.toThrow(/died before journaling/);
      expect(started).toBeDefined();
      expect(await processesNaming(ctx.paths.rootDir)).toEqual([]);
      await steps.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });
});
