// tools/bench/boot: boots N linux-vserver vnodes in a throwaway host through the
// backend and core's journaled steps, then does the same N with a plain shell
// script doing just the kernel operations (the raw floor), in the same run.
// Prints figures; asserts nothing about time.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseArgvOrStatus } from '../parse-argv.js';
import { openStepRunner, vnodePaths, type RunningVnode, type VnodeContext, type JournaledStepRunner } from '@tbvnode/core';
import { VNODE_FILES_DIR } from '@tbvnode/backend-linux-vserver';
import { startBoss, generateExperiment, type BossSimulator } from '@tbvnode/test-fixtures';
import { createProxy, type TmccProxy } from '@tbvnode/tmcc-proxy';
import { prepareBackendHost } from '../host/backend-host.js';
import { createThrowawayHost } from '../host/throwaway-host.js';
import { waitFile } from '../host/wait-file.js';
import { benchBootCli, formatCliFigures, type CliBootFigures } from './boot-cli.js';
import { pool, pssKb, seconds, treePssKb } from './measure.js';

const RAW_SCRIPT = fileURLToPath(new URL('../../src/bench/raw-boot.sh', import.meta.url));

export interface BootFigures {
  readonly n: number;
  /** Whether "up" meant ISUP at the boss simulator (tmcc through a proxy) or just vrunning. */
  readonly isup: boolean;
  readonly upMs: number;
  readonly teardownMs: number;
  readonly pssKbPerVnode: number;
  readonly nodeRssKbPerVnode: number;
  readonly rawUpMs: number;
  readonly rawTeardownMs: number;
}


const TMCC_BUNDLE = fileURLToPath(new URL('../../../packages/tmcc/dist/bin/tmcc.cjs', import.meta.url));

export async function benchBoot(n: number, concurrency: number, isup: boolean): Promise<BootFigures> {
  const host = await createThrowawayHost();
  // isup: a boss simulator on loopback and one in-process tmcc proxy per vnode
  // (what the manager would host); each vnode's rc reports ISUP through it.
  const lans = Math.ceil(n / 200);
  const boss: BossSimulator | undefined = isup ? await startBoss({ experiment: generateExperiment({ vnodes: n, lans }), host: '127.0.0.1', port: 0 }) : undefined;
  const proxies: TmccProxy[] = [];
  try {
    const { log, deps, backend, registry, paths, hostCtx, hostSteps } = await prepareBackendHost(host, { cgroupParent: host.netns, ...(isup ? { tmccBundle: TMCC_BUNDLE, nodePath: process.execPath } : {}) });

    const ids = Array.from({ length: n }, (_, i) => `pcvm1-${i + 1}`);
    const vnodes: Array<{ ctx: VnodeContext; steps: JournaledStepRunner; running?: RunningVnode }> = [];
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
          replies: new Map([['ifconfig', `INTERFACE IFACETYPE=veth INET=10.1.${Math.floor(i / 200) + 1}.${(i % 200) + 2} MASK=255.255.255.0 LAN=lan${Math.floor(i / 200)}\n`]]),
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
    await pool(vnodes, concurrency, async (v) => {
      if (v.running) await backend.stop(v.running, { timeoutMs: 5_000 });
      await v.steps.undo('kill');
    });
    for (const p of proxies.splice(0)) await p.stop();
    const teardownMs = Date.now() - t1;
    await hostSteps.undo('kill');

    // The raw floor, same host, same N, same parallelism.
    const work = path.join(host.rootDir, 'raw');
    await mkdir(work, { recursive: true });
    const t2 = Date.now();
    await host.run(['/bin/sh', RAW_SCRIPT, 'up', VNODE_FILES_DIR, work, String(n), String(concurrency)], { timeoutMs: 300_000 });
    const rawUpMs = Date.now() - t2;
    const t3 = Date.now();
    await host.run(['/bin/sh', RAW_SCRIPT, 'down', VNODE_FILES_DIR, work, String(n), String(concurrency)], { timeoutMs: 300_000 });
    const rawTeardownMs = Date.now() - t3;
    await rm(work, { recursive: true, force: true });

    return { n, isup, upMs, teardownMs, pssKbPerVnode: (tree.kb + unshareKb) / n, nodeRssKbPerVnode, rawUpMs, rawTeardownMs };
  } finally {
    for (const p of proxies) await p.stop();
    await boss?.stop();
    await host.destroy();
  }
}

