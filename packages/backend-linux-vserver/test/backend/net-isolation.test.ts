// Attacks from a vnode's root on the network: reaching another experiment over a
// same-named LAN, and taking over another vnode's addresses on cbr0 and on a LAN
// (forged source IP, gratuitous ARP, a raw frame with a forged source MAC). Each
// attack succeeds on a host without per-experiment bridges and port filters.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournaledStepRunner, RunningVnode, VnodeContext } from '@tbvnode/core';
import { createWorld, ifconfigLine, isRoot, waitForFile, warnSkip, type World } from '../support/env.js';

warnSkip('linux-vserver network isolation attacks');

const ATTACK = readFileSync(fileURLToPath(new URL('../support/attack.py', import.meta.url)), 'utf8');
const EXP_A = { pid: 'testbed', eid: 'exp-a' };
const EXP_B = { pid: 'other', eid: 'exp-b' };

// TCP: the server answers with its hostname; the client prints what it got (5 s deadline).
const TCP_SERVER = "require('net').createServer(s=>s.end(require('os').hostname())).listen(+process.argv[2],process.argv[1])";
const TCP_CLIENT = "const s=require('net').connect(+process.argv[2],process.argv[1]);s.setTimeout(5000,()=>process.exit(2));s.on('data',d=>{console.log(String(d));process.exit(0)});s.on('error',e=>{console.error(e.message);process.exit(1)})";
// UDP: prints "<source> <message>" per datagram, touches a marker once listening, exits at "done" (or after 15 s).
const UDP_SERVER = "const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>{console.log(r.address+' '+m);if(String(m)==='done')process.exit(0)});s.bind(+process.argv[2],process.argv[1],()=>require('fs').writeFileSync(process.argv[3],''));setTimeout(()=>process.exit(3),15000)";

interface Vn { ctx: VnodeContext; steps: JournaledStepRunner; running: RunningVnode }

