import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreFs } from '../../src/deps.js';
import { beneath, componentsOf } from '../../src/fs/beneath.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { useTmpDirs } from '../helpers/tmp.js';

// The vnode owns everything below its root: these tests plant what a hostile
// vnode could (symlinks at each level, a link swapped in mid-walk, fifos) and
// check that the host never writes, removes or mounts through them.
const tmp = useTmpDirs();

async function setup() {
  const base = await tmp();
  const root = path.join(base, 'root');
  const host = path.join(base, 'host');
  await fsp.mkdir(path.join(root, 'var/emulab/boot'), { recursive: true });
  await fsp.mkdir(host);
  const hostFile = path.join(host, 'passwd');
  await fsp.writeFile(hostFile, 'host data\n', { mode: 0o600 });
  return { base, root, host, hostFile, b: beneath(createTestDeps(), root) };
}

async function untouched(hostFile: string, hostDir: string): Promise<void> {
  expect(await fsp.readFile(hostFile, 'utf8')).toBe('host data\n');
  expect((await fsp.stat(hostFile)).mode & 0o777).toBe(0o600);
  expect((await fsp.readdir(hostDir)).sort()).toEqual(['passwd']);
}

describe('componentsOf', () => {
  it.each<[string, string[] | 'refused']>([
    ['a/b/c', ['a', 'b', 'c']],
    ['./a//b/', ['a', 'b']],
    ['', []],
    ['/etc/passwd', 'refused'],
    ['a/../../etc', 'refused'],
    ['..', 'refused'],
    ['a\0b', 'refused'],
  ])('%j', (rel, want) => {
    if (want === 'refused') expect(() => componentsOf('/r', rel)).toThrow(/refusing/);
    else expect(componentsOf('/r', rel)).toEqual(want);
  });
});

