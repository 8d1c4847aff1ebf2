// Fake md(4), newfs, fsck and mounts. A ufs mount really moves the image's
// files into the mount point (and back on umount), so a test sees exactly what
// the host would: files inside a mounted image, nothing once it is unmounted.
import { existsSync, realpathSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { fail, followed, isBusy, ok, parseSize, type FakeMount, type Reply } from './fake-state.js';
import type { FakeFreebsdHost } from './fake-host.js';

async function moveChildren(from: string, to: string): Promise<void> {
  for (const name of await fsp.readdir(from)) await fsp.rename(path.join(from, name), path.join(to, name));
}

function unitOf(arg: string | undefined): number | null {
  const m = /^(?:\/dev\/)?(?:md)?(\d+)$/.exec(arg ?? '');
  return m ? Number(m[1]) : null;
}

export async function truncateCmd(h: FakeFreebsdHost, argv: readonly string[]): Promise<Reply> {
  const size = argv[1] === '-s' ? parseSize(argv[2] ?? '') : null;
  const file = argv[3];
  if (size === null || !file) return fail('usage: truncate [-c] -s [+|-|%|/]size[K|k|M|m|G|g|T|t] file ...');
  if (!existsSync(path.dirname(file))) return fail(`truncate: ${file}: No such file or directory`);
  await fsp.writeFile(file, '', { flag: 'a' });
  await fsp.truncate(file, size);
  if (!h.disks.has(file)) await h.newDisk(file);
  return ok();
}

export async function mdconfigCmd(h: FakeFreebsdHost, argv: readonly string[]): Promise<Reply> {
  const a = argv.slice(1);
  if (a[0] === '-l') {
    const units = [...h.md.keys()].sort((x, y) => x - y);
    if (a[1] !== '-v') return ok(units.length ? `${units.map((u) => `md${u}`).join(' ')}\n` : '');
    // sbin/mdconfig/mdconfig.c md_list: name, type, size ("%6s" of humanize_number), file, label ("-" when unset), then
    // print_options' tab and the options (none for a plain vnode attach).
    return ok(units.map((u) => `md${u}\tvnode\t${h.diskSizeLabel(h.md.get(u) as string).padStart(6)}\t${h.md.get(u)}\t-\t\n`).join(''));
  }
  if (a[0] === '-a' && a[1] === '-t' && a[2] === 'vnode' && a[3] === '-f' && a[4]) {
    if (!existsSync(a[4])) return fail(`mdconfig: could not find full path for ${a[4]}: No such file or directory`);
    // md_set_file: the kernel is given (and lists) the file's realpath(3).
    const file = realpathSync(a[4]);
    if (!h.disks.has(file)) await h.newDisk(file);
    let u = 0;
    while (h.md.has(u)) u += 1;
    h.md.set(u, file);
    h.addDevice(`md${u}`);
    return ok(`md${u}\n`);
  }
  if (a[0] === '-d' && a[1] === '-u') {
    const u = unitOf(a[2]);
    if (u === null || !h.md.has(u)) return fail('mdconfig: ioctl(/dev/mdctl): No such file or directory');
    if (h.mounts.some((m) => m.source === `/dev/md${u}`)) return fail('mdconfig: ioctl(/dev/mdctl): Device busy');
    h.md.delete(u);
    h.devices.delete(`md${u}`);
    return ok();
  }
  return fail('usage: mdconfig -a -t type [-n] [-o [no]option] ... [-f file] [-s size] [-S sectorsize] [-u unit]', 64);
}

function diskOfDevice(h: FakeFreebsdHost, dev: string | undefined): { file: string } | Reply {
  const u = unitOf(dev?.replace('/dev/', '') ?? '');
  const file = u === null ? undefined : h.md.get(u);
  if (!dev?.startsWith('/dev/md') || file === undefined) return fail(`${dev}: No such file or directory`);
  return { file };
}

export async function newfsCmd(h: FakeFreebsdHost, argv: readonly string[]): Promise<Reply> {
  const dev = argv[argv.length - 1];
  const d = diskOfDevice(h, dev);
  if (!('file' in d)) return fail(`newfs: ${dev}: could not find special device`);
  if (h.mounts.some((m) => m.source === dev)) return fail(`newfs: ${dev}: Device busy`);
  await h.formatDisk(d.file);
  return ok(`${dev}: ${h.diskSizeLabel(d.file)}B with soft updates\n\tusing 4 cylinder groups of 128.03MB, 4097 blks, 16448 inodes.\n`);
}

export function tunefsCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  const dev = argv[argv.length - 1];
  if (!('file' in diskOfDevice(h, dev))) return fail(`tunefs: ${dev}: could not find special device`);
  return ok('tunefs: minimum percentage of free space changes from 8% to 5%\ntunefs: optimization preference changes from space to time\n');
}

