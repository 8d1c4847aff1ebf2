// The fake host's cloned interfaces (epair, bridge) and VNET jails: names,
// pairing, renames, membership, moves into and out of a jail's vnet, and the
// errors FreeBSD's ifconfig prints.
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeWorldPerTest } from '../support/fake-world.js';
import type { World } from '../support/world.js';

const { world, run } = fakeWorldPerTest();

describe('fake cloned interfaces', () => {
  it('epair create makes both ends and prints the a end; destroying one end destroys both', async () => {
    expect((await run('ifconfig', 'epair', 'create')).stdout).toBe('epair0a\n');
    expect((await run('ifconfig', 'epair', 'create')).stdout).toBe('epair1a\n');
    expect([...world().fake.ifaces.keys()]).toEqual(expect.arrayContaining(['epair0a', 'epair0b', 'epair1a', 'epair1b']));
    expect((await run('ifconfig', 'epair0b', 'destroy')).exitCode).toBe(0);
    expect(world().fake.ifaces.has('epair0a')).toBe(false);
    expect(world().fake.ifaces.has('epair0b')).toBe(false);
    // The freed unit is used again.
    expect((await run('ifconfig', 'epair', 'create')).stdout).toBe('epair0a\n');
  });

  it('a renamed end keeps its peer; a taken name is refused', async () => {
    await run('ifconfig', 'epair', 'create');
    expect((await run('ifconfig', 'epair0a', 'name', 'tbv1.0')).stdout).toBe('tbv1.0\n');
    expect((await run('ifconfig', 'epair0b', 'name', 'em0')).stderr.trim()).toBe('ifconfig: ioctl SIOCSIFNAME (set name): File exists');
    expect((await run('ifconfig', 'tbv1.0', 'destroy')).exitCode).toBe(0);
    expect(world().fake.ifaces.has('epair0b')).toBe(false);
  });

  it('bridge members: addm, a second addm, deletem, and a member destroyed leaves the bridge', async () => {
    expect((await run('ifconfig', 'bridge', 'create')).stdout).toBe('bridge0\n');
    await run('ifconfig', 'epair', 'create');
    expect((await run('ifconfig', 'bridge0', 'addm', 'epair0a')).exitCode).toBe(0);
    expect((await run('ifconfig', 'bridge0', 'addm', 'epair0a')).stderr.trim()).toBe('ifconfig: BRDGADD epair0a: File exists');
    expect((await run('ifconfig', 'bridge0', 'addm', 'epair9a')).stderr.trim()).toBe('ifconfig: BRDGADD epair9a: No such file or directory');
    expect((await run('ifconfig', 'bridge0', 'deletem', 'epair0a')).exitCode).toBe(0);
    expect((await run('ifconfig', 'bridge0', 'deletem', 'epair0a')).stderr.trim()).toBe('ifconfig: BRDGDEL epair0a: Invalid argument');
    await run('ifconfig', 'bridge0', 'addm', 'epair0a');
    await run('ifconfig', 'epair0a', 'destroy');
    expect([...(world().fake.clones.members.get('bridge0') ?? [])]).toEqual([]);
    expect((await run('ifconfig', 'bridge0', 'destroy')).exitCode).toBe(0);
    expect(world().fake.ifaces.has('bridge0')).toBe(false);
  });

  it('only cloned interfaces can be destroyed; an unknown cloner or interface is refused', async () => {
    expect((await run('ifconfig', 'em0', 'destroy')).stderr.trim()).toBe('ifconfig: SIOCIFDESTROY: Invalid argument');
    expect(world().fake.ifaces.has('em0')).toBe(true);
    expect((await run('ifconfig', 'nosuch', 'create')).stderr.trim()).toBe('ifconfig: SIOCIFCREATE2: Invalid argument');
    expect((await run('ifconfig', 'epair7a', 'destroy')).stderr.trim()).toBe('ifconfig: interface epair7a does not exist');
  });
});

async function jailRoot(): Promise<string> {
  const root = path.join(world().root, 'j');
  // root/: jexec -l chdirs there (the backend's populate makes it).
  for (const d of ['var/emulab', 'var/run', 'etc/jail', 'root']) await fsp.mkdir(path.join(root, d), { recursive: true });
  await fsp.writeFile(path.join(root, 'etc/jail/injail'), '');
  return root;
}

async function vnetJail(name = 'j', extra: string[] = ['vnet']): Promise<Awaited<ReturnType<World['fake']['runner']['start']>>> {
  return world().fake.runner.start(['jail', '-c', `name=${name}`, `path=${await jailRoot()}`, ...extra, 'command=/etc/jail/injail', '-v', name]);
}

