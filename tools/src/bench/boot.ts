// tools/bench/boot: boots N linux-vserver vnodes in a throwaway host through the
// backend and core's journaled steps, then does the same N with a plain shell
// script doing just the kernel operations (the raw floor), in the same run.
// Prints figures; asserts nothing about time.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { pino } from 'pino';
import { createNodeDeps, createStepRegistry, hostPaths, openStepRunner, vnodePaths, type RunningVnode, type VnodeContext, type JournaledStepRunner } from '@tbvnode/core';
import { createLinuxBackend, VNODE_FILES_DIR } from '@tbvnode/backend-linux-vserver';
import { createThrowawayHost } from '../host/throwaway-host.js';
import { pool, pssKb, seconds, treePssKb } from './measure.js';

const RAW_SCRIPT = fileURLToPath(new URL('../../src/bench/raw-boot.sh', import.meta.url));

export interface BootFigures {
  readonly n: number;
  readonly upMs: number;
  readonly teardownMs: number;
  readonly pssKbPerVnode: number;
  readonly nodeRssKbPerVnode: number;
  readonly rawUpMs: number;
  readonly rawTeardownMs: number;
}

async function waitFile(file: string, deadline: number): Promise<void> {
  const { access } = await import('node:fs/promises');
  for (;;) {
    try {
      await access(file);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (Date.now() > deadline) throw new Error(`${file} did not appear in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function benchBoot(n: number, concurrency: number): Promise<BootFigures> {
  const host = await createThrowawayHost();
  try {
    const log = pino({ level: 'silent' });
    const deps = createNodeDeps({ log, runner: host.runner });
    const backend = createLinuxBackend({ cgroupParent: host.netns });
    const registry = createStepRegistry(backend.stepTypes);
    const paths = hostPaths(host.rootDir);
    await mkdir(paths.hostStateDir, { recursive: true });
    const hostCtx = { paths, deps, log, options: {} };
    const hostSteps = await openStepRunner({ scope: 'host', journalPath: paths.hostJournal, registry, deps });
    await backend.prepareHost(hostCtx, hostSteps);

    const ids = Array.from({ length: n }, (_, i) => `pcvm1-${i + 1}`);
    const vnodes: Array<{ ctx: VnodeContext; steps: JournaledStepRunner; running?: RunningVnode }> = [];
    const rss0 = process.memoryUsage().rss;
    const t0 = Date.now();
    await pool(ids, concurrency, async (id, i) => {
      const vp = vnodePaths(paths, id);
      await mkdir(vp.configDir, { recursive: true });
      const ctx: VnodeContext = {
        id: vp.id, paths: vp, host: hostCtx, options: {}, deps, log,
        config: { jailconfig: {}, replies: new Map(), controlIp: `172.16.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 1}`, hostname: id },
      };
      const steps = await openStepRunner({ scope: id, journalPath: vp.journal, registry, deps });
      const v: (typeof vnodes)[number] = { ctx, steps };
      vnodes.push(v);
      await backend.create(ctx, steps);
      await backend.configureNetwork(ctx, steps);
      v.running = await backend.boot(ctx, steps);
      await waitFile(path.join(vp.rootDir, 'var/emulab/boot/vrunning'), Date.now() + 60_000);
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

    return { n, upMs, teardownMs, pssKbPerVnode: (tree.kb + unshareKb) / n, nodeRssKbPerVnode, rawUpMs, rawTeardownMs };
  } finally {
    await host.destroy();
  }
}

export function formatFigures(f: BootFigures): string {
  return [
    `N=${f.n}: all up ${seconds(f.upMs)} s (${(f.n / (f.upMs / 1000)).toFixed(1)} vnodes/s), teardown ${seconds(f.teardownMs)} s`,
    `  host-side memory per vnode: ${(f.pssKbPerVnode / 1024).toFixed(2)} MB PSS (unshare + init + rc leftovers), +${(f.nodeRssKbPerVnode / 1024).toFixed(2)} MB node RSS growth`,
    `  raw floor: up ${seconds(f.rawUpMs)} s, teardown ${seconds(f.rawTeardownMs)} s; ratio up ${(f.upMs / f.rawUpMs).toFixed(2)}x, teardown ${(f.teardownMs / f.rawTeardownMs).toFixed(2)}x`,
  ].join('\n');
}

export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const cmd = new Command('bench-boot')
    .description('Boot N linux-vserver vnodes in a throwaway host (needs root), versus a shell script doing only the kernel operations')
    .option('-n, --sizes <list>', 'comma-separated N values', '10,50,100')
    .option('-c, --concurrency <n>', 'vnodes booting at once', '8')
    .exitOverride();
  cmd.parse([...argv], { from: 'user' });
  const o = cmd.opts<{ sizes: string; concurrency: string }>();
  if (process.getuid?.() !== 0) {
    out.write('bench-boot needs root (network namespaces, bridges, mounts)\n');
    return 2;
  }
  for (const n of o.sizes.split(',').map(Number)) {
    out.write(`${formatFigures(await benchBoot(n, Number(o.concurrency)))}\n`);
  }
  return 0;
}