export function fsckCmd(h: FakeFreebsdHost, argv: readonly string[]): Reply {
  const dev = argv[argv.length - 1];
  const d = diskOfDevice(h, dev);
  if (!('file' in d)) return fail(`fsck: Could not determine filesystem type`, 8);
  const disk = h.disks.get(d.file);
  if (!disk?.formatted) return fail(`${dev}: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.`, 8);
  // sbin/fsck_ffs: preening (-p) gives up on damage it may not fix alone (exit 8); -y repairs it.
  if (disk.damaged && argv.includes('-p')) return fail(`${dev}: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.`, 8, `** ${dev}\n`);
  if (disk.damaged && argv.includes('-y')) {
    disk.damaged = false;
    return ok(`** ${dev}\n** Phase 1 - Check Blocks and Sizes\n\n***** FILE SYSTEM WAS MODIFIED *****\n`);
  }
  return ok(`** ${dev}\n${dev}: FILE SYSTEM CLEAN; SKIPPING CHECKS\n`);
}

export async function mountCmd(h: FakeFreebsdHost, argv: readonly string[]): Promise<Reply> {
  const a = argv.slice(1);
  let fstype = 'ufs';
  let options: string[] = [];
  while (a[0]?.startsWith('-')) {
    const flag = a.shift();
    if (flag === '-t') fstype = a.shift() ?? '';
    else if (flag === '-o') options = (a.shift() ?? '').split(',');
    else return fail(`mount: unknown flag ${flag}`, 64);
  }
  const [source, target] = a;
  if (!source || !target) return fail('usage: mount [-t fstype] [-o options] special node', 64);
  if (!existsSync(target)) return fail(`mount: ${target}: No such file or directory`);
  if (fstype === 'ufs') {
    const d = diskOfDevice(h, source);
    if (!('file' in d)) return fail(`mount: ${source}: No such file or directory`);
    if (!h.disks.get(d.file)?.formatted) return fail(`mount: ${source}: Invalid argument`);
    if (h.mounts.some((m) => m.source === source)) return fail(`mount: ${source}: Device busy`);
  } else if (fstype === 'nullfs') {
    if (!h.hostDirs.has(source) && !existsSync(source)) return fail(`mount_nullfs: ${source}: No such file or directory`);
  } else if (fstype !== 'procfs' && fstype !== 'devfs') {
    return fail(`mount: ${source}: Operation not supported by device`);
  }
  // sys/kern/vfs_mount.c vfs_domount: the target is looked up with FOLLOW and recorded by its global path
  // (vn_path_to_global_path), so a symlink at or above it moves the mount to wherever the link points.
  await h.addMount({ source, target: realpathSync(target), fstype, options });
  return ok();
}

export function mountNullfsCmd(h: FakeFreebsdHost, argv: readonly string[]): Promise<Reply> {
  const a = argv.slice(1);
  const ro = a[0] === '-o' ? a.splice(0, 2)[1] ?? '' : '';
  return mountCmd(h, ['mount', '-t', 'nullfs', ...(ro ? ['-o', ro] : []), ...a]);
}

export async function umountCmd(h: FakeFreebsdHost, argv: readonly string[]): Promise<Reply> {
  const target = argv[argv.length - 1] ?? '';
  // sbin/umount/umount.c checkname: the name as given in the mount list first; failing that, statfs(2) on it,
  // which follows links: a link to another file system's root unmounts that one.
  const t = h.mounts.some((x) => x.target === path.resolve(target)) ? path.resolve(target) : followed(target);
  const m = [...h.mounts].reverse().find((x: FakeMount) => x.target === t);
  if (!m) return fail(`umount: ${target}: not a file system root directory`);
  if (isBusy(t, h.mounts, h.jails.values(), h.dying.values())) return fail(`umount: unmount of ${t} failed: Device busy`);
  await h.removeMount(m);
  return ok();
}

export { moveChildren };
