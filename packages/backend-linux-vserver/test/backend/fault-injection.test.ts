// Fail the Nth command of a whole vnode lifecycle, for every N: whatever failed
// and whatever the undo did, the throwaway host ends exactly as it began (its
// destroy() then proves the machine is unchanged too).
import path from 'node:path';
import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CommandRunner } from '@tbvnode/core';
import { createRecordingRunner, type RecordingRunner } from '@tbvnode/core/testing';
import { createWorld, ifconfigLine, isRoot, waitForFile, warnSkip } from '../support/env.js';

warnSkip('linux-vserver fault injection');

function failingAt(n: number, holder: { rec?: RecordingRunner }): (real: CommandRunner) => CommandRunner {
  return (real) => {
    const rec = createRecordingRunner({
      failAt: n,
      startWith: real,
      script: [{
        match: () => true,
        reply: async (argv, o) => {
          const r = await real.run(argv as [string, ...string[]], { ...o, reject: false });
          return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? 1 };
        },
      }],
    });
    holder.rec = rec;
    return rec;
  };
}

async function gone(p: string): Promise<boolean> {
  return access(p).then(() => false, () => true);
}

describe.skipIf(!isRoot)('fault injection at every command', () => {
  it('leaves the host exactly as before for every N', async () => {
    const outcomes: string[] = [];
    for (let n = 1; n < 60; n++) {
      const holder: { rec?: RecordingRunner } = {};
      const world = await createWorld({ pids: 32 }, failingAt(n, holder));
      let injected = false;
      try {
        const before = (await world.host.links()).sort();
        const ruleset = async () => (await world.host.run(['nft', 'list', 'ruleset'], { reject: false })).stdout;
        const rulesBefore = await ruleset();
        const { ctx, steps } = await world.vnode('pcvm1-3', { ifconfig: ifconfigLine('10.1.1.3', 'lan0', '00000a010103') });
        let outcome = 'ok';
        try {
          await world.backend.prepareHost(world.hostCtx, world.hostSteps);
          await world.backend.create(ctx, steps);
          await world.backend.configureNetwork(ctx, steps);
          const running = await world.backend.boot(ctx, steps);
          await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
          await running.stop(5_000);
        } catch (e) {
          outcome = `failed: ${(e as Error).message.split('\n')[0]}`;
        }
        // An undo command may be the one that fails: undo is idempotent, so a second pass finishes.
        for (const j of [steps, world.hostSteps]) {
          await j.undo('kill').catch(async () => j.undo('kill'));
        }
        injected = (holder.rec?.commands().length ?? 0) >= n;
        outcomes.push(`${n}: ${outcome}`);
        expect((await world.host.links()).sort(), `after fault at command ${n}`).toEqual(before);
        expect(await ruleset(), `nftables after fault at command ${n}`).toBe(rulesBefore);
        expect(await gone(ctx.paths.rootDir)).toBe(true);
        expect(await world.backend.state(ctx)).toBe('absent');
      } finally {
        await world.host.destroy();
      }
      if (!injected) break;
    }
    console.info(`fault injection: ${outcomes.length} runs\n${outcomes.join('\n')}`);
    // Sanity: faults really landed in apply as well as in undo.
    expect(outcomes.some((o) => o.includes('failed'))).toBe(true);
    expect(outcomes.at(-1)).toMatch(/ok$/);
  }, 300_000);
});
