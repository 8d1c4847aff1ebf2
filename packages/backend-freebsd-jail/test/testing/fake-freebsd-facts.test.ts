// The FreeBSD behaviours the fake host models, each against the source it follows
// (freebsd-src; cited next to the model in src/testing/).
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../support/world.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.dispose();
});

const run = (...argv: [string, ...string[]]) => w.fake.runner.run(argv, { reject: false });

async function jailRoot(): Promise<string> {
  const root = path.join(w.root, 'j');
  for (const d of ['var/emulab', 'var/run', 'etc/jail']) await fsp.mkdir(path.join(root, d), { recursive: true });
  await fsp.writeFile(path.join(root, 'etc/jail/injail'), '');
  return root;
}

describe('the fake host follows FreeBSD', () => {
  it('devfs(8): applyset hides only the devices that exist; the current ruleset governs later ones', async () => {
    const dev = path.join(w.root, 'dev');
    await fsp.mkdir(dev);
    await run('mount', '-t', 'devfs', 'devfs', dev);
    expect(w.fake.devfsListing(dev)).toContain('mem');
    await run('devfs', '-m', dev, 'rule', '-s', '4', 'applyset');
    expect(w.fake.devfsListing(dev)).toEqual(['crypto', 'null', 'ptmx', 'random', 'urandom', 'zero', 'zfs']);
    const image = path.join(w.root, 'img');
    await run('truncate', '-s', '64m', image);
    await run('mdconfig', '-a', '-t', 'vnode', '-f', image);
    // Created after applyset, current ruleset 0: visible.
    expect(w.fake.devfsListing(dev)).toContain('md0');
    await run('devfs', '-m', dev, 'ruleset', '4');
    await run('mdconfig', '-a', '-t', 'vnode', '-f', image);
    expect(w.fake.devfsListing(dev)).not.toContain('md1');
    await run('umount', dev);
  });

  it('kern_jail.c / jls.c: a removed jail that is still referenced is "dying" and keeps its root busy', async () => {
    const root = await jailRoot();
    await run('mount_nullfs', '/usr', root);
    w.fake.lingerMs = 200;
    const j = await w.fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'command=/etc/jail/injail', '-v', 'j']);
    expect((await run('jail', '-R', 'j')).exitCode).toBe(0);
    await j.exited;
    expect((await run('jls', '-j', 'j', 'jid')).stderr).toBe('jls: jail "j" is dying\n');
    expect((await run('jls', '-d', '-j', 'j', 'jid')).stdout).toBe('1\n');
    expect((await run('umount', root)).stderr).toMatch(/Device busy/);
    for (const t = Date.now(); w.fake.dying.size > 0 && Date.now() - t < 5_000;) await new Promise((r) => setTimeout(r, 20));
    expect((await run('jls', '-j', 'j', 'jid')).stderr).toBe('jls: jail "j" not found\n');
    expect((await run('umount', root)).exitCode).toBe(0);
  });

  it('rc.d/cleanvar: the jail\'s rc empties /var/run after injail started; exec.clean gives a clean environment', async () => {
    const root = await jailRoot();
    await fsp.writeFile(path.join(root, 'var/run/old.pid'), '1\n');
    await w.fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'exec.clean', 'command=/etc/jail/injail', '-v', 'j']);
    expect(await fsp.readdir(path.join(root, 'var/run'))).toEqual([]);
    expect(w.fake.jails.get('j')?.env).toEqual({ PATH: '/bin:/usr/bin', HOME: '/root', SHELL: '/bin/csh', USER: 'root', TERM: process.env['TERM'] });
    await run('jail', '-R', 'j');
  });

  it('jail.c: -r runs the host /etc/jail.conf stop commands for the jail; -R does not', async () => {
    const root = await jailRoot();
    w.fake.hostFiles = { ...w.fake.hostFiles, 'etc/jail.conf': '* {\n  exec.poststop = "rm -rf /data";\n}\n' };
    await w.fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'command=/etc/jail/injail', '-v', 'j']);
    await run('jail', '-R', 'j');
    expect(w.fake.hostCommandsRun).toEqual([]);
    await w.fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'command=/etc/jail/injail', '-v', 'j']);
    await run('jail', '-r', 'j');
    expect(w.fake.hostCommandsRun).toEqual(['rm -rf /data']);
  });

  it('mdconfig.c: -a stores the realpath; route.c: flush removes gateway routes only; a gateway needs an interface route', async () => {
    const real = path.join(w.root, 'real');
    await fsp.mkdir(real);
    await fsp.symlink(real, path.join(w.root, 'link'));
    await run('truncate', '-s', '64m', path.join(w.root, 'link/img'));
    await run('mdconfig', '-a', '-t', 'vnode', '-f', path.join(w.root, 'link/img'));
    expect((await run('mdconfig', '-l', '-v')).stdout).toContain(`\t${await fsp.realpath(real)}/img\t-\t`);
    expect((await run('route', '-n', 'add', '-fib', '1', 'default', '155.98.36.1')).stdout).toMatch(/Network is unreachable/);
    await run('route', '-n', 'add', '-fib', '1', '-host', '155.98.36.1', '-iface', 'em0');
    expect((await run('route', '-n', 'add', '-fib', '1', 'default', '155.98.36.1')).exitCode).toBe(0);
    await run('route', '-n', 'flush', '-fib', '1');
    expect(w.fake.state()['routes']).toEqual({ 1: ['-host 155.98.36.1 -iface em0'] });
  });

  it('fsck_ffs: -p gives up (exit 8) on damage that -y repairs', async () => {
    const image = path.join(w.root, 'img');
    await run('truncate', '-s', '64m', image);
    await run('mdconfig', '-a', '-t', 'vnode', '-f', image);
    await run('newfs', '-U', '/dev/md0');
    const disk = w.fake.disks.get(await fsp.realpath(image));
    if (disk) disk.damaged = true;
    expect((await run('fsck', '-t', 'ufs', '-p', '/dev/md0')).exitCode).toBe(8);
    expect((await run('fsck', '-t', 'ufs', '-y', '/dev/md0')).exitCode).toBe(0);
    expect((await run('fsck', '-t', 'ufs', '-p', '/dev/md0')).exitCode).toBe(0);
  });
});
