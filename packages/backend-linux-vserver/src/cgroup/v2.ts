// cgroup v2: one tree; controllers must be enabled in each parent's
// cgroup.subtree_control before a child can use them.
import path from 'node:path';

export function v2Dir(mountRoot: string, group: string): string {
  return path.join(mountRoot, group);
}

/** "+cpu +memory" for subtree_control. */
export function subtreeControlLine(controllers: readonly string[]): string {
  return controllers.map((c) => `+${c}`).join(' ');
}
