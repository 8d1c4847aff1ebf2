// Issue 12's defects, each against the FreeBSD behaviour the fake host models
// (sources cited in src/testing/). Every test here failed on the code before the fix.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JailConfig } from '../../src/index.js';
import { example, vnetNet } from '../fixtures/jailconfigs.js';
import { VNODE } from '../support/lifecycle.js';
import { bringUp, createWorld, type World } from '../support/world.js';

let w: World | undefined;
afterEach(async () => {
  await w?.dispose();
  w = undefined;
});

async function world(...args: Parameters<typeof createWorld>): Promise<World> {
  w = await createWorld(...args);
  await w.backend().prepareHost(w.hostCtx, await w.openHost());
  return w;
}

async function upAndStopped(x: World) {
  const b = x.backend();
  const v = await x.vnode(VNODE, example as JailConfig);
  const running = await bringUp(b, v, await x.open(v));
  return { b, v, running };
}

describe('FreeBSD facts the backend must live with', () => {
  it('devfs: a device created after the jail started (another jail\'s /dev/mdN) stays hidden in its /dev', async () => {
    const x = await world();
    const { v, running } = await upAndStopped(x);
    const dev = path.join(v.paths.rootDir, 'dev');
    expect(x.fake.devfsListing(dev)).not.toContain('md0');
    const other = path.join(x.aux, 'other.img');
    await x.fake.runner.run(['truncate', '-s', '64m', other]);
    await x.fake.runner.run(['mdconfig', '-a', '-t', 'vnode', '-f', other]);
    expect(x.fake.devfsListing(dev)).not.toContain('md1');
    expect(x.fake.devfsListing(dev)).not.toContain('mem');
    await x.fake.runner.run(['mdconfig', '-d', '-u', '1']);
    await running.stop(5_000);
    await x.undo(v, 'kill');
  });

  it('a dying jail (TCP TIME_WAIT) is stopped, not an error; halt waits until it releases its root', async () => {
    const x = await world();
    x.fake.lingerMs = 400;
    const { b, v, running } = await upAndStopped(x);
    await running.stop(5_000);
    expect(x.fake.dying.has(VNODE)).toBe(true);
    expect(await b.state(v)).toBe('stopped');
    await x.undo(v, 'halt');
    expect(x.fake.dying.size).toBe(0);
    expect(x.fake.mounts).toEqual([]);
    await x.undo(v, 'kill');
  });

  it('no host secret reaches the jail\'s /etc (mkjail\'s cleanmess, rc.conf.local, ssh host keys)', async () => {
    const x = await world();
    const { v, running } = await upAndStopped(x);
    const etc = (rel: string): boolean => existsSync(path.join(v.paths.rootDir, rel));
    for (const rel of ['etc/emulab.pkey', 'etc/emulab.cdkey', 'etc/emulab/client.pem', 'etc/emulab/emulab.pem', 'etc/emulab/master.passwd',
      'etc/rc.conf.local', 'etc/ssh/ssh_host_ed25519_key', 'etc/ssh/ssh_host_ed25519_key.pub']) {
      expect(etc(rel), rel).toBe(false);
    }
    // What is not secret is still there.
    expect(etc('etc/emulab/paths.sh') && etc('etc/ssh/sshd_config') && etc('etc/master.passwd')).toBe(true);
    await running.stop(5_000);
    await x.undo(v, 'kill');
  });

  it('stop is graceful although the jail\'s cleanvar empties /var/run; jail(8) gets exec.clean', async () => {
    const x = await world();
    const { v, running } = await upAndStopped(x);
    expect(x.fake.jails.get(VNODE)?.env).not.toHaveProperty('TBVNODE_ROOT');
    expect(Object.keys(x.fake.jails.get(VNODE)?.env ?? {}).sort()).toEqual(['HOME', 'PATH', 'SHELL', 'TERM', 'USER']);
    const from = x.fake.calls.length;
    await running.stop(5_000);
    // stop() is the jail step's revert: it looks the jail up, asks injail, and checks it is gone — no jail -R.
    const jls = `run ["jls","-j","${VNODE}","jid"]`;
    expect(x.calls(from)).toEqual([jls, `run ["jexec","-l","${VNODE}","/bin/pkill","-USR1","-F","/var/emulab/injail.pid"]`, jls]);
    await x.undo(v, 'kill');
  });

  it.each([
    ['alias', {}, undefined, ['/bin/pkill']],
    ['vnet', { netMode: 'vnet' }, vnetNet, ['/sbin/ifconfig', '/bin/pkill']],
  ] as const)('%s mode: no process jexec starts in the jail gets the manager\'s environment (jexec -l, as exec.clean)', async (_mode, options, net, ran) => {
    const x = await world(options);
    const b = x.backend();
    const v = await x.vnode(VNODE, example as JailConfig, net);
    const running = await bringUp(b, v, await x.open(v));
    await running.stop(5_000);
    await x.undo(v, 'halt');
    // jexec.c without -l: execvp keeps the caller's environment (the manager's), which the fake records.
    expect([...new Set(x.fake.jailExecs.map((e) => e.argv[0]))].sort()).toEqual([...ran].sort());
    for (const e of x.fake.jailExecs) expect(Object.keys(e.env).sort(), e.argv.join(' ')).toEqual(['HOME', 'PATH', 'SHELL', 'TERM', 'USER']);
    await x.undo(v, 'kill');
  });

  it('md units are found by the realpath mdconfig stores: a root reached through a symlink leaks none', async () => {
    const x = await world({}, { symlinkedRoot: true });
    const { v, running } = await upAndStopped(x);
    await running.stop(5_000);
    await x.undo(v, 'halt');
    expect([...x.fake.md]).toEqual([]);
    await x.undo(v, 'kill');
  });

  it('a gateway outside the jail\'s network is reached through a host route in its FIB', async () => {
    const x = await world({ cnetGateway: '155.98.36.1' });
    const { v, running } = await upAndStopped(x);
    expect(x.fake.state()['routes']).toMatchObject({ 1: expect.arrayContaining(['default 155.98.36.1', '-host 155.98.36.1 -iface em0']) });
    await running.stop(5_000);
    await x.undo(v, 'kill');
  });

  it('an alias already on the interface (in.c re-adds it silently) is not ours: kill leaves it', async () => {
    const x = await world();
    x.fake.ifaces.get('em0')?.push('172.17.3.1');
    const { v, running } = await upAndStopped(x);
    await running.stop(5_000);
    await x.undo(v, 'kill');
    expect(x.fake.ifaces.get('em0')).toContain('172.17.3.1');
  });

  it('removing a jail never runs the host\'s /etc/jail.conf stop commands (jail -R, not -r)', async () => {
    const x = await world();
    x.fake.hostFiles = { ...x.fake.hostFiles, 'etc/jail.conf': '* {\n  exec.poststop = "rm -rf /data";\n}\n' };
    const { v, running } = await upAndStopped(x);
    // A crashed manager: only the journal, which removes the running jail.
    await x.undo(v, 'kill');
    await running.exited;
    expect(x.fake.hostCommandsRun).toEqual([]);
  });

  it('a restore whose fsck -p gives up (exit 8) runs fsck -y and boots', async () => {
    const x = await world();
    const first = await upAndStopped(x);
    await first.running.stop(5_000);
    await x.undo(first.v, 'halt');
    const disk = [...x.fake.disks.values()][0];
    if (disk) disk.damaged = true;
    const again = await upAndStopped(x);
    expect(x.calls().filter((c) => c.includes('"fsck"'))).toEqual([
      'run ["fsck","-t","ufs","-p","/dev/md0"]', 'run ["fsck","-t","ufs","-y","/dev/md0"]',
    ]);
    await again.running.stop(5_000);
    await x.undo(again.v, 'kill');
  });
});

