import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournaledStepRunner } from '@tbvnode/core';
import { checkContainment, formatContainment } from '../../src/index.js';
import { createWorld, ifconfigLine, isRoot, TEST_EXPERIMENT, listenLikeProxy, TMCC_BUNDLE, waitForFile, warnSkip, type World } from '../support/env.js';
import { lanBridgeName, lanKey } from '../../src/net/lan-key.js';

const LAN0_BRIDGE = lanBridgeName(lanKey({ lan: 'lan0', experiment: TEST_EXPERIMENT }));

warnSkip('linux-vserver vnode tests');

describe.skipIf(!isRoot)('a linux-vserver vnode inside a throwaway host', () => {
  let world: World;
  const journals: JournaledStepRunner[] = [];
  beforeAll(async () => {
    world = await createWorld({ tmccBundle: TMCC_BUNDLE, nodePath: process.execPath, pids: 64, memoryMb: 256, bossName: '127.0.0.1:7777' });
    await world.backend.prepareHost(world.hostCtx, world.hostSteps);
  });
  afterAll(async () => {
    if (!world) return;
    try {
      for (const j of journals) await j.undo('kill');
      await world.hostSteps.undo('kill');
    } finally {
      await world.host.destroy();
    }
  });

  it('boots isolated: own hostname and PID 1, only its interfaces, read-only /usr, private /etc; halts and restores; kill leaves nothing', async () => {
    const hostLinksBefore = (await world.host.links()).sort();
    const { ctx, steps } = await world.vnode('pcvm1-7', { ifconfig: ifconfigLine('10.1.1.2', 'lan0', '00000a010102') });
    journals.push(steps);
    const { backend, host } = world;
    expect(await backend.state(ctx)).toBe('absent');
    await backend.create(ctx, steps);
    const proxy = await listenLikeProxy(backend.proxyEndpoint(ctx).hostPath);
    await backend.configureNetwork(ctx, steps);
    const running = await backend.boot(ctx, steps);
    await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
    expect(await backend.state(ctx)).toBe('running');
    expect(running.reportsIsup).toBe(true);
    // The rc reported ISUP through the proxy socket, found via proxypath.
    expect(proxy.requests.join('')).toContain('state ISUP');
    await proxy.close();

    const inVnode = async (...argv: [string, ...string[]]) => (await host.execInVnode(running.pid, argv, { reject: false }));
    expect((await inVnode('hostname')).stdout.trim()).toBe('pcvm1-7');
    expect((await inVnode('cat', '/proc/1/comm')).stdout.trim()).toBe('init.sh');
    const environ = (await inVnode('cat', '/proc/1/environ')).stdout.split('\0').filter(Boolean);
    expect(environ.map((e) => e.split('=')[0]).sort()).toEqual(['HOME', 'LANG', 'PATH', 'PWD']);
    expect((await inVnode('cat', '/etc/emulab/bossnode')).stdout).toBe('127.0.0.1:7777\n');
    const links = (await inVnode('ip', '-o', 'link', 'show')).stdout.split('\n').flatMap((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? []);
    expect(links.sort()).toEqual(['cnet7', 'eth0', 'lo']);
    // /sys shows the vnode's own network namespace (mounted from it at the barrier), read-only.
    expect((await inVnode('ls', '/sys/class/net')).stdout.split('\n').filter(Boolean).sort()).toEqual(['cnet7', 'eth0', 'lo']);
    expect((await inVnode('touch', '/sys/class/net/eth0/tbvnode-must-fail')).exitCode).not.toBe(0);
    expect((await inVnode('ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0')).stdout).toContain('10.1.1.2/24');
    expect((await inVnode('ip', 'route', 'show', 'default')).stdout).toContain('via 172.16.0.1');
    const touch = await inVnode('touch', '/usr/tbvnode-must-fail');
    expect(touch.exitCode).not.toBe(0);
    expect(touch.stderr).toMatch(/Read-only/);
    const hostHosts = await readFile('/etc/hostname', 'utf8').catch(() => null);
    expect((await inVnode('sh', '-c', 'echo vnode > /etc/hostname && cat /etc/hostname')).stdout.trim()).toBe('vnode');
    expect(await readFile('/etc/hostname', 'utf8').catch(() => null)).toBe(hostHosts);
    // /var: the host's skeleton (one template per host) under a private upper dir;
    // /var/emulab is the root's real dir, where the host found vrunning above.
    const template = path.join(world.hostCtx.paths.hostStateDir, 'linux-var');
    const hostVarTop = (await readdir('/var')).filter((e) => !['cache', 'emulab'].includes(e));
    const vnodeVarTop = (await inVnode('ls', '-A', '/var')).stdout.split('\n').filter(Boolean);
    expect(vnodeVarTop).toEqual(expect.arrayContaining([...hostVarTop, 'emulab']));
    expect((await inVnode('sh', '-c', 'echo private > /var/tmp/tbvnode-test && cat /var/tmp/tbvnode-test')).stdout.trim()).toBe('private');
    expect(await readdir(path.join(template, 'tmp'))).not.toContain('tbvnode-test');
    expect((await inVnode('ls', '/var/emulab/boot')).stdout.split('\n')).toEqual(
      expect.arrayContaining(await readdir(path.join(ctx.paths.rootDir, 'var/emulab/boot'))),
    );
    // The host side: pnet7 and the LAN's port are in their bridges.
    expect(await host.links()).toEqual(expect.arrayContaining(['cbr0', 'pnet7', 'pe7.0', LAN0_BRIDGE]));
    // The cgroup limits apply to the vnode's processes.
    const cg = (await inVnode('cat', '/proc/1/cgroup')).stdout;
    // v1: "N:pids:/<group>"; a pure v2 host: "0::/<group>".
    expect(cg).toMatch(new RegExp(`^\\d+:(pids)?:/${host.netns}/pcvm1-7$`, 'm'));

    // Its root is not the host's: in a user namespace of its own id range, with
    // no_new_privs and the seccomp filter; tmcc is also on Emulab's path.
    const status = (await inVnode('cat', '/proc/1/status')).stdout;
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(status).toMatch(/^Seccomp:\s+2$/m);
    const uidMap = (await inVnode('cat', '/proc/1/uid_map')).stdout.trim().split(/\s+/);
    expect(uidMap).toEqual(['0', expect.stringMatching(/^\d{10}$/), '65536']);
    expect((await inVnode('readlink', '/usr/local/etc/emulab/tmcc')).stdout.trim()).toBe('/opt/tbvnode/bin/tmcc');
    const contained = await checkContainment((argv, input) => host.runner.run(argv, { reject: false, timeoutMs: 10_000, ...(input !== undefined ? { input } : {}) }), running.pid);
    expect(formatContainment(contained).filter((l) => !l.endsWith(': denied'))).toEqual([]);
    expect(contained.length).toBeGreaterThan(5);

    // init shrugs off TERM (only USR1 halts it).
    process.kill(running.pid, 'SIGTERM');
    expect((await inVnode('cat', '/proc/1/comm')).stdout.trim()).toBe('init.sh');
    expect(await backend.state(ctx)).toBe('running');

    // Halt: stop + runtime undo; the root stays, the vnode restores on the next boot.
    await running.stop(5_000);
    await steps.undo('halt');
    expect(await backend.state(ctx)).toBe('stopped');
    expect((await host.links()).sort()).toEqual(hostLinksBefore);
    await backend.create(ctx, steps);
    await backend.configureNetwork(ctx, steps);
    const proxy2 = await listenLikeProxy(backend.proxyEndpoint(ctx).hostPath);
    const again = await backend.boot(ctx, steps);
    await waitForFile(world.deps, path.join(ctx.paths.rootDir, 'var/emulab/boot/vrunning'), 10_000);
    // The same id range after a halt (journaled): the root's files stay its own.
    expect((await host.execInVnode(again.pid, ['cat', '/proc/1/uid_map'])).stdout.trim().split(/\s+/)).toEqual(uidMap);
    // The private /etc and /var survived the halt.
    expect((await host.execInVnode(again.pid, ['cat', '/etc/hostname'])).stdout.trim()).toBe('vnode');
    expect((await host.execInVnode(again.pid, ['cat', '/var/tmp/tbvnode-test'])).stdout.trim()).toBe('private');
    await proxy2.close();

    // Kill: everything goes.
    await again.stop(5_000);
    await steps.undo('kill');
    expect(await backend.state(ctx)).toBe('absent');
    expect((await host.links()).sort()).toEqual(hostLinksBefore);
  });
});
