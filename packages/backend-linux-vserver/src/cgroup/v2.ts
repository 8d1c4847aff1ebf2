// cgroup v2: one tree; controllers must be enabled in each parent's
// cgroup.subtree_control before a child can use them — the mount root's too: a
// host without systemd (or where nothing asked for a controller yet) has an
// empty root subtree_control, and the child's controller files do not exist.
import path from 'node:path';

export function v2Dir(mountRoot: string, group: string): string {
  return path.join(mountRoot, group);
}

/** "+cpu +memory" for subtree_control. */
export function subtreeControlLine(controllers: readonly string[]): string {
  return controllers.map((c) => `+${c}`).join(' ');
}

/** Top down: the dirs whose subtree_control must enable the leaf's controllers (mount root, then each parent). */
export function subtreeControlDirs(mountRoot: string, group: string): string[] {
  const parts = group.split('/').filter(Boolean);
  return parts.slice(0, -1).reduce((dirs, part) => [...dirs, path.join(dirs[dirs.length - 1] as string, part)], [mountRoot]);
}

/** The wanted controllers a subtree_control file's contents ("cpu memory") lack. */
export function missingControllers(subtreeControl: string, wanted: readonly string[]): string[] {
  const have = new Set(subtreeControl.split(/\s+/).filter(Boolean));
  return wanted.filter((c) => !have.has(c));
}
