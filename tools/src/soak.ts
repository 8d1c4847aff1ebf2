// tools/soak: boot / halt / boot / kill one linux-vserver vnode many times in a
// throwaway host and check after every cycle that nothing leaked: links in the
// host namespace, mounts, the vnode's files, our open files, child processes.
// The host's destroy() then proves the machine itself is unchanged.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { parseArgvOrStatus } from './parse-argv.js';
import { openStepRunner, vnodePaths, type VnodeContext } from '@tbvnode/core';
import { prepareBackendHost } from './host/backend-host.js';
import { childProcesses, createThrowawayHost, parseMountPoints } from '@tbvnode/test-host';
import { waitFile } from './host/wait-file.js';


export interface SoakResult {
  readonly cycles: number;
  readonly msPerCycle: number;
  readonly leaks: readonly string[];
}

export async function soak(cycles: number, onCycle: (i: number) => void = () => undefined): Promise<SoakResult> {
  const host = await createThrowawayHost();
  const leaks: string[] = [];
  const started = Date.now();
  try {
    const { log, deps, backend, registry, paths, hostCtx, hostSteps } = await prepareBackendHost(host, { cgroupParent: host.netns, pids: 64 });
    const baseLinks = (await host.links()).sort().join(' ');
    const baseFds = (await readdir('/proc/self/fd')).length;
    const vp = vnodePaths(paths, 'pcvm1-1');
    const ctx: VnodeContext = {
      id: vp.id, paths: vp, host: hostCtx, options: {}, deps, log,
      config: {
        jailconfig: {}, controlIp: '172.16.0.2', hostname: 'soak',
        replies: new Map([['ifconfig', 'INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 LAN=lan0 VTAG=101\n']]),
      },
    };
    const vrunning = path.join(vp.rootDir, 'var/emulab/boot/vrunning');
    for (let i = 1; i <= cycles; i++) {
      await mkdir(vp.configDir, { recursive: true });
      const steps = await openStepRunner({ scope: vp.id, journalPath: vp.journal, registry, deps });
      const up = async () => {
        await backend.create(ctx, steps);
        await backend.configureNetwork(ctx, steps);
        const r = await backend.boot(ctx, steps);
        await waitFile(vrunning, 10_000);
        return r;
      };
      await (await up()).stop(5_000);
      await steps.undo('halt');
      if ((await backend.state(ctx)) !== 'stopped') leaks.push(`cycle ${i}: not 'stopped' after halt`);
      const again = await up();
      // "kill" is SIGKILL of the pid-namespace init here, not the polite USR1.
      process.kill(again.pid, 'SIGKILL');
      await again.exited;
      await steps.undo('kill');
      const links = (await host.links()).sort().join(' ');
      if (links !== baseLinks) leaks.push(`cycle ${i}: links ${links}`);
      const mounts = parseMountPoints(await readFile('/proc/self/mountinfo', 'utf8')).filter((m) => m.startsWith(host.rootDir));
      if (mounts.length > 0) leaks.push(`cycle ${i}: mounts ${mounts.join(' ')}`);
      if ((await backend.state(ctx)) !== 'absent') leaks.push(`cycle ${i}: vnode not absent after kill`);
      const kids = await childProcesses(process.pid);
      if (kids.length > 0) leaks.push(`cycle ${i}: processes ${kids.join(', ')}`);
      const fds = (await readdir('/proc/self/fd')).length;
      // A few fds come and go with libuv; a leak grows with every cycle.
      if (fds > baseFds + 8) leaks.push(`cycle ${i}: ${fds} open files (started with ${baseFds})`);
      onCycle(i);
    }
    await hostSteps.undo('kill');
  } finally {
    await host.destroy();
  }
  return { cycles, msPerCycle: (Date.now() - started) / cycles, leaks };
}

export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const cmd = new Command('soak')
    .description('boot/halt/boot/kill one linux-vserver vnode repeatedly in a throwaway host (needs root); exit 1 on any leak')
    .option('-n, --cycles <n>', 'number of cycles', '100');
  const status = parseArgvOrStatus(cmd, argv);
  if (status !== null) return status;
  if (process.getuid?.() !== 0) {
    out.write('soak needs root (network namespaces, bridges, mounts)\n');
    return 2;
  }
  const r = await soak(Number(cmd.opts<{ cycles: string }>().cycles), (i) => {
    if (i % 10 === 0) out.write(`cycle ${i}\n`);
  });
  out.write(`${r.cycles} cycles, ${(r.msPerCycle / 1000).toFixed(2)} s per cycle, ${r.leaks.length} leaks\n${r.leaks.join('\n')}\n`);
  return r.leaks.length === 0 ? 0 : 1;
}
