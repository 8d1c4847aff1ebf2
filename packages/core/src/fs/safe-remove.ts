// Recursive removal that can never reach into a mounted file system: it refuses
// while the mount table shows anything at or below the directory, and while
// walking it refuses any directory that is a mount point or sits on another
// device. A user's project or home directory mounted inside a vnode is never deleted.
import path from 'node:path';
import type { CoreDeps, MountEntry } from '../deps.js';
import { TbvnodeError } from '../errors/tbvnode-error.js';
import { mountsAtOrBelow } from '../host/mount-table.js';
import { kindOf, UnsafePathError } from './unsafe-path.js';
import { ifExists } from '../toolkit/if-exists.js';

class StillMountedError extends TbvnodeError {
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
  return ifExists(deps.fs.realpath(p), null);
}

/** Throws StillMountedError if anything is mounted at or below dir. */
async function assertNothingMounted(deps: Deps, dir: string): Promise<readonly MountEntry[]> {
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

// Every component from `base` (trusted, exclusive) down to `dir` must be a real
// directory: a symlink anywhere would make the removal reach somewhere else.
async function assertNoLinkBelow(deps: Deps, base: string, dir: string): Promise<boolean> {
  const rel = path.relative(base, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UnsafePathError(dir, `not below ${base}`);
  const parts = rel.split(path.sep).filter((c) => c !== '');
  for (let i = 1; i <= parts.length; i += 1) {
    const p = path.join(base, ...parts.slice(0, i));
    const st = await ifExists(deps.fs.lstat(p));
    if (st === undefined) return false;
    if (!st.isDirectory()) throw new UnsafePathError(p, `a ${kindOf(st)} where a directory is expected; not removing what it points to`);
  }
  return true;
}

/**
 * Is `dir` a real directory? false when absent; UnsafePathError when it is a
 * symlink or anything else: what it points to is not ours to act on.
 */
export async function isRealDir(deps: Pick<CoreDeps, 'fs'>, dir: string): Promise<boolean> {
  return assertNoLinkBelow(deps as Deps, path.dirname(path.resolve(dir)), path.resolve(dir));
}

/**
 * Remove a directory tree we own (a vnode's config dir, a root we built). Never
 * follows a symlink: the dir itself (and, given `below`, every component under
 * that trusted base) must be a real directory, else UnsafePathError and nothing
 * is removed; links inside are removed, not followed. Missing dir: nothing to do.
 */
export async function safeRemoveTree(deps: Deps, dir: string, o: { readonly below?: string } = {}): Promise<void> {
  const abs = path.resolve(dir);
  if (!(await assertNoLinkBelow(deps, path.resolve(o.below ?? path.dirname(abs)), abs))) return;
  const table = await assertNothingMounted(deps, abs);
  const top = await deps.fs.lstat(abs);
  await removeWalk(deps, abs, top.dev, new Set(table.map((m) => m.target)));
}

/**
 * The config dir is removed only when the mount table shows nothing under it,
 * and only when it is itself a real directory (the jails dir above it is the
 * operator's, and may be a link to a bigger disk).
 */
export function safeRemoveConfigDir(deps: Deps, configDir: string): Promise<void> {
  return safeRemoveTree(deps, configDir);
}
