// The fake host answers like FreeBSD, refusals included: the backend's tests
// are only as good as these.
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unblockFifo } from '../../src/steps/populate.js';
import { createWorld, type World } from '../support/world.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.dispose();
});

const run = (...argv: [string, ...string[]]) => w.fake.runner.run(argv, { reject: false });

describe('fake FreeBSD host', () => {
  it('md devices: attach prints mdN; detaching an unknown or mounted unit fails', async () => {
    const image = path.join(w.root, 'img');
    expect((await run('truncate', '-s', '64m', image)).exitCode).toBe(0);
    expect((await fsp.stat(image)).size).toBe(64 * 1024 * 1024);
    expect((await run('mdconfig', '-a', '-t', 'vnode', '-f', image)).stdout).toBe('md0\n');
    expect(await run('mdconfig', '-d', '-u', '7')).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/No such file or directory/) });
    await run('newfs', '-U', '/dev/md0');
    const mnt = path.join(w.root, 'mnt');
    await fsp.mkdir(mnt);
    expect((await run('mount', '-t', 'ufs', '/dev/md0', mnt)).exitCode).toBe(0);
    expect(await run('mdconfig', '-d', '-u', '0')).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/Device busy/) });
    expect((await run('mdconfig', '-l', '-v')).stdout).toBe(`md0\tvnode\t   64M\t${await fsp.realpath(image)}\t-\t\n`);
    await run('umount', mnt);
  });

  it('a file written into a mounted image disappears on umount and comes back on mount', async () => {
    const image = path.join(w.root, 'img');
    const mnt = path.join(w.root, 'mnt');
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
    const a = path.join(w.root, 'a');
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
    const root = path.join(w.root, 'j');
    await fsp.mkdir(path.join(root, 'var/emulab'), { recursive: true });
    await fsp.mkdir(path.join(root, 'etc/jail'), { recursive: true });
    await fsp.writeFile(path.join(root, 'etc/jail/injail'), '');
    const bad = await w.fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'allow.frobnicate', 'command=/etc/jail/injail']);
    expect((await bad.exited).exitCode).toBe(1);
    expect((await run('jls', '-j', 'j', 'jid')).stderr).toMatch(/jail "j" not found/);
    expect((await run('jail', '-r', 'j')).stderr).toMatch(/"j" not found/);
    const good = await w.fake.runner.start(['jail', '-c', 'name=j', `path=${root}`, 'allow.noset_hostname', 'command=/etc/jail/injail']);
    expect((await run('jls', '-j', 'j', 'jid')).stdout).toBe('1\n');
    const injailPid = Number(await fsp.readFile(path.join(root, 'var/emulab/injail.pid'), 'utf8'));
    expect(w.fake.proc.kill(injailPid, 'SIGTERM')).toBe(true);
    expect(w.fake.jails.has('j')).toBe(true);
    expect((await run('jexec', 'j', '/bin/pkill', '-USR1', '-F', '/var/emulab/injail.pid')).exitCode).toBe(0);
    await expect(good.exited).resolves.toEqual({ exitCode: 0, signal: null });
    expect(w.fake.jails.size).toBe(0);
  });

  it('a tar blocked on the pipe is released by opening the other end (what populate\'s revert does)', async () => {
    const fifo = path.join(w.root, 'pipe');
    await run('mkfifo', fifo);
    const dest = path.join(w.root, 'dest');
    await fsp.mkdir(dest);
    const reader = await w.fake.runner.start(['tar', '-C', dest, '-xpf', fifo]);
    await unblockFifo(w.deps.fs, fifo);
    await expect(reader.exited).resolves.toEqual({ exitCode: 1, signal: null });
    const writer = await w.fake.runner.start(['tar', '-C', '/', '-cf', fifo, 'etc']);
    await unblockFifo(w.deps.fs, fifo);
    await expect(writer.exited).resolves.toEqual({ exitCode: null, signal: 'SIGPIPE' });
    // Nobody on either end: nothing to release, and no error.
    await expect(unblockFifo(w.deps.fs, fifo)).resolves.toBeUndefined();
  });
});
