// Every host-side path operation below a jail's root goes through here, so that one
// place can switch to core's no-follow primitives (the jail's root can plant
// symlinks in anything it can write).
import path from 'node:path';
import type { CoreFs } from '@tbvnode/core';

export function inRoot(rootDir: string, rel: string): string {
  return path.join(rootDir, rel);
}

export async function mkdirInRoot(fs: Pick<CoreFs, 'mkdir'>, rootDir: string, rel: string): Promise<void> {
  await fs.mkdir(inRoot(rootDir, rel), { recursive: true });
}

export async function rmInRoot(fs: Pick<CoreFs, 'rm'>, rootDir: string, rel: string): Promise<void> {
  await fs.rm(inRoot(rootDir, rel), { recursive: true, force: true });
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