export function formatFigures(f: BootFigures): string {
  return [
    `N=${f.n}: all ${f.isup ? 'ISUP at boss' : 'vrunning'} ${seconds(f.upMs)} s (${(f.n / (f.upMs / 1000)).toFixed(1)} vnodes/s), teardown ${seconds(f.teardownMs)} s`,
    `  host-side memory per vnode: ${(f.pssKbPerVnode / 1024).toFixed(2)} MB PSS (unshare + init + sleep), +${(f.nodeRssKbPerVnode / 1024).toFixed(2)} MB RSS of this process (steps${f.isup ? ' + proxy' : ''})`,
    `  raw floor: up ${seconds(f.rawUpMs)} s, teardown ${seconds(f.rawTeardownMs)} s; ratio up ${(f.upMs / f.rawUpMs).toFixed(2)}x, teardown ${(f.teardownMs / f.rawTeardownMs).toFixed(2)}x`,
  ].join('\n');
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function formatMedians(runs: readonly BootFigures[], cliRuns: readonly CliBootFigures[]): string {
  const first = runs[0] as BootFigures;
  const parts = [
    `median of ${runs.length} runs, N=${first.n}: backend up ${seconds(median(runs.map((r) => r.upMs)))} s, ` +
      `raw floor ${seconds(median(runs.map((r) => r.rawUpMs)))} s, ratio up ${median(runs.map((r) => r.upMs / r.rawUpMs)).toFixed(2)}x`,
  ];
  if (cliRuns.length > 0) {
    parts.push(`whole stack up ${seconds(median(cliRuns.map((r) => r.upMs)))} s, ${median(cliRuns.map((r) => r.managerCpuMs)).toFixed(0)} ms CPU per manager`);
  }
  return parts.join('; ');
}

export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const cmd = new Command('bench-boot')
    .description('Boot N linux-vserver vnodes in a throwaway host (needs root), versus a shell script doing only the kernel operations')
    .option('-n, --sizes <list>', 'comma-separated N values', '10,50,100')
    .option('-c, --concurrency <n>', 'vnodes booting at once', '8')
    .option('--no-isup', 'count vnodes up at vrunning, without tmcc, proxies or boss')
    .option('--no-cli', 'skip the whole-stack run (bootvnodes: managers, proxies, boss)')
    .option('-r, --repeat <k>', 'runs per N; with more than one, a line of medians follows (this machine is noisy)', '1');
  const status = parseArgvOrStatus(cmd, argv);
  if (status !== null) return status;
  const o = cmd.opts<{ sizes: string; concurrency: string; isup: boolean; cli: boolean; repeat: string }>();
  const repeat = Number(o.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) {
    out.write(`bench-boot: --repeat wants a whole number >= 1, not ${JSON.stringify(o.repeat)}\n`);
    return 2;
  }
  if (process.getuid?.() !== 0) {
    out.write('bench-boot needs root (network namespaces, bridges, mounts)\n');
    return 2;
  }
  for (const n of o.sizes.split(',').map(Number)) {
    const runs: BootFigures[] = [];
    const cliRuns: CliBootFigures[] = [];
    for (let i = 0; i < repeat; i++) {
      runs.push(await benchBoot(n, Number(o.concurrency), o.isup));
      out.write(`${formatFigures(runs.at(-1) as BootFigures)}\n`);
      if (o.cli) {
        cliRuns.push(await benchBootCli(n, Number(o.concurrency)));
        out.write(`${formatCliFigures(cliRuns.at(-1) as CliBootFigures)}\n`);
      }
    }
    if (repeat > 1) out.write(`${formatMedians(runs, cliRuns)}\n`);
  }
  return 0;
}
