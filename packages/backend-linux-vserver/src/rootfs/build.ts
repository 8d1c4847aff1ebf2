// Builds (or, when it is already there, keeps) a vnode's root from a RootPlan.
// Everything made here lives under the vnode's config dir; nothing is mounted
// on the host — the mounts happen inside the vnode's own mount namespace.
import { cp } from 'node:fs/promises';
import path from 'node:path';
import type { CoreFs } from '@tbvnode/core';
import { DEV_FILES, DEV_LINKS, type RootPlan } from './layout.js';
import { replayVar, type VarEntry } from './var-skeleton.js';

export const ROOT_MARKER = '.tbvnode-root';
export const EMULAB_VAR_DIRS = ['emulab/boot', 'emulab/logs', 'emulab/db', 'emulab/jails', 'emulab/lock'] as const;

export async function rootExists(fs: CoreFs, rootDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(rootDir, ROOT_MARKER));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** `varEntries`: the host's /var skeleton, for a plan that replays it (copy mode). */
export async function buildRoot(fs: CoreFs, rootDir: string, plan: RootPlan, varEntries: readonly VarEntry[]): Promise<void> {
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
  // Written last: a root with the marker is complete and can be restored.
  await fs.writeFile(path.join(rootDir, ROOT_MARKER), 'tbvnode linux-vserver root\n');
}

function ignoreExists(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EEXIST') throw e;
}