describe.skipIf(!isRoot)('network isolation between vnodes', () => {
  let world: World;
  const vn: Record<'a' | 'b' | 'c', Vn> = {} as never;
  const started: Array<{ kill(s: NodeJS.Signals): boolean; exited: Promise<unknown> }> = [];

  const inVnode = (v: Vn, argv: [string, ...string[]], input?: string) =>
    world.host.execInVnode(v.running.pid, argv, { reject: false, timeoutMs: 20_000, ...(input !== undefined ? { input } : {}) });
  const attack = (v: Vn, ...args: string[]) => inVnode(v, ['python3', '-', ...args], ATTACK);
  const tcpFrom = async (v: Vn | 'host', ip: string, port: number): Promise<string> => {
    const argv: [string, ...string[]] = [process.execPath, '-e', TCP_CLIENT, ip, String(port)];
    return (v === 'host' ? await world.host.run(argv, { reject: false }) : await inVnode(v, argv)).stdout.trim();
  };
  /** Runs a UDP server (in the host, or in a vnode), lets `send` attack it, returns the datagrams' "<src> <msg>" lines. */
  async function udpHeard(where: Vn | 'host', ip: string, port: number, send: () => Promise<unknown>): Promise<string[]> {
    const markerDir = where === 'host' ? world.host.rootDir : path.join(where.ctx.paths.rootDir, 'tmp');
    const marker = `udp-${port}.ready`;
    const argv: [string, ...string[]] = [process.execPath, '-e', UDP_SERVER, ip, String(port), where === 'host' ? path.join(markerDir, marker) : `/tmp/${marker}`];
    const server = where === 'host' ? world.host.run(argv, { reject: false, timeoutMs: 20_000 }) : inVnode(where, argv);
    await waitForFile(world.deps, path.join(markerDir, marker), 10_000);
    await send();
    const r = await server;
    expect(r.stdout, `the UDP server heard "done" (stderr: ${r.stderr})`).toMatch(/ done$/m);
    return r.stdout.trim().split('\n');
  }

  beforeAll(async () => {
    world = await createWorld();
    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
    const plan = [
      ['a', 'pcvm1-1', '10.1.1.2', EXP_A],
      ['b', 'pcvm1-2', '10.1.1.3', EXP_B],
      ['c', 'pcvm1-3', '10.1.1.4', EXP_A],
    ] as const;
    for (const [k, id, ip, experiment] of plan) {
      const { ctx, steps } = await world.vnode(id, { ifconfig: ifconfigLine(ip, 'lan0', `00000a0101${ip.split('.')[3]?.padStart(2, '0')}`), experiment });
      await world.backend.create(ctx, steps);
      await world.backend.configureNetwork(ctx, steps);
      const running = await world.backend.boot(ctx, steps);
      vn[k] = { ctx, steps, running };
      await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
    }
    // Every vnode answers TCP with its hostname on all its addresses.
    for (const v of Object.values(vn)) {
      const p = await world.host.runner.start(['nsenter', '-t', String(v.running.pid), '-m', '-u', '-i', '-n', '-p', '--', process.execPath, '-e', TCP_SERVER, '0.0.0.0', '7000'], {});
      started.push(p);
    }
  }, 120_000);

  afterAll(async () => {
    if (!world) return;
    try {
      for (const p of started) {
        p.kill('SIGKILL');
        await p.exited;
      }
      for (const v of Object.values(vn)) await v.running.stop(5_000);
      for (const v of Object.values(vn)) await v.steps.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
    // Three vnodes to stop and undo, and a host to verify: more than the default hook time on a busy machine.
  }, 120_000);

  it('keeps two experiments that both name a LAN lan0 apart', async () => {
    // The same experiment shares the LAN (waiting for the server to listen)...
    let same = '';
    for (let i = 0; i < 50 && same !== 'pcvm1-1'; i++) {
      same = await tcpFrom(vn.c, '10.1.1.2', 7000);
      if (same !== 'pcvm1-1') await world.deps.clock.sleep(50);
    }
    expect(same).toBe('pcvm1-1');
    // ...another experiment's lan0 is another bridge: nothing answers there.
    expect(await tcpFrom(vn.b, '10.1.1.2', 7000)).not.toContain('pcvm1-1');
    const masterOf = async (port: string) => /master (\S+)/.exec((await world.host.run(['ip', '-o', 'link', 'show', 'dev', port])).stdout)?.[1];
    const [a, b, c] = [await masterOf('pe1.0'), await masterOf('pe2.0'), await masterOf('pe3.0')];
    expect(a).toBe(c);
    expect(b).not.toBe(a);
  });

  it('drops datagrams with another vnode\'s control IP as source', async () => {
    await inVnode(vn.b, ['ip', 'addr', 'replace', '172.16.0.2/32', 'dev', 'cnet2']);
    const heard = await udpHeard('host', '172.16.0.1', 7100, () => attack(vn.b, 'udp', '172.16.0.3', '172.16.0.2', '172.16.0.1', '7100'));
    expect(heard).toContain('172.16.0.3 hello');
    expect(heard.filter((l) => l.startsWith('172.16.0.2 '))).toEqual([]);
  });

  // Asked over netlink: the vnode's sysfs shows the namespace it was mounted in, not its own (see the README).
  const macIn = async (v: Parameters<typeof inVnode>[0], dev: string): Promise<string> => {
    const mac = /link\/ether ([0-9a-f:]{17})/.exec((await inVnode(v, ['ip', '-o', 'link', 'show', 'dev', dev])).stdout)?.[1];
    expect(mac, `MAC of ${dev}`).toBeDefined();
    return mac as string;
  };

  it('does not let gratuitous ARP take over another vnode\'s control address', async () => {
    // The host talks to a first (its neighbour entry now holds a's MAC).
    let before = '';
    for (let i = 0; i < 50 && before !== 'pcvm1-1'; i++) {
      before = await tcpFrom('host', '172.16.0.2', 7000);
      if (before !== 'pcvm1-1') await world.deps.clock.sleep(50);
    }
    expect(before).toBe('pcvm1-1');
    const aMac = await macIn(vn.a, 'cnet1');
    const bMac = await macIn(vn.b, 'cnet2');
    await inVnode(vn.b, ['ip', 'addr', 'replace', '172.16.0.2/32', 'dev', 'cnet2']);
    // Three announcements a second apart: past the neighbour table's 1 s lock time.
    const arp = await inVnode(vn.b, ['arping', '-U', '-c', '3', '-I', 'cnet2', '172.16.0.2']);
    expect(arp.exitCode, arp.stderr).not.toBe(127);
    const neigh = (await world.host.run(['ip', 'neigh', 'show', '172.16.0.2', 'dev', 'cbr0'])).stdout;
    expect(neigh).not.toContain(bMac);
    expect(neigh).toContain(aMac);
    expect(await tcpFrom('host', '172.16.0.2', 7000)).toBe('pcvm1-1');
  }, 30_000);

  it('drops frames with another vnode\'s MAC as source (and the bridge does not learn it)', async () => {
    const aMac = await macIn(vn.a, 'cnet1');
    const cbr0Mac = /link\/ether ([0-9a-f:]{17})/.exec((await world.host.run(['ip', '-o', 'link', 'show', 'dev', 'cbr0'])).stdout)?.[1] ?? '';
    const heard = await udpHeard('host', '172.16.0.1', 7101, () => attack(vn.b, 'raw', 'cnet2', aMac, cbr0Mac, '172.16.0.3', '172.16.0.1', '7101'));
    expect(heard).toContain('172.16.0.3 hello');
    expect(heard.filter((l) => l.endsWith(' macspoof'))).toEqual([]);
    const fdb = (await world.host.run(['bridge', 'fdb', 'show', 'br', 'cbr0'])).stdout;
    expect(fdb.split('\n').filter((l) => l.startsWith(`${aMac} dev pnet2`))).toEqual([]);
  });

  it('drops datagrams with a forged source IP on an experiment LAN', async () => {
    await inVnode(vn.c, ['ip', 'addr', 'replace', '10.1.1.9/32', 'dev', 'eth0']);
    const heard = await udpHeard(vn.a, '10.1.1.2', 7200, () => attack(vn.c, 'udp', '10.1.1.4', '10.1.1.9', '10.1.1.2', '7200'));
    expect(heard).toContain('10.1.1.4 hello');
    expect(heard.filter((l) => l.startsWith('10.1.1.9 '))).toEqual([]);
  });
});
