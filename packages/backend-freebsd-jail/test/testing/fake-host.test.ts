// The fake host answers like FreeBSD, refusals included: the backend's tests
// are only as good as these.
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from '@tbvnode/test-fixtures';
import { describe, expect, it } from 'vitest';
import { fakeWorldPerTest } from '../support/fake-world.js';

const { world, run } = fakeWorldPerTest();

describe('fake FreeBSD host', () => {
  it('md devices: attach prints mdN; detaching an unknown or mounted unit fails', async () => {
    const image = path.join(world().root, 'img');
    expect((await run('truncate', '-s', '64m', image)).exitCode).toBe(0);
    expect((await fsp.stat(image)).size).toBe(64 * 1024 * 1024);
    expect((await run('mdconfig', '-a', '-t', 'vnode', '-f', image)).stdout).toBe('md0\n');
    expect(await run('mdconfig', '-d', '-u', '7')).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/No such file or directory/) });
    await run('newfs', '-U', '/dev/md0');
    const mnt = path.join(world().root, 'mnt');
    await fsp.mkdir(mnt);
    expect((await run('mount', '-t', 'ufs', '/dev/md0', mnt)).exitCode).toBe(0);
    expect(await run('mdconfig', '-d', '-u', '0')).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/Device busy/) });
    expect((await run('mdconfig', '-l', '-v')).stdout).toBe(`md0\tvnode\t   64M\t${await fsp.realpath(image)}\t-\t\n`);
    await run('umount', mnt);
  });

  it('a file written into a mounted image disappears on umount and comes back on mount', async () => {
    const image = path.join(world().root, 'img');
    const mnt = path.join(world().root, 'mnt');
    await fsp.mkdir(mnt);
    await run('truncate', '-s', '64m', image);
    await run('mdconfig', '-a', '-t', 'vnode', '-f', image);
    expect((await run('mount', '-t', 'ufs', '/dev/md0', mnt)).stderr).toMatch(/Invalid argument/);
    await run('newfs', '-U', '/dev/md0');
    await run('mount', '-t', 'ufs', '/dev/md0', mnt);
    await fsp.writeFile(path.join(mnt, 'f'), 'x');
    await run('umount', mnt);
    await expect(fsp.readdir(mnt)).resolves.toEqual([]);
    await run('mount', '-t', 'ufs', '/dev/md0', mnt);
    await expect(fsp.readdir(mnt)).resolves.toEqual(['f']);
    await run('umount', mnt);
  });

  it('umount of a busy mount fails; of something not mounted too', async () => {
    const a = path.join(world().root, 'a');
    await fsp.mkdir(path.join(a, 'b'), { recursive: true });
    await run('mount_nullfs', '/usr', a);
    await run('mount', '-t', 'procfs', 'proc', path.join(a, 'b'));
    expect(await run('umount', a)).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/Device busy/) });
    expect((await run('umount', path.join(a, 'b'))).exitCode).toBe(0);
    expect((await run('umount', a)).exitCode).toBe(0);
    expect(await run('umount', a)).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/not a file system root/) });
  });

  it('aliases, routes and sysctls fail like FreeBSD', async () => {
    expect((await run('ifconfig', 'em0', 'alias', '10.0.0.9', 'netmask', '255.255.255.255')).exitCode).toBe(0);
    // in.c: an address already there is re-added, not refused.
    expect((await run('ifconfig', 'em0', 'alias', '10.0.0.9', 'netmask', '255.255.255.255')).exitCode).toBe(0);
    expect((await run('ifconfig', 'em0', 'inet')).stdout).toMatch(/^\tinet 10\.0\.0\.9 netmask /m);
    expect((await run('ifconfig', 'em0', '-alias', '10.0.0.8')).stderr).toMatch(/Can't assign requested address/);
    expect((await run('ifconfig', 'em9', 'alias', '10.0.0.9')).stderr).toMatch(/does not exist/);
    expect((await run('route', '-n', 'add', '-fib', '1', '-net', '10.0.0.0/8', '-iface', 'em0')).exitCode).toBe(0);
    expect((await run('route', '-n', 'add', '-fib', '1', 'default', '10.0.0.1')).stdout).toBe('add net default: gateway 10.0.0.1 fib 1\n');
    expect((await run('route', '-n', 'add', '-fib', '1', 'default', '10.0.0.1')).stdout).toMatch(/already in table/);
    expect((await run('route', '-n', 'add', '-fib', '9', 'default', '10.0.0.1')).exitCode).toBe(1);
    expect((await run('route', '-n', 'delete', '-fib', '2', 'default')).stdout).toMatch(/not in table/);
    expect((await run('sysctl', '-n', 'net.fibs')).stdout).toBe('4\n');
    expect((await run('sysctl', '-n', 'no.such')).stderr).toMatch(/unknown oid/);
  });

  it('jail(8) refuses an unknown parameter; jls and jail -r say "not found"; injail ignores TERM and ends on USR1', async () => {
    const root = path.join(world().root, 'j');
    await fsp.mkdir(path.join(root, 'var/emulab'), { recursive: true });
    await fsp.mkdir(path.join(root, 'etc/jail'), { recursive: true });
    await fsp.writeFile(path.join(root, 'etc/jail/injail'), '');
    const bad = await world().fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'allow.frobnicate', 'command=/etc/jail/injail']);
    expect((await bad.exited).exitCode).toBe(1);
    expect((await run('jls', '-j', 'j', 'jid')).stderr).toMatch(/jail "j" not found/);
    expect((await run('jail', '-r', 'j')).stderr).toMatch(/"j" not found/);
    const good = await world().fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'allow.noset_hostname', 'command=/etc/jail/injail']);
    expect((await run('jls', '-j', 'j', 'jid')).stdout).toBe('1\n');
    const injailPid = Number(await fsp.readFile(path.join(root, 'var/emulab/injail.pid'), 'utf8'));
    expect(world().fake.proc.kill(injailPid, 'SIGTERM')).toBe(true);
    expect(world().fake.jails.has('j')).toBe(true);
    expect((await run('jexec', 'j', '/bin/pkill', '-USR1', '-F', '/var/emulab/injail.pid')).exitCode).toBe(0);
    await expect(good.exited).resolves.toEqual({ exitCode: 0, signal: null });
    expect(world().fake.jails.size).toBe(0);
  });
});