describe('rctl limits', () => {
  const limits = { memoryLimitMb: 512, maxProcs: 200, cpuPercent: 50 };

  it('with kern.racct.enable=1: rules on the jail\'s name before it starts, removed on halt', async () => {
    const x = await world(limits);
    x.fake.sysctl.set('kern.racct.enable', '1');
    const { v, running } = await upAndStopped(x);
    expect(x.fake.rctlRules).toEqual([`jail:${VNODE}:memoryuse:deny=512m`, `jail:${VNODE}:maxproc:deny=200`, `jail:${VNODE}:pcpu:deny=50`]);
    const rctlAt = x.calls().findIndex((c) => c.includes('"rctl"'));
    expect(rctlAt).toBeLessThan(x.calls().findIndex((c) => c.includes('"jail","-c"')));
    await running.stop(5_000);
    await x.undo(v, 'halt');
    expect(x.fake.rctlRules).toEqual([]);
    await x.undo(v, 'kill');
  });

  it('with kern.racct.enable=0: each limit is reported refused, and the jail still boots', async () => {
    const x = await world(limits);
    const { v, running } = await upAndStopped(x);
    const report = JSON.parse(await readFile(path.join(v.paths.configDir, 'capabilities.json'), 'utf8')) as { keys: Array<{ key: string; verdict: string; reason: string }> };
    expect(report.keys.filter((k) => k.key.startsWith('rctl ')).map((k) => [k.key, k.verdict])).toEqual([
      ['rctl memoryuse', 'refused'], ['rctl maxproc', 'refused'], ['rctl pcpu', 'refused'],
    ]);
    expect(x.calls().some((c) => c.includes('"rctl"'))).toBe(false);
    await running.stop(5_000);
    await x.undo(v, 'kill');
  });
});

describe('rctl limits under faults', () => {
  it('a failing second rctl -a leaves no rule behind after the journal undo', async () => {
    const limits = { memoryLimitMb: 512, maxProcs: 200 };
    const probe = await world(limits);
    probe.fake.sysctl.set('kern.racct.enable', '1');
    const first = await upAndStopped(probe);
    const n = probe.fake.calls.findIndex((c) => c.argv[0] === 'rctl' && c.argv[2]?.includes('maxproc')) + 1;
    await first.running.stop(5_000);
    await probe.undo(first.v, 'kill');
    await probe.dispose();
    w = undefined;
    expect(n).toBeGreaterThan(0);
    const x = await world(limits);
    x.fake.sysctl.set('kern.racct.enable', '1');
    const before = await x.snapshot();
    x.fake.setFaults({ failAt: n });
    await expect(upAndStopped(x)).rejects.toThrow();
    x.fake.setFaults({});
    await x.undo(await x.vnode(VNODE, example as JailConfig), 'kill');
    expect(x.fake.rctlRules).toEqual([]);
    expect(await x.snapshot()).toEqual(before);
  });
});
