// Every host-side path operation below a jail's root goes through core's
// beneath(): the jail's root owns everything in its image and may leave a
// symlink, fifo or device anywhere it can write, so no component below the root
// may be a link (lstat'ed on the way down, files opened O_NOFOLLOW and checked).
// jail(8) refuses the same for its own mount points: usr.sbin/jail/command.c
// check_path lstat's each component below path= and fails on a symbolic link
// before mount.fstab/mount.devfs/mount.procfs, because the kernel's mount
// follows links in the target (sys/kern/vfs_mount.c vfs_domount: namei FOLLOW).
import path from 'node:path';
import { beneath, UnsafePathError, type Beneath, type CoreDeps } from '@tbvnode/core';

export type InRootDeps = Pick<CoreDeps, 'fs' | 'mounts'>;

/** The jail's root as core's no-follow primitive sees it. */
export function jailRoot(deps: InRootDeps, rootDir: string): Beneath {
  return beneath(deps, rootDir);
}

/** `target` relative to `rootDir`, refused when it is not below it. Pure. */
export function relBelow(rootDir: string, target: string): string {
  // beneath-ok: names compared, nothing on disk touched.
  const rel = path.relative(path.resolve(rootDir), path.resolve(target));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new UnsafePathError(target, `not below the jail root ${rootDir}`);
  return rel;
}

/**
 * Make (when missing) and check a mount point below the root, right before the
 * mount command: a link there would have the kernel mount over whatever it names.
 */
export function checkMountTarget(deps: InRootDeps, rootDir: string, target: string): Promise<string> {
  return jailRoot(deps, rootDir).mountTarget(relBelow(rootDir, target), 'dir');
}

/** A fresh copy of a host directory (the tmcc cache) at rel: what was there goes first. */
export async function replaceTreeInRoot(deps: InRootDeps, rootDir: string, source: string, rel: string): Promise<void> {
  const root = jailRoot(deps, rootDir);
  await root.rm(rel, { recursive: true });
  await root.copyTree(source, rel);
}

/** Names in a directory below the root; [] when it does not exist; a link or non-directory is refused. */
export async function listInRoot(deps: InRootDeps, rootDir: string, rel: string): Promise<string[]> {
  const root = jailRoot(deps, rootDir);
  const kind = await root.kind(rel);
  if (kind === 'absent') return [];
  if (kind !== 'dir') throw new UnsafePathError(root.path(rel), `a ${kind} where a directory is expected`);
  // beneath-ok: every component was just lstat'ed a real directory by kind().
  return deps.fs.readdir(root.path(rel));
}