describe('fake VNET jails (sys/net/if.c, if_epair.c, kern_jail.c)', () => {
  it('ifclone.c / if_clone.c: create with name and description prints the final name once; units stay taken through renames', async () => {
    expect((await run('ifconfig', 'bridge', 'create', 'name', 'tbl1', 'description', 'tbvnode lan x', 'up')).stdout).toBe('tbl1\n');
    expect((await run('ifconfig', 'bridge', 'create')).stdout).toBe('bridge1\n');
    expect((await run('ifconfig', 'epair', 'create')).stdout).toBe('epair0a\n');
    await run('ifconfig', 'epair0a', 'name', 'h0');
    expect((await run('ifconfig', 'epair', 'create')).stdout).toBe('epair1a\n');
    await run('ifconfig', 'tbl1', 'addm', 'h0');
    expect((await run('ifconfig', 'tbl1')).stdout).toMatch(/^tbl1: flags=.*\n\tdescription: tbvnode lan x\n\tmember: h0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\t        ifmaxaddr 0 port 1 priority 128 path cost 2000\n$/);
  });

  it('kern_jail.c: a vnet jail cannot have IP address restrictions', async () => {
    const j = await vnetJail('j', ['vnet', 'ip4.addr=10.0.0.1']);
    expect(await j.exited).toMatchObject({ exitCode: 1 });
    expect(world().fake.jails.has('j')).toBe(false);
  });

  it('if_vmove_loan: only into a vnet jail; the interface leaves the host, stripped of its addresses; jexec ifconfig sees only the jail\'s', async () => {
    await run('ifconfig', 'epair', 'create');
    world().fake.ifaces.get('epair0b')?.push('10.9.9.9');
    expect((await run('ifconfig', 'epair0b', 'vnet', 'nosuch')).stderr).toBe('ifconfig: jail "nosuch" not found\n');
    await vnetJail('plain', ['ip4=disable']);
    expect((await run('ifconfig', 'epair0b', 'vnet', 'plain')).stderr).toBe('ifconfig: SIOCSIFVNET: File exists\n');
    await vnetJail('j');
    expect((await run('ifconfig', 'epair0b', 'vnet', 'j')).exitCode).toBe(0);
    expect(world().fake.ifaces.has('epair0b')).toBe(false);
    expect((await run('ifconfig', 'epair0b')).stderr).toBe('ifconfig: interface epair0b does not exist\n');
    expect((await run('jexec', 'j', '/sbin/ifconfig', 'epair0b', 'inet', '10.1.1.2', 'netmask', '255.255.255.0', 'up')).exitCode).toBe(0);
    expect((await run('jexec', '-l', 'j', '/sbin/ifconfig', 'epair0b', 'inet')).stdout).toContain('\tinet 10.1.1.2 ');
    expect((await run('jexec', 'j', '/sbin/ifconfig', 'em0')).stderr).toBe('ifconfig: interface em0 does not exist\n');
    // -vnet brings it back (addresses gone); a second -vnet finds nothing in the jail (ENXIO).
    expect((await run('ifconfig', 'epair0b', '-vnet', 'j')).exitCode).toBe(0);
    expect(world().fake.ifaces.get('epair0b')).toEqual([]);
    expect((await run('ifconfig', 'epair0b', '-vnet', 'j')).stderr).toBe('ifconfig: SIOCSIFRVNET(2, epair0b): Device not configured\n');
  });

  it('vnet_if_return: a moved interface goes home only when the jail\'s vnet goes (not while it is dying)', async () => {
    await run('ifconfig', 'epair', 'create');
    world().fake.lingerMs = 600_000;
    const j = await vnetJail('j');
    await run('ifconfig', 'epair0b', 'vnet', 'j');
    expect((await run('jail', '-R', 'j')).exitCode).toBe(0);
    await j.exited;
    expect(world().fake.ifaces.has('epair0b')).toBe(false);
    expect((await run('ifconfig', 'epair0b', '-vnet', 'j')).stderr).toBe('ifconfig: jail "j" is dying\n');
    world().fake.reapDying('j');
    expect(world().fake.ifaces.get('epair0b')).toEqual([]);
  });

  it('if_epair.c: destroying the host end destroys the end inside a running jail too', async () => {
    await run('ifconfig', 'epair', 'create');
    await vnetJail('j');
    await run('ifconfig', 'epair0b', 'vnet', 'j');
    expect((await run('ifconfig', 'epair0a', 'destroy')).exitCode).toBe(0);
    expect(world().fake.jails.get('j')?.ifaces.size).toBe(0);
    expect((await run('jexec', 'j', '/sbin/ifconfig', 'epair0b')).stderr).toBe('ifconfig: interface epair0b does not exist\n');
  });
});
