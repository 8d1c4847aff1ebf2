// Which cgroup version the host gives us: v2 when /sys/fs/cgroup is itself cgroup2,
// v1 when per-controller hierarchies are mounted (this machine), none otherwise.
import type { MountEntry } from '@tbvnode/core';
import type { CgroupVersion } from './limits.js';

export interface CgroupHost {
  readonly version: CgroupVersion;
  /** v1: the dir holding one mount per controller; v2: the unified mount. */
  readonly mountRoot: string;
}

export function detectCgroup(mounts: readonly MountEntry[], controllers: readonly string[]): CgroupHost | null {
  const v2 = mounts.find((m) => m.fstype === 'cgroup2' && m.target === '/sys/fs/cgroup');
  if (v2) return { version: 2, mountRoot: v2.target };
  const v1 = mounts.filter((m) => m.fstype === 'cgroup');
  const have = (c: string): MountEntry | undefined => v1.find((m) => m.options.includes(c) || m.target.endsWith(`/${c}`));
  if (controllers.length > 0 && controllers.every((c) => have(c))) {
    const first = have(controllers[0] as string) as MountEntry;
    return { version: 1, mountRoot: first.target.slice(0, first.target.lastIndexOf('/')) };
  }
  return null;
}
