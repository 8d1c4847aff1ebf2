// Recursive removal that can never reach into a mounted file system: it refuses
// while the mount table shows anything at or below the directory, and while
// walking it refuses any directory that is a mount point or sits on another
// device. A user's project or home directory mounted inside a vnode is never deleted.
import path from 'node:path';
import type { CoreDeps, MountEntry } from '../deps.js';
import { TbvnodeError } from '../errors/tbvnode-error.js';
import { mountsAtOrBelow } from '../host/mount-table.js';

export class StillMountedError extends TbvnodeError {
  declare readonly code: 'STILL_MOUNTED';
  readonly dir: string;
  readonly mounts: readonly string[];
  constructor(dir: string, mounts: readonly string[]) {
    super('STILL_MOUNTED', `refusing to remove ${dir}: still mounted at ${mounts.join(', ')}`);
    this.dir = dir;
    this.mounts = mounts;
  }
}

type Deps = Pick<CoreDeps, 'fs' | 'mounts'>;

async function canonical(deps: Deps, p: string): Promise<string | null> {
  try {
    return await deps.fs.realpath(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Throws StillMountedError if anything is mounted at or below dir. */
export async function assertNothingMounted(deps: Deps, dir: string): Promise<readonly MountEntry[]> {
  const real = (await canonical(deps, dir)) ?? path.resolve(dir);
  const table = await deps.mounts.read();
  const below = mountsAtOrBelow(table, real);
  if (below.length > 0) throw new StillMountedError(dir, below.map((m) => m.target));
  return table;
}

async function removeWalk(deps: Deps, dir: string, dev: number, mountPoints: ReadonlySet<string>): Promise<void> {
  const st = await deps.fs.lstat(dir, { bigint: false });
  if (!st.isDirectory()) {
    await deps.fs.unlink(dir);
    return;
  }
  if (st.dev !== dev || mountPoints.has(dir)) throw new StillMountedError(dir, [dir]);
  for (const name of await deps.fs.readdir(dir)) {
    await removeWalk(deps, path.join(dir, name), dev, mountPoints);
  }
  await deps.fs.rmdir(dir);
}

/**
 * Remove a directory tree we own (a vnode's config dir, a root we built). Symlinks
 * are removed, never followed. Missing dir: nothing to do.
 */
export async function safeRemoveTree(deps: Deps, dir: string): Promise<void> {
  const real = await canonical(deps, dir);
  if (real === null) return;
  const table = await assertNothingMounted(deps, real);
  const top = await deps.fs.lstat(real);
  await removeWalk(deps, real, top.dev, new Set(table.map((m) => m.target)));
}

/** The config dir is removed only when the mount table shows nothing under it. */
export const safeRemoveConfigDir = safeRemoveTree;
