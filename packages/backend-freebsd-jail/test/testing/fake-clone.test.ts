// The fake host's cloned interfaces (epair, bridge), as VNET jails will use them:
// names, pairing, renames, membership and the errors FreeBSD's ifconfig prints.
import { describe, expect, it } from 'vitest';
import { fakeWorldPerTest } from '../support/fake-world.js';

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
