// Builds (or, when it is already there, keeps) a vnode's root from a RootPlan.
// Everything made here lives under the vnode's config dir; nothing is mounted
// on the host — the mounts happen inside the vnode's own mount namespace.
import { cp } from 'node:fs/promises';
import path from 'node:path';
import type { CoreFs } from '@tbvnode/core';
import { DEV_FILES, DEV_LINKS, type RootPlan } from './layout.js';
import { replayVar, type VarEntry } from './var-skeleton.js';

export const ROOT_MARKER = '.tbvnode-root';
/** The marker's text: which host id is root inside (a root made for another range, or none, is refused). */
export const markerText = (rootId: number): string => `tbvnode linux-vserver root ids=${rootId}\n`;
/** Skeleton dirs that stay the host's (mount points and the host's own files). */
const HOST_OWNED = new Set(['dev', 'dev/pts', 'dev/shm', 'proc', 'sys', 'opt', 'opt/tbvnode', 'opt/tbvnode/node', '.oldroot']);
export const EMULAB_VAR_DIRS = ['emulab/boot', 'emulab/logs', 'emulab/db', 'emulab/jails', 'emulab/lock'] as const;

/** The root's marker text, or null when there is no complete root. */
export async function readMarker(fs: CoreFs, rootDir: string): Promise<string | null> {
  try {
    return await fs.readFile(path.join(rootDir, ROOT_MARKER), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export async function rootExists(fs: CoreFs, rootDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(rootDir, ROOT_MARKER));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Chown a tree just made (no vnode has run in it yet), never through a symlink. */
async function chownTree(fs: CoreFs, dir: string, id: number): Promise<void> {
  await fs.chown(dir, id, id);
  for (const d of await fs.readdir(dir, { withFileTypes: true })) {
    if (d.isSymbolicLink()) continue;
    if (d.isDirectory()) await chownTree(fs, path.join(dir, d.name), id);
    else await fs.chown(path.join(dir, d.name), id, id);
  }
}

export interface RootOwner {
  /** Host uid/gid of root inside the vnode's user namespace. */
  readonly rootId: number;
  /** <configDir>/local-etc: emulab/tmcc for /usr/local/etc/emulab/tmcc. */
  readonly localEtc?: string;
}

/**
 * `varEntries`: the host's /var skeleton, for a plan that replays it (copy mode).
 * What the vnode's root must own (its /, /root, /tmp, /var/emulab, the overlays'
 * upper dirs) is chowned to `owner.rootId`; the rest stays the host's, which the
 * vnode sees as nobody's.
 */
export async function buildRoot(fs: CoreFs, rootDir: string, plan: RootPlan, varEntries: readonly VarEntry[], owner: RootOwner): Promise<void> {
  await fs.mkdir(rootDir, { recursive: true, mode: 0o755 });
  for (const d of plan.dirs) await fs.mkdir(path.join(rootDir, d), { recursive: true, mode: 0o755 });
  await fs.chmod(path.join(rootDir, 'tmp'), 0o1777);
  for (const [name, target] of plan.symlinks) await fs.symlink(target, path.join(rootDir, name)).catch(ignoreExists);
  for (const d of DEV_FILES) await fs.writeFile(path.join(rootDir, 'dev', d), '', { flag: 'a', mode: 0o600 });
  for (const [name, target] of DEV_LINKS) await fs.symlink(target, path.join(rootDir, 'dev', name)).catch(ignoreExists);
  for (const d of plan.overlayDirs) await fs.mkdir(d, { recursive: true, mode: 0o755 });
  // Copy mode only, and only /etc: recursive copy keeps symlinks as they are.
  for (const [src, dst] of plan.copies) await cp(src, path.join(rootDir, dst), { recursive: true, verbatimSymlinks: true, force: false, errorOnExist: false });
  if (plan.replayVar) await replayVar(fs, varEntries, path.join(rootDir, 'var'));
  for (const d of EMULAB_VAR_DIRS) await fs.mkdir(path.join(rootDir, 'var', d), { recursive: true, mode: 0o755 });
  const id = owner.rootId;
  await fs.chown(rootDir, id, id);
  for (const d of plan.dirs) if (!HOST_OWNED.has(d)) await fs.chown(path.join(rootDir, d), id, id);
  for (const d of ['var', 'var/emulab', ...EMULAB_VAR_DIRS.map((e) => `var/${e}`)]) await fs.chown(path.join(rootDir, d), id, id);
  for (const d of plan.overlayDirs) if (path.basename(d) === 'upper') await fs.chown(d, id, id);
  for (const [, dst] of plan.copies) await chownTree(fs, path.join(rootDir, dst), id);
  if (owner.localEtc) {
    await fs.mkdir(path.join(owner.localEtc, 'emulab'), { recursive: true, mode: 0o755 });
    await fs.symlink('/opt/tbvnode/bin/tmcc', path.join(owner.localEtc, 'emulab/tmcc')).catch(ignoreExists);
  }
  // Written last: a root with the marker is complete and can be restored.
  await fs.writeFile(path.join(rootDir, ROOT_MARKER), markerText(id));
}

function ignoreExists(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EEXIST') throw e;
}
