// Builds (or, when it is already there, keeps) a vnode's root from a RootPlan.
// Everything made here lives under the vnode's config dir; nothing is mounted
// on the host — the mounts happen inside the vnode's own mount namespace. A root
// the vnode has lived in is its own: every path below it goes through core's
// beneath(), so a link planted there is refused, never followed.
import path from 'node:path';
import { beneath, type Beneath, type CoreDeps } from '@tbvnode/core';
import { DEV_FILES, DEV_LINKS, type RootPlan } from './layout.js';
import { replayVar, type VarEntry } from './var-skeleton.js';

const ROOT_MARKER = '.tbvnode-root';
/** The marker's text: which host id is root inside (a root made for another range, or none, is refused). */
export const markerText = (rootId: number): string => `tbvnode linux-vserver root ids=${rootId}\n`;
/** Skeleton dirs that stay the host's (mount points and the host's own files). */
const HOST_OWNED = new Set(['dev', 'dev/pts', 'dev/shm', 'proc', 'sys', 'opt', 'opt/tbvnode', 'opt/tbvnode/node', '.oldroot']);
export const EMULAB_VAR_DIRS = ['emulab/boot', 'emulab/logs', 'emulab/db', 'emulab/jails', 'emulab/lock'] as const;

type Deps = Pick<CoreDeps, 'fs' | 'mounts'>;

/** The root's marker text, or null when there is no complete root (a link or fifo in its place is refused). */
export async function readMarker(deps: Deps, rootDir: string): Promise<string | null> {
  if ((await beneath(deps, rootDir).kind('')) === 'absent') return null;
  return beneath(deps, rootDir).readFile(ROOT_MARKER);
}

export async function rootExists(deps: Deps, rootDir: string): Promise<boolean> {
  // A marker the vnode replaced (link, fifo) still says the root was built once.
  return (await beneath(deps, rootDir).kind(ROOT_MARKER)) !== 'absent';
}

export interface RootOwner {
  /** Host uid/gid of root inside the vnode's user namespace. */
  readonly rootId: number;
  /** <configDir>/local-etc: emulab/tmcc for /usr/local/etc/emulab/tmcc. */
  readonly localEtc?: string;
}

// Chown a tree just copied in (no vnode has run in it yet), never through a link.
async function chownTree(root: Beneath, rel: string, id: number): Promise<void> {
  await root.chown(rel, id, id);
  // beneath-ok: listing a directory chown() just checked, entries go back through beneath().
  for (const d of await root.list(rel)) {
    if (d.kind === 'dir') await chownTree(root, `${rel}/${d.name}`, id);
    else if (d.kind === 'file') await root.chown(`${rel}/${d.name}`, id, id);
  }
}

/**
 * `varEntries`: the host's /var skeleton, for a plan that replays it (copy mode).
 * What the vnode's root must own (its /, /root, /tmp, /var/emulab, the overlays'
 * upper dirs) is chowned to `owner.rootId`; the rest stays the host's, which the
 * vnode sees as nobody's.
 */
export async function buildRoot(deps: Deps, rootDir: string, plan: RootPlan, varEntries: readonly VarEntry[], owner: RootOwner): Promise<void> {
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
  const id = owner.rootId;
  await root.chown('', id, id);
  for (const d of plan.dirs) if (!HOST_OWNED.has(d)) await root.chown(d, id, id);
  for (const d of ['var', 'var/emulab', ...EMULAB_VAR_DIRS.map((e) => `var/${e}`)]) await root.chown(d, id, id);
  for (const d of plan.overlayDirs) if (path.basename(d) === 'upper') await deps.fs.chown(d, id, id);
  for (const [, dst] of plan.copies) await chownTree(root, dst, id);
  if (owner.localEtc) {
    // Host-owned (the config dir), not below the root.
    const local = beneath(deps, owner.localEtc.replace(/\/[^/]*$/, ''));
    await local.symlink('/opt/tbvnode/bin/tmcc', `${path.basename(owner.localEtc)}/emulab/tmcc`);
  }
  // Written last: a root with the marker is complete and can be restored.
  await root.writeFile(ROOT_MARKER, markerText(id), 0o644);
}
