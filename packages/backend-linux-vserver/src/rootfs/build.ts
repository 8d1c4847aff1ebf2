// Builds (or, when it is already there, keeps) a vnode's root from a RootPlan.
// Everything made here lives under the vnode's config dir; nothing is mounted
// on the host — the mounts happen inside the vnode's own mount namespace. A root
// the vnode has lived in is its own: every path below it goes through core's
// beneath(), so a link planted there is refused, never followed.
import { beneath, type CoreDeps } from '@tbvnode/core';
import { DEV_FILES, DEV_LINKS, type RootPlan } from './layout.js';
import { replayVar, type VarEntry } from './var-skeleton.js';

export const ROOT_MARKER = '.tbvnode-root';
export const EMULAB_VAR_DIRS = ['emulab/boot', 'emulab/logs', 'emulab/db', 'emulab/jails', 'emulab/lock'] as const;

type Deps = Pick<CoreDeps, 'fs' | 'mounts'>;

export async function rootExists(deps: Deps, rootDir: string): Promise<boolean> {
  // A marker the vnode replaced (link, fifo) still says the root was built once.
  return (await beneath(deps, rootDir).kind(ROOT_MARKER)) !== 'absent';
}

/** `varEntries`: the host's /var skeleton, for a plan that replays it (copy mode). */
export async function buildRoot(deps: Deps, rootDir: string, plan: RootPlan, varEntries: readonly VarEntry[]): Promise<void> {
  // beneath-ok: the root itself, in the host-owned config dir.
  await deps.fs.mkdir(rootDir, { recursive: true, mode: 0o755 });
  const root = beneath(deps, rootDir);
  for (const d of plan.dirs) await root.mkdir(d, 0o755);
  await root.chmod('tmp', 0o1777);
  for (const [name, target] of plan.symlinks) await root.symlink(target, name);
  for (const d of DEV_FILES) await root.mountTarget(`dev/${d}`, 'file', 0o600);
  for (const [name, target] of DEV_LINKS) await root.symlink(target, `dev/${name}`);
  // The overlay's upper and work dirs sit in the config dir, beside the root (host-owned).
  for (const d of plan.overlayDirs) await deps.fs.mkdir(d, { recursive: true, mode: 0o755 });
  // Copy mode only, and only /etc: links in it are copied as links.
  for (const [src, dst] of plan.copies) await root.copyTree(src, dst);
  if (plan.replayVar) await replayVar(root, varEntries, 'var');
  for (const d of EMULAB_VAR_DIRS) await root.mkdir(`var/${d}`, 0o755);
  // Written last: a root with the marker is complete and can be restored.
  await root.writeFile(ROOT_MARKER, 'tbvnode linux-vserver root\n', 0o644);
}
