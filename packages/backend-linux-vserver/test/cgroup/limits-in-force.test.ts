// Limits on by default, shown in force from inside a booted vnode (issue 11,
// "Limits"): the vnode's own startup (/etc/emulab/rc.vnode.local, which the
// rc execs, so it runs in the vnode's cgroup like anything the vnode starts)
// grows memory without end, prints far more than the console cap, then forks
// without end. The memory hog is killed at the memory limit, console.log
// keeps its start and stays near its cap, the fork bomb stops at pids.max.
// Against this machine's v1 hierarchies; the v2 writes are table-tested in
// limits.test.ts and cgroup-step.test.ts (no pure v2 host here).
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipNow, waitFor } from '@tbvnode/test-fixtures';
import { createWorld, waitForFile, needsRoot } from '../support/env.js';

const exists = (p: string) => access(p).then(() => true, () => false);
const PIDS = 40;
const MEMORY_MB = 64;
const CONSOLE_MB = 1;

const RC_LOCAL = `#!/bin/sh
echo "limits test: start"
tail /dev/zero
echo "memory hog ended: $?"
head -c 3000000 /dev/zero | tr '\\0' z
echo
echo "console flood done"
i=0
while [ $i -lt 500 ]; do sleep 600 & i=$((i+1)); done
`;

const until = (what: string, pred: () => Promise<boolean>, deadlineMs = 30_000): Promise<void> =>
  waitFor(what, pred, { timeoutMs: deadlineMs, intervalMs: 50 });

describe.skipIf(needsRoot('cgroup limits in force'))('limits in force in a booted vnode (cgroup v1)', () => {
  it('puts a vnode booted with no limit options under the default pids, memory and CPU share', { timeout: 60_000 }, async (ctx) => {
    if (!(await exists('/sys/fs/cgroup/pids/cgroup.procs'))) {
      skipNow(ctx, 'default limits: no v1 pids hierarchy here');
    }
    const world = await createWorld();
    try {
      await world.backend.prepareHost(world.hostCtx, world.hostSteps);
      const { ctx: v, steps } = await world.vnode('pcvm1-6');
      const group = `${world.host.netns}/pcvm1-6`;
      try {
        await world.backend.create(v, steps);
        await world.backend.configureNetwork(v, steps);
        const running = await world.backend.boot(v, steps);
        const initCgroups = await readFile(`/proc/${running.pid}/cgroup`, 'utf8');
        expect(initCgroups).toMatch(new RegExp(`:pids:/${group}\n`));
        expect((await readFile(`/sys/fs/cgroup/pids/${group}/pids.max`, 'utf8')).trim()).toBe('1024');
        expect((await readFile(`/sys/fs/cgroup/memory/${group}/memory.limit_in_bytes`, 'utf8')).trim()).toBe(String(1024 * 1024 * 1024));
        expect((await readFile(`/sys/fs/cgroup/cpu/${group}/cpu.shares`, 'utf8')).trim()).toBe('1024');
        await running.stop(5_000);
      } finally {
        await steps.undo('kill');
      }
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });

  it('kills a memory hog at memoryMb, caps console.log, stops a fork bomb at pids', { timeout: 120_000 }, async (ctx) => {
    if (!(await exists('/sys/fs/cgroup/pids/cgroup.procs')) || !(await exists('/sys/fs/cgroup/memory/cgroup.procs'))) {
      skipNow(ctx, 'limits in force: no v1 pids/memory hierarchy here');
    }
    const world = await createWorld({ pids: PIDS, memoryMb: MEMORY_MB, consoleLogMb: CONSOLE_MB });
    try {
      await world.backend.prepareHost(world.hostCtx, world.hostSteps);
      const { ctx: v, steps } = await world.vnode('pcvm1-5');
      const group = `${world.host.netns}/pcvm1-5`;
      try {
        await world.backend.create(v, steps);
        const rcDir = path.join(v.paths.configDir, 'overlay', 'etc', 'upper', 'emulab');
        await mkdir(rcDir, { recursive: true });
        await writeFile(path.join(rcDir, 'rc.vnode.local'), RC_LOCAL);
        await chmod(path.join(rcDir, 'rc.vnode.local'), 0o755);
        await world.backend.configureNetwork(v, steps);
        const running = await world.backend.boot(v, steps);
        await waitForFile(world.deps, path.join(v.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);

        const cg = (ctrl: string, file: string) => readFile(`/sys/fs/cgroup/${ctrl}/${group}/${file}`, 'utf8');
        const consoleLog = path.join(v.paths.logsDir, 'console.log');
        // The vnode's init is in its group in every controller.
        const initCgroups = await readFile(`/proc/${running.pid}/cgroup`, 'utf8');
        for (const ctrl of ['pids', 'memory', 'cpu']) expect(initCgroups).toMatch(new RegExp(`:[^:]*\\b${ctrl}\\b[^:]*:/${group}\\n`));
        expect((await cg('pids', 'pids.max')).trim()).toBe(String(PIDS));
        expect((await cg('memory', 'memory.limit_in_bytes')).trim()).toBe(String(MEMORY_MB * 1024 * 1024));
        expect((await cg('cpu', 'cpu.shares')).trim()).toBe('1024');

        // Fork bomb: the kernel refuses forks past pids.max (pids.events counts them).
        await until('a fork refused at pids.max', async () => /^max [1-9]/m.test(await cg('pids', 'pids.events')));
        expect(Number((await cg('pids', 'pids.current')).trim())).toBeLessThanOrEqual(PIDS);
        // Memory hog: killed by the cgroup's OOM killer, never above the limit.
        const log = await readFile(consoleLog, 'utf8');
        expect(log).toMatch(/memory hog ended: 137/);
        expect(Number((await cg('memory', 'memory.max_usage_in_bytes')).trim())).toBeLessThanOrEqual(MEMORY_MB * 1024 * 1024);
        // Console: 3 MB printed; the file is cut back to its cap with its start,
        // a mark and the latest output. (A read during a cut may see it half
        // done, so wait for the finished state.)
        await until('console.log cut to its cap with the latest output', async () => {
          const text = await readFile(consoleLog, 'utf8');
          return text.length <= CONSOLE_MB * 1024 * 1024 && text.includes('console flood done') && text.includes('[tbvnode: console output cut here at ');
        });
        expect((await readFile(consoleLog, 'utf8')).indexOf('limits test: start')).toBeGreaterThanOrEqual(0);

        await running.stop(5_000);
      } finally {
        await steps.undo('kill');
      }
      expect(await exists(`/sys/fs/cgroup/pids/${group}`)).toBe(false);
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });
});
