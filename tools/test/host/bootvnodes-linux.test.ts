// End to end on this machine: the CLI's bootvnodes with the linux-vserver
// backend inside a throwaway host, against the boss simulator running in the
// same namespace. Every vnode reaches ISUP at boss; kill leaves the machine as
// before (the host's destroy() checks).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { skipBecause } from '@tbvnode/test-fixtures';
import { startBossHost, type BossHost } from './boss-host.js';
import { probeBetweenVnodes } from '../../src/host/vnode-probe.js';

const isRoot = process.getuid?.() === 0;

const BOOTVNODES = fileURLToPath(new URL('../../../packages/cli/bin/bootvnodes.js', import.meta.url));

describe.skipIf(skipBecause(!isRoot, 'bootvnodes end-to-end test: needs root (namespaces, bridges, mounts)'))('bootvnodes -f with linux-vserver in a throwaway host', () => {
  let bh: BossHost | undefined;
  afterEach(async () => {
    await bh?.close();
    bh = undefined;
  });

  it('boots the three-vnode experiment to ISUP and kills it cleanly', async () => {
    bh = await startBossHost();
    const { host, bossLog, env } = bh;
    const boot = await host.run([process.execPath, BOOTVNODES, '-f', '--backend', 'linux-vserver', '--concurrency', '3', '--wait', '30'], { env, reject: false, timeoutMs: 120_000 });
    expect(boot.stdout, boot.stderr).toMatch(/boot pcvm1-1: ok/);
    expect(boot.exitCode).toBe(0);
    const states = await readFile(bossLog, 'utf8');
    for (const id of ['pcvm1-1', 'pcvm1-2', 'pcvm1-3']) expect(states).toMatch(new RegExp(`state ${id} ISUP`));
    // pcvm1-1 reaches pcvm1-2 over their experiment LAN.
    const jail = (id: string) => `${host.rootDir}/var/emulab/jails/${id}`;
    const initOf = async (id: string) => Number((await readFile(`${jail(id)}/vnode.pid`, 'utf8')).split(' ')[0]);
    const lanIp = (await readFile(`${jail('pcvm1-2')}/root/var/emulab/boot/tbvnode-ifaces`, 'utf8')).split(/\s+/)[1]?.split('/')[0] as string;
    const answer = await probeBetweenVnodes(host, { initPid: await initOf('pcvm1-1') }, { initPid: await initOf('pcvm1-2'), address: lanIp });
    expect(answer).toMatch(/^node2/);
    const kill = await host.run([process.execPath, BOOTVNODES, '-f', '-k', '--backend', 'linux-vserver'], { env, reject: false, timeoutMs: 120_000 });
    expect(kill.exitCode, kill.stderr).toBe(0);
  }, 180_000);
});
