// cgroup v1: a directory per controller hierarchy, /sys/fs/cgroup/<ctrl>/<group>.
import path from 'node:path';

export function v1Dirs(mountRoot: string, group: string, controllers: readonly string[]): string[] {
  return controllers.map((c) => path.join(mountRoot, c, group));
}

export function v1File(mountRoot: string, group: string, controller: string, file: string): string {
  return path.join(mountRoot, controller, group, file);
}
