// The whole stack for tools/bench/boot: the CLI's bootvnodes (one manager per
// vnode, each hosting its tmcc proxy) with the linux-vserver backend inside a
// throwaway host, against the boss simulator serving a generated experiment.
// "Up" means boss has recorded ISUP for every vnode.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createThrowawayHost } from '@tbvnode/test-host';
import { cpuMs, treePssKb } from './measure.js';

const BOSS_BIN = fileURLToPath(new URL('../../../test-fixtures/bin/tbvnode-boss.js', import.meta.url));
const BOOTVNODES = fileURLToPath(new URL('../../../packages/cli/bin/bootvnodes.js', import.meta.url));

export interface CliBootFigures {
  readonly n: number;
  readonly upMs: number;
  readonly teardownMs: number;
  /** PSS of each vnode's manager (node, with its proxy) plus unshare, init and what runs inside. */
  readonly pssKbPerVnode: number;
  readonly managers: number;
  /** CPU time (user + system) each manager had used when all were ISUP: barely moved by other load. */
  readonly managerCpuMs: number;
}

async function waitFor(what: string, deadlineMs: number, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what} not within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function benchBootCli(n: number, concurrency: number): Promise<CliBootFigures> {
  const host = await createThrowawayHost();
  const bossLog = `${host.rootDir}/boss.log`;
  const boss = await host.runner.start(
    [process.execPath, BOSS_BIN, '--generate', String(n), '--lans', String(Math.ceil(n / 200)), '-p', '0'],
    { stdout: { file: bossLog }, stderr: { file: bossLog } },
  );
  try {
    let port: string | undefined;
    await waitFor('boss simulator', 10_000, async () => {
      port = /ports (\d+)/.exec(await readFile(bossLog, 'utf8').catch(() => ''))?.[1];
      return port !== undefined;
    });
    const env = { TBVNODE_ROOT: host.rootDir, BOSSNAME: `127.0.0.1:${port}` };
    const isups = async () => ((await readFile(bossLog, 'utf8')).match(/ ISUP /g) ?? []).length;
    const t0 = Date.now();
    await host.run([process.execPath, BOOTVNODES, '-f', '--backend', 'linux-vserver', '--concurrency', String(concurrency), '--wait', '60'], { env, timeoutMs: 600_000 });
    await waitFor(`ISUP from all ${n} vnodes`, 120_000, async () => (await isups()) >= n);
    const upMs = Date.now() - t0;
    const pids: number[] = [];
    for (let i = 1; i <= n; i++) {
      const text = await readFile(`${host.rootDir}/var/run/tbvnode-pcvm1-${i}.pid`, 'utf8').catch(() => '');
      const pid = Number(text.trim().split(/\s+/)[0]);
      if (pid > 0) pids.push(pid);
    }
    const mem = await treePssKb(pids);
    let cpu = 0;
    for (const pid of pids) cpu += await cpuMs(pid);
    const t1 = Date.now();
    await host.run([process.execPath, BOOTVNODES, '-f', '-k', '--backend', 'linux-vserver', '--concurrency', String(concurrency)], { env, timeoutMs: 600_000 });
    const teardownMs = Date.now() - t1;
    return { n, upMs, teardownMs, pssKbPerVnode: mem.kb / n, managers: pids.length, managerCpuMs: pids.length > 0 ? cpu / pids.length : 0 };
  } finally {
    boss.kill('SIGTERM');
    await boss.exited;
    await host.destroy();
  }
}

export function formatCliFigures(f: CliBootFigures): string {
  return `  whole stack (bootvnodes, ${f.managers} managers + proxies): all ISUP at boss ${(f.upMs / 1000).toFixed(2)} s ` +
    `(${(f.n / (f.upMs / 1000)).toFixed(1)} vnodes/s), kill ${(f.teardownMs / 1000).toFixed(2)} s, ` +
    `${(f.pssKbPerVnode / 1024).toFixed(1)} MB PSS per vnode (manager + proxy + unshare + init), ` +
    `${f.managerCpuMs.toFixed(0)} ms CPU per manager up to ISUP`;
}