describe('beneath: ordinary use', () => {
  it('writes with the asked mode, makes parents, renames, copies, removes', async () => {
    const { root, b } = await setup();
    await b.writeFile('var/emulab/boot/myip', '10.0.0.2\n', 0o600);
    expect(await fsp.readFile(path.join(root, 'var/emulab/boot/myip'), 'utf8')).toBe('10.0.0.2\n');
    expect((await fsp.stat(path.join(root, 'var/emulab/boot/myip'))).mode & 0o777).toBe(0o600);
    await b.writeFile('var/emulab/boot/myip', 'again\n', 0o644);
    expect(await fsp.readFile(path.join(root, 'var/emulab/boot/myip'), 'utf8')).toBe('again\n');
    await b.mkdir('opt/tbvnode/bin');
    await b.copyFile(path.join(root, 'var/emulab/boot/myip'), 'opt/tbvnode/rc.sh', 0o755);
    expect((await fsp.stat(path.join(root, 'opt/tbvnode/rc.sh'))).mode & 0o777).toBe(0o755);
    await b.rename('opt/tbvnode/rc.sh', 'opt/tbvnode/bin/rc.sh');
    expect(await b.kind('opt/tbvnode/bin/rc.sh')).toBe('file');
    await b.rm('opt/tbvnode/bin/rc.sh');
    expect(await b.kind('opt/tbvnode/bin/rc.sh')).toBe('absent');
    await expect(b.rm('opt')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await b.rm('opt', { recursive: true });
    expect(await b.kind('opt')).toBe('absent');
    expect(await b.kind('no/such/thing')).toBe('absent');
    expect((await fsp.readdir(path.join(root, 'var/emulab/boot'))).filter((n) => n.includes('tmp'))).toEqual([]);
  });

  it('reads, lists and chowns (a user namespace root takes over what it must own)', async () => {
    const { root, b } = await setup();
    await b.writeFile('var/emulab/boot/myip', '10.0.0.2\n');
    expect(await b.readFile('var/emulab/boot/myip')).toBe('10.0.0.2\n');
    expect(await b.readFile('var/emulab/boot/none')).toBeNull();
    expect(await b.readFile('no/such/dir/file')).toBeNull();
    await b.symlink('/etc/passwd', 'var/emulab/boot/link');
    expect((await b.list('var/emulab/boot')).sort((x, y) => x.name.localeCompare(y.name)))
      .toEqual([{ name: 'link', kind: 'symlink' }, { name: 'myip', kind: 'file' }]);
    await b.chown('var/emulab/boot/myip', 4242, 4343);
    expect((await fsp.stat(path.join(root, 'var/emulab/boot/myip'))).uid).toBe(4242);
    await b.chown('', 4242, 4242);
    expect((await fsp.stat(root)).gid).toBe(4242);
  });

  it('makes mount targets of the kind asked for', async () => {
    const { root, b } = await setup();
    expect(await b.mountTarget('proj/emulab', 'dir')).toBe(path.join(root, 'proj/emulab'));
    expect(await b.mountTarget('etc/resolv.conf', 'file')).toBe(path.join(root, 'etc/resolv.conf'));
    expect(await b.kind('proj/emulab')).toBe('dir');
    expect(await b.kind('etc/resolv.conf')).toBe('file');
  });

  it('copies a host tree, links copied as links (a FreeBSD jail image skeleton)', async () => {
    const { base, root, b } = await setup();
    const src = path.join(base, 'skel');
    await fsp.mkdir(path.join(src, 'etc/rc.d'), { recursive: true });
    await fsp.writeFile(path.join(src, 'etc/rc.d/x'), 'x', { mode: 0o755 });
    await fsp.symlink('/nonexistent', path.join(src, 'etc/link'));
    await b.copyTree(src, 'image');
    expect(await fsp.readFile(path.join(root, 'image/etc/rc.d/x'), 'utf8')).toBe('x');
    expect((await fsp.stat(path.join(root, 'image/etc/rc.d/x'))).mode & 0o777).toBe(0o755);
    expect(await fsp.readlink(path.join(root, 'image/etc/link'))).toBe('/nonexistent');
  });
});

describe('beneath: attacks from inside the root', () => {
  const LEVELS: Array<[string, string]> = [
    ['the file itself', 'var/emulab/boot/myip'],
    ['its directory', 'var/emulab/boot'],
    ['a middle component', 'var/emulab'],
    ['the first component', 'var'],
  ];

  it.each(LEVELS)('a symlink at %s: write, copy, mount target, rename and rm refuse and touch nothing', async (_n, at) => {
    const { root, host, hostFile, b } = await setup();
    await fsp.rm(path.join(root, at), { recursive: true, force: true });
    await fsp.mkdir(path.dirname(path.join(root, at)), { recursive: true });
    const linkTo = at.endsWith('myip') ? hostFile : host;
    await fsp.symlink(linkTo, path.join(root, at));
    const rel = at.endsWith('myip') ? 'var/emulab/boot/myip' : `${at}/passwd`;
    await expect(b.writeFile('var/emulab/boot/myip', 'evil\n')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(b.copyFile(hostFile, 'var/emulab/boot/myip', 0o755)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(b.mountTarget('var/emulab/boot/myip', 'file')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    if (rel !== 'var/emulab/boot/myip') await expect(b.mkdir(`${at}/x`)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    if (rel !== 'var/emulab/boot/myip') {
      await expect(b.rm(rel)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
      await expect(b.rename(rel, 'stolen')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
      await expect(b.kind(rel)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    } else {
      // The link itself is the vnode's and may go; what it points to stays.
      await b.rm(rel);
    }
    await untouched(hostFile, host);
  });

  it.each<[string, (p: string) => Promise<void>]>([
    ['a fifo', async (p) => void execFileSync('mkfifo', [p])],
    ['a directory', async (p) => fsp.mkdir(p)],
  ])('%s where a regular file is expected is refused (never opened)', async (_n, make) => {
    const { root, b } = await setup();
    await make(path.join(root, 'var/emulab/boot/myip'));
    await expect(b.writeFile('var/emulab/boot/myip', 'x')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(b.mountTarget('var/emulab/boot/myip', 'file')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  it('refuses a root that is itself a symlink', async () => {
    const { base, host, hostFile } = await setup();
    await fsp.symlink(host, path.join(base, 'linkroot'));
    const b = beneath(createTestDeps(), path.join(base, 'linkroot'));
    await expect(b.writeFile('passwd', 'evil')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await untouched(hostFile, host);
  });

  it('a directory swapped for a symlink after it was checked: the opened file is checked too', async () => {
    const { root, host, hostFile } = await setup();
    const deps = createTestDeps();
    const boot = path.join(root, 'var/emulab/boot');
    let swapped = false;
    // Swap var/emulab/boot for a link to the host dir between the walk's last
    // lstat of it and the open, as a racing process inside the vnode would.
    const fs: CoreFs = {
      ...deps.fs,
      open: (async (file: string, ...rest: unknown[]) => {
        if (!swapped && file.startsWith(`${boot}/`)) {
          swapped = true;
          await fsp.rename(boot, `${boot}.old`);
          await fsp.symlink(host, boot);
        }
        return (deps.fs.open as (...a: unknown[]) => unknown)(file, ...rest);
      }) as CoreFs['open'],
    };
    const b = beneath({ ...deps, fs }, root);
    await expect(b.writeFile('var/emulab/boot/passwd', 'evil\n')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(swapped).toBe(true);
    await untouched(hostFile, host);
  });

  it('never reads, lists or chowns through a planted link, and never blocks on a fifo', async () => {
    const { root, host, hostFile, b } = await setup();
    await fsp.symlink(hostFile, path.join(root, 'var/emulab/boot/marker'));
    await expect(b.readFile('var/emulab/boot/marker')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(b.chown('var/emulab/boot/marker', 4242, 4242)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await fsp.symlink(host, path.join(root, 'hostdir'));
    await expect(b.list('hostdir')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(b.readFile('hostdir/passwd')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(b.chown('hostdir/passwd', 4242, 4242)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    execFileSync('mkfifo', [path.join(root, 'var/emulab/boot/fifo')]);
    await expect(b.readFile('var/emulab/boot/fifo')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect((await fsp.stat(hostFile)).uid).toBe(process.getuid?.() ?? 0);
    await untouched(hostFile, host);
  });
});
