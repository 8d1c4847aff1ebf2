// Every host-side file operation on a path below a jail's root goes through
// here (mount targets, the boot-time files the backend makes, the secrets
// scrub, the tmcc cache copy), so that one place can switch to core's
// no-follow primitives: the jail's root can plant symlinks in anything it can
// write. Paths are absolute and already below the root. (Journaled core.writeFile
// steps and the mount commands themselves take paths too; see the README.)
import path from 'node:path';
import type { CoreFs } from '@tbvnode/core';

export function inRoot(rootDir: string, rel: string): string {
  return path.join(rootDir, rel);
}

export async function makeDirBelowRoot(fs: Pick<CoreFs, 'mkdir'>, dir: string, mode?: number): Promise<void> {
  await fs.mkdir(dir, { recursive: true, ...(mode === undefined ? {} : { mode }) });
}

export async function removeBelowRoot(fs: Pick<CoreFs, 'rm'>, target: string): Promise<void> {
  await fs.rm(target, { recursive: true, force: true });
}

/** A fresh copy of a host directory (the tmcc cache) at target: what was there goes first. */
export async function copyIntoRoot(fs: Pick<CoreFs, 'rm' | 'cp'>, source: string, target: string): Promise<void> {
  await removeBelowRoot(fs, target);
  await fs.cp(source, target, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
}

export async function chmodBelowRoot(fs: Pick<CoreFs, 'chmod'>, target: string, mode: number): Promise<void> {
  await fs.chmod(target, mode);
}

export async function mkdirInRoot(fs: Pick<CoreFs, 'mkdir'>, rootDir: string, rel: string): Promise<void> {
  await makeDirBelowRoot(fs, inRoot(rootDir, rel));
}

export async function rmInRoot(fs: Pick<CoreFs, 'rm'>, rootDir: string, rel: string): Promise<void> {
  await removeBelowRoot(fs, inRoot(rootDir, rel));
}

/** Names in a directory below the root; [] when it does not exist. */
export async function listInRoot(fs: Pick<CoreFs, 'readdir'>, rootDir: string, rel: string): Promise<string[]> {
  try {
    return await fs.readdir(inRoot(rootDir, rel));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
