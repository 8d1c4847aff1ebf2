// `tbvnode exec` and `tbvnode shell` run what the backend's enterArgv says. A
// command run that way must be in the vnode's cgroup, like everything the vnode
// starts itself: else an operator's (or a script's) command escapes the vnode's
// pids and memory limits. Read from inside, /proc/<pid>/cgroup of the entered
// process names the same group as the vnode's init (the root of the vnode's
// cgroup namespace: "/"); before, it named the caller's group outside it.
import { describe, expect, it } from 'vitest';
import { createLinuxBackend } from '../../src/index.js';
import { createWorld, isRoot, warnSkip } from '../support/env.js';

warnSkip('linux-vserver enter into the cgroup');

// The lines of the hierarchies the vnode's limits use: v1 "N:pids:/path" (and
// memory, cpu), or on a pure v2 host the one "0::/path".
function limitLines(text: string): string[] {
  const lines = text.split('\n').filter(Boolean);
  const v1 = lines.filter((l) => /^\d+:[^:]*\b(pids|memory|cpu)\b[^:]*:/.test(l));
  return (v1.length > 0 ? v1 : lines.filter((l) => l.startsWith('0::'))).sort();
}

describe.skipIf(!isRoot)('entering a running vnode', () => {
  it('puts the command into the vnode\'s cgroup (pids, memory, cpu), the same as init\'s', { timeout: 120_000 }, async () => {
    const world = await createWorld({ pids: 64, memoryMb: 256 });
    try {
      await world.backend.prepareHost(world.hostCtx, world.hostSteps);
      const { ctx, steps } = await world.vnode('pcvm1-9');
      try {
        await world.backend.create(ctx, steps);
        await world.backend.configureNetwork(ctx, steps);
        const running = await world.backend.boot(ctx, steps);
        const enter = (argv: [string, ...string[]]) => {
          // As the CLI does: a backend of its own, made with options that need not be the manager's.
          const plan = createLinuxBackend({}).enterArgv?.({ id: ctx.id, paths: ctx.paths }, running.pid, argv);
          if (!plan) throw new Error('linux-vserver has no enterArgv');
          return world.host.runner.run(plan.argv, { reject: false, timeoutMs: 30_000, ...(plan.cwd ? { cwd: plan.cwd } : {}) });
        };
        const own = await enter(['cat', '/proc/self/cgroup']);
        expect(own.exitCode, own.stderr).toBe(0);
        const init = await enter(['cat', '/proc/1/cgroup']);
        const mine = limitLines(own.stdout);
        expect(mine.length, own.stdout).toBeGreaterThan(0);
        expect(mine).toEqual(limitLines(init.stdout));
        // The root of the vnode's cgroup namespace is its own group.
        for (const line of mine) expect(line).toMatch(/:\/$/);
        await running.stop(5_000);
      } finally {
        await steps.undo('kill');
      }
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });
});
