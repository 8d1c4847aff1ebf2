// SIGKILL of a vnode's manager at 20 points of its boot, each followed by
// `vnodesetup -k`: the journal alone must undo everything, leaving the host's
// links, processes and files as they were (and the machine, checked by the
// throwaway host's destroy()).
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipBecause, waitUntil } from '@tbvnode/test-fixtures';
import { listProcesses, usingDir } from '@tbvnode/test-host';
import { startBossHost } from './boss-host.js';

const isRoot = process.getuid?.() === 0;

const VNODESETUP = fileURLToPath(new URL('../../../packages/cli/bin/vnodesetup.js', import.meta.url));
const POINTS = 20;

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  if (!(await waitUntil(check, { timeoutMs: ms, intervalMs: 5 }))) throw new Error(`${what}: not within ${ms} ms`);
}

describe.skipIf(skipBecause(!isRoot, 'manager SIGKILL test: needs root (namespaces, bridges, mounts)'))('SIGKILL of the manager, then vnodesetup -k', () => {
  it(`leaves nothing behind, at each of ${POINTS} points of a boot`, async () => {
    const bh = await startBossHost({ backend: 'linux-vserver' });
    const { host, boss, env } = bh;
    const killedAt: string[] = [];
    try {
      const jail = `${host.rootDir}/var/emulab/jails/pcvm1-1`;
      const pidFile = `${host.rootDir}/var/run/tbvnode-pcvm1-1.pid`;
      // One full boot + kill first: how long a boot takes, and the host's links once prepared.
      const t0 = Date.now();
      await host.run([process.execPath, VNODESETUP, '-j', '-b', 'pcvm1-1'], { env, timeoutMs: 90_000 });
      const bootMs = Date.now() - t0;
      await host.run([process.execPath, VNODESETUP, '-j', '-k', 'pcvm1-1'], { env, timeoutMs: 90_000 });
      const links = (await host.links()).sort();
      for (let i = 0; i < POINTS; i++) {
        const delay = Math.round((bootMs * i) / POINTS);
        const boot = host.run([process.execPath, VNODESETUP, '-j', '-b', 'pcvm1-1'], { env, timeoutMs: 90_000, reject: false });
        let manager = 0;
        let bootDone: unknown;
        void boot.then((r) => (bootDone = r));
        await until('manager pid file', 30_000, async () => {
          if (bootDone !== undefined) throw new Error(`vnodesetup -b ended before its manager wrote a pid file: ${JSON.stringify(bootDone).slice(0, 1500)}`);
          manager = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim().split(/\s+/)[0]);
          return manager > 0;
        });
        await new Promise((r) => setTimeout(r, delay));
        // The pid file may have been rewritten since (launcher -> manager): kill whoever it names now.
        manager = Number((await readFile(pidFile, 'utf8').catch(() => String(manager))).trim().split(/\s+/)[0]) || manager;
        process.kill(manager, 'SIGKILL');
        await boot;
        // The dead manager is an orphan; this machine's PID 1 reaps orphans only
        // after a second or so, and core's ProcessTable.isAlive (kill 0) counts a
        // zombie as alive (vnodesetup -k then waits its 30 s). Reported; wait it out.
        await until('the killed manager reaped', 60_000, async () => (await readFile(`/proc/${manager}/stat`, 'utf8').catch(() => '')).split(' ')[2] !== 'Z');
        killedAt.push(`${delay} ms`);
        const k = await host.run([process.execPath, VNODESETUP, '-j', '-k', 'pcvm1-1'], { env, timeoutMs: 90_000, reject: false });
        expect(k.exitCode, `vnodesetup -k after SIGKILL at ${delay} ms: ${k.stderr}`).toBe(0);
        expect((await host.links()).sort(), `links after SIGKILL at ${delay} ms`).toEqual(links);
        const procs = await listProcesses();
        const left = usingDir(procs, host.rootDir).filter((pid) => pid !== boss.pid);
        expect(left.map((pid) => procs.find((p) => p.pid === pid)?.cmdline), `processes after SIGKILL at ${delay} ms`).toEqual([]);
        expect(await access(jail).then(() => true, () => false), `config dir after SIGKILL at ${delay} ms`).toBe(false);
      }
    } catch (e) {
      // Report the iteration that failed, not only what destroy() finds after it.
      const cleanup = await bh.close().then(() => '', (d: unknown) => `\nand then: ${String(d)}`);
      throw new Error(`${String(e)}${cleanup}`, { cause: e });
    }
    await bh.close();
    expect(killedAt).toHaveLength(POINTS);
  }, 600_000);
});
