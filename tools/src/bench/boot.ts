// tools/bench/boot: boots N linux-vserver vnodes in a throwaway host through the
// backend and core's journaled steps (boot-backend.ts, in a worker inside the
// host), then does the same N with a plain shell script doing just the kernel
// operations (the raw floor), in the same run; then the whole stack (boot-cli.ts).
// Prints figures; asserts nothing about time.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseArgvOrStatus } from '../parse-argv.js';
import { VNODE_FILES_DIR } from '@tbvnode/backend-linux-vserver';
import { createThrowawayHost } from '@tbvnode/test-host';
import type { BackendRunFigures, BackendRunInput } from './boot-backend.js';
import { benchBootCli, formatCliFigures, type CliBootFigures } from './boot-cli.js';
import { seconds } from './measure.js';

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

const WORKER = fileURLToPath(new URL('../bin/bench-boot-worker.js', import.meta.url));

/**
 * One run. `rawFirst` swaps the order of the two halves: whichever runs second
 * creates its files right after the other's teardown deleted thousands, which
 * ext4 makes slower, so repeats alternate the order.
 */
export async function benchBoot(n: number, concurrency: number, isup: boolean, rawFirst = false): Promise<BootFigures> {
  const host = await createThrowawayHost();
  try {
    // The backend half runs in a worker inside the host's network namespace (see boot-backend.ts).
    const backendHalf = async (): Promise<BackendRunFigures> => {
      const input: BackendRunInput = { rootDir: host.rootDir, cgroupParent: host.netns, n, concurrency, isup };
      const r = await host.run([process.execPath, WORKER, JSON.stringify(input)], { timeoutMs: 600_000 });
      return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as BackendRunFigures;
    };
    // The raw floor, same host, same N, same parallelism.
    const rawHalf = async (): Promise<{ rawUpMs: number; rawTeardownMs: number }> => {
      const work = path.join(host.rootDir, 'raw');
      await mkdir(work, { recursive: true });
      const t2 = Date.now();
      await host.run(['/bin/sh', RAW_SCRIPT, 'up', VNODE_FILES_DIR, work, String(n), String(concurrency)], { timeoutMs: 300_000 });
      const rawUpMs = Date.now() - t2;
      const t3 = Date.now();
      await host.run(['/bin/sh', RAW_SCRIPT, 'down', VNODE_FILES_DIR, work, String(n), String(concurrency)], { timeoutMs: 300_000 });
      const rawTeardownMs = Date.now() - t3;
      await rm(work, { recursive: true, force: true });
      return { rawUpMs, rawTeardownMs };
    };
    const raw0 = rawFirst ? await rawHalf() : undefined;
    const backend = await backendHalf();
    const raw = raw0 ?? (await rawHalf());
    return { n, isup, ...backend, ...raw };
  } finally {
    await host.destroy();
  }
}

export function formatFigures(f: BootFigures): string {
  return [
    `N=${f.n}: all ${f.isup ? 'ISUP at boss' : 'vrunning'} ${seconds(f.upMs)} s (${(f.n / (f.upMs / 1000)).toFixed(1)} vnodes/s), teardown ${seconds(f.teardownMs)} s`,
    `  host-side memory per vnode: ${(f.pssKbPerVnode / 1024).toFixed(2)} MB PSS (unshare + init + sleep), +${(f.nodeRssKbPerVnode / 1024).toFixed(2)} MB RSS of the bench worker (steps${f.isup ? ' + proxy' : ''})`,
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
    .option('-r, --repeat <k>', 'runs per N, alternating which half goes first; with more than one, a line of medians follows (this machine is noisy)', '1');
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
      runs.push(await benchBoot(n, Number(o.concurrency), o.isup, i % 2 === 1));
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
