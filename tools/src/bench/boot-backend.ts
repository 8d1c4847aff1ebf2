// The backend half of tools/bench/boot: N vnodes through the linux-vserver
// backend and core's journaled steps, with a boss simulator and one tmcc proxy
// per vnode in this process. Runs in a worker started inside the throwaway
// host's network namespace (bin/bench-boot-worker.ts), as a host's manager
// would: its commands then need no nsenter each, and it forks from a small
// process, not from the whole bench.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStepRunner, vnodePaths, type JournaledStepRunner, type RunningVnode, type VnodeContext } from '@tbvnode/core';
import { generateExperiment, startBoss, type BossSimulator } from '@tbvnode/test-fixtures';
import { createProxy, type TmccProxy } from '@tbvnode/tmcc-proxy';
import { prepareBackendHost } from '../host/backend-host.js';
import { waitFile } from '../host/wait-file.js';
import { pool, pssKb, treePssKb } from './measure.js';

const TMCC_BUNDLE = fileURLToPath(new URL('../../../packages/tmcc/dist/bin/tmcc.cjs', import.meta.url));

export interface BackendRunInput {
  readonly rootDir: string;
  /** The cgroup parent for the vnodes (the throwaway host's name). */
  readonly cgroupParent: string;
  readonly n: number;
  readonly concurrency: number;
  /** Up = ISUP at the boss simulator (tmcc through a proxy), else vrunning. */
  readonly isup: boolean;
}

export interface BackendRunFigures {
  readonly upMs: number;
  readonly teardownMs: number;
  readonly pssKbPerVnode: number;
  readonly nodeRssKbPerVnode: number;
}

export async function runBackendPart(o: BackendRunInput): Promise<BackendRunFigures> {
  const { n, concurrency, isup } = o;
  const boss: BossSimulator | undefined = isup
    ? await startBoss({ experiment: generateExperiment({ vnodes: n, lans: Math.ceil(n / 200) }), host: '127.0.0.1', port: 0 })
    : undefined;
  const proxies: TmccProxy[] = [];
  const vnodes: Array<{ ctx: VnodeContext; steps: JournaledStepRunner; running?: RunningVnode }> = [];
  try {
    const { log, deps, backend, registry, paths, hostCtx, hostSteps } = await prepareBackendHost(
      { rootDir: o.rootDir },
      { cgroupParent: o.cgroupParent, ...(isup ? { tmccBundle: TMCC_BUNDLE, nodePath: process.execPath } : {}) },
    );
    const ids = Array.from({ length: n }, (_, i) => `pcvm1-${i + 1}`);
    const rss0 = process.memoryUsage().rss;
    const t0 = Date.now();
    await pool(ids, concurrency, async (id, i) => {
      const vp = vnodePaths(paths, id);
      await mkdir(vp.configDir, { recursive: true });
      const ctx: VnodeContext = {
        id: vp.id, paths: vp, host: hostCtx, options: {}, deps, log,
        config: {
          jailconfig: {}, hostname: id,
          controlIp: `172.16.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 1}`,
          // One experiment interface per vnode, LANs of up to 200 (as generateExperiment lays them out).
          replies: new Map([['ifconfig', `INTERFACE IFACETYPE=veth INET=10.1.${Math.floor(i / 200) + 1}.${(i % 200) + 2} MASK=255.255.255.0 LAN=lan${Math.floor(i / 200)} VTAG=${Math.floor(i / 200) + 101}\n`]]),
        },
      };
      const steps = await openStepRunner({ scope: id, journalPath: vp.journal, registry, deps });
      const v: (typeof vnodes)[number] = { ctx, steps };
      vnodes.push(v);
      await backend.create(ctx, steps);
      await backend.configureNetwork(ctx, steps);
      if (boss) {
        const proxy = createProxy({
          listen: { kind: 'unix', path: backend.proxyEndpoint(ctx).hostPath },
          vnodeId: id,
          upstream: { kind: 'tcp', host: boss.host, ports: boss.ports },
        });
        await proxy.start();
        proxies.push(proxy);
      }
      v.running = await backend.boot(ctx, steps);
      if (boss) await boss.waitForState(id, 'ISUP', 60_000);
      else await waitFile(path.join(vp.rootDir, 'var/emulab/boot/vrunning'), 60_000);
    });
    const upMs = Date.now() - t0;
    const tree = await treePssKb(vnodes.flatMap((v) => (v.running ? [v.running.pid] : [])));
    // unshare (the vnode's parent) is host-side too.
    let unshareKb = 0;
    for (const v of vnodes) {
      const r = (await v.steps.records()).find((x) => x.step === 'linux.vnode-process');
      const u = (r?.result as { unsharePid?: number } | undefined)?.unsharePid;
      if (u) unshareKb += await pssKb(u);
    }
    const nodeRssKbPerVnode = Math.max(0, (process.memoryUsage().rss - rss0) / 1024 / n);

    const t1 = Date.now();
    await pool(vnodes.splice(0), concurrency, async (v) => {
      if (v.running) await v.running.stop(5_000);
      await v.steps.undo('kill');
    });
    for (const p of proxies.splice(0)) await p.stop();
    const teardownMs = Date.now() - t1;
    await hostSteps.undo('kill');
    return { upMs, teardownMs, pssKbPerVnode: (tree.kb + unshareKb) / n, nodeRssKbPerVnode };
  } finally {
    // After a failure: what was booted goes (the harness checks the rest).
    for (const v of vnodes) await v.steps.undo('kill').catch(() => undefined);
    for (const p of proxies) await p.stop();
    await boss?.stop();
  }
}