// The FreeBSD behaviours the fake host models, each against the source it follows
// (freebsd-src; cited next to the model in src/testing/).
async function jailRoot(): Promise<string> {
  const root = path.join(world().root, 'j');
  for (const d of ['var/emulab', 'var/run', 'etc/jail']) await fsp.mkdir(path.join(root, d), { recursive: true });
  await fsp.writeFile(path.join(root, 'etc/jail/injail'), '');
  return root;
}

describe('the fake host follows FreeBSD', () => {
  it('devfs(8): applyset hides only the devices that exist; the current ruleset governs later ones', async () => {
    const dev = path.join(world().root, 'dev');
    await fsp.mkdir(dev);
    await run('mount', '-t', 'devfs', 'devfs', dev);
    expect(world().fake.devfsListing(dev)).toContain('mem');
    await run('devfs', '-m', dev, 'rule', '-s', '4', 'applyset');
    expect(world().fake.devfsListing(dev)).toEqual(['crypto', 'null', 'ptmx', 'random', 'urandom', 'zero', 'zfs']);
    const image = path.join(world().root, 'img');
    await run('truncate', '-s', '64m', image);
    await run('mdconfig', '-a', '-t', 'vnode', '-f', image);
    // Created after applyset, current ruleset 0: visible.
    expect(world().fake.devfsListing(dev)).toContain('md0');
    await run('devfs', '-m', dev, 'ruleset', '4');
    await run('mdconfig', '-a', '-t', 'vnode', '-f', image);
    expect(world().fake.devfsListing(dev)).not.toContain('md1');
    await run('umount', dev);
  });

  it('kern_jail.c / jls.c: a removed jail that is still referenced is "dying" and keeps its root busy', async () => {
    const root = await jailRoot();
    await run('mount_nullfs', '/usr', root);
    world().fake.lingerMs = 200;
    const j = await world().fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'command=/etc/jail/injail', '-v', 'j']);
    expect((await run('jail', '-R', 'j')).exitCode).toBe(0);
    await j.exited;
    expect((await run('jls', '-j', 'j', 'jid')).stderr).toBe('jls: jail "j" is dying\n');
    expect((await run('jls', '-d', '-j', 'j', 'jid')).stdout).toBe('1\n');
    expect((await run('umount', root)).stderr).toMatch(/Device busy/);
    await waitFor('the dying jail to go', () => world().fake.dying.size === 0, { timeoutMs: 5_000, intervalMs: 20 });
    expect((await run('jls', '-j', 'j', 'jid')).stderr).toBe('jls: jail "j" not found\n');
    expect((await run('umount', root)).exitCode).toBe(0);
  });

  it('rc.d/cleanvar: the jail\'s rc empties /var/run after injail started; exec.clean gives a clean environment', async () => {
    const root = await jailRoot();
    await fsp.writeFile(path.join(root, 'var/run/old.pid'), '1\n');
    await world().fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'exec.clean', 'command=/etc/jail/injail', '-v', 'j']);
    expect(await fsp.readdir(path.join(root, 'var/run'))).toEqual([]);
    expect(world().fake.jails.get('j')?.env).toEqual({ PATH: '/bin:/usr/bin', HOME: '/root', SHELL: '/bin/csh', USER: 'root', TERM: process.env['TERM'] });
    await run('jail', '-R', 'j');
  });

  it('jexec.c: without -l the command gets the caller\'s environment; -l a clean one, after a chdir to /root in the jail', async () => {
    const root = await jailRoot();
    await world().fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'exec.clean', 'command=/etc/jail/injail', '-v', 'j']);
    const pkill = ['/bin/pkill', '-USR1', '-F', '/var/run/none.pid'] as const;
    const caller = { TBVNODE_CALLER_ONLY: 'the manager\'s' };
    await world().fake.runner.run(['jexec', 'j', ...pkill], { reject: false, env: caller });
    expect(world().fake.jailExecs.at(-1)).toMatchObject({ jail: 'j', argv: [...pkill], env: caller });
    // -l: jexec chdirs to the user's home inside the jail, and fails when the jail has none.
    expect(await run('jexec', '-l', 'j', ...pkill)).toMatchObject({ exitCode: 1, stderr: 'jexec: chdir: /root: No such file or directory\n' });
    expect(world().fake.jailExecs).toHaveLength(1);
    await fsp.mkdir(path.join(root, 'root'));
    await world().fake.runner.run(['jexec', '-l', 'j', ...pkill], { reject: false, env: caller });
    expect(world().fake.jailExecs.at(-1)?.env).toEqual({ PATH: '/bin:/usr/bin', HOME: '/root', SHELL: '/bin/csh', USER: 'root', TERM: process.env['TERM'] });
    await run('jail', '-R', 'j');
  });

  it('jail.c: -r runs the host /etc/jail.conf stop commands for the jail; -R does not', async () => {
    const root = await jailRoot();
    world().fake.hostFiles = { ...world().fake.hostFiles, 'etc/jail.conf': '* {\n  exec.poststop = "rm -rf /data";\n}\n' };
    await world().fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'command=/etc/jail/injail', '-v', 'j']);
    await run('jail', '-R', 'j');
    expect(world().fake.hostCommandsRun).toEqual([]);
    await world().fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'command=/etc/jail/injail', '-v', 'j']);
    await run('jail', '-r', 'j');
    expect(world().fake.hostCommandsRun).toEqual(['rm -rf /data']);
  });

  it('mdconfig.c: -a stores the realpath; route.c: flush removes gateway routes only; a gateway needs an interface route', async () => {
    const real = path.join(world().root, 'real');
    await fsp.mkdir(real);
    await fsp.symlink(real, path.join(world().root, 'link'));
    await run('truncate', '-s', '64m', path.join(world().root, 'link/img'));
    await run('mdconfig', '-a', '-t', 'vnode', '-f', path.join(world().root, 'link/img'));
    expect((await run('mdconfig', '-l', '-v')).stdout).toContain(`\t${await fsp.realpath(real)}/img\t-\t`);
    expect((await run('route', '-n', 'add', '-fib', '1', 'default', '155.98.36.1')).stdout).toMatch(/Network is unreachable/);
    await run('route', '-n', 'add', '-fib', '1', '-host', '155.98.36.1', '-iface', 'em0');
    expect((await run('route', '-n', 'add', '-fib', '1', 'default', '155.98.36.1')).exitCode).toBe(0);
    await run('route', '-n', 'flush', '-fib', '1');
    expect(world().fake.state()['routes']).toEqual({ 1: ['-host 155.98.36.1 -iface em0'] });
  });

  it('fsck_ffs: -p gives up (exit 8) on damage that -y repairs', async () => {
    const image = path.join(world().root, 'img');
    await run('truncate', '-s', '64m', image);
    await run('mdconfig', '-a', '-t', 'vnode', '-f', image);
    await run('newfs', '-U', '/dev/md0');
    const disk = world().fake.disks.get(await fsp.realpath(image));
    if (disk) disk.damaged = true;
    expect((await run('fsck', '-t', 'ufs', '-p', '/dev/md0')).exitCode).toBe(8);
    expect((await run('fsck', '-t', 'ufs', '-y', '/dev/md0')).exitCode).toBe(0);
    expect((await run('fsck', '-t', 'ufs', '-p', '/dev/md0')).exitCode).toBe(0);
  });
});
