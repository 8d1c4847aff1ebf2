// Pure: operator limits -> the cgroup files to write, per cgroup version. v1 (this
// machine: one hierarchy per controller) and v2 (one unified tree) differ only here.

export interface Limits {
  /** CPUs, e.g. 0.5 */
  readonly cpus?: number;
  /** Proportional CPU share against sibling vnodes, cgroup v2 cpu.weight units (1..10000, 100 = even). */
  readonly cpuWeight?: number;
  readonly memoryBytes?: number;
  readonly pids?: number;
}

export type CgroupVersion = 1 | 2;

export interface CgroupWrite {
  /** v1: controller name (cpu, memory, pids); v2: '' (the unified tree). */
  readonly controller: string;
  readonly file: string;
  readonly value: string;
}

const PERIOD_US = 100_000;

// v2 weight 100 is v1's default of 1024 shares; v1 takes 2..262144.
function sharesFor(weight: number): number {
  return Math.min(262_144, Math.max(2, Math.round((weight * 1024) / 100)));
}

export function cgroupWrites(version: CgroupVersion, limits: Limits): CgroupWrite[] {
  const w: CgroupWrite[] = [];
  const quota = limits.cpus !== undefined ? String(Math.max(1000, Math.round(limits.cpus * PERIOD_US))) : undefined;
  if (version === 1) {
    if (quota) w.push({ controller: 'cpu', file: 'cpu.cfs_period_us', value: String(PERIOD_US) }, { controller: 'cpu', file: 'cpu.cfs_quota_us', value: quota });
    if (limits.cpuWeight !== undefined) w.push({ controller: 'cpu', file: 'cpu.shares', value: String(sharesFor(limits.cpuWeight)) });
    if (limits.memoryBytes !== undefined) w.push({ controller: 'memory', file: 'memory.limit_in_bytes', value: String(limits.memoryBytes) });
    if (limits.pids !== undefined) w.push({ controller: 'pids', file: 'pids.max', value: String(limits.pids) });
  } else {
    if (quota) w.push({ controller: '', file: 'cpu.max', value: `${quota} ${PERIOD_US}` });
    if (limits.cpuWeight !== undefined) w.push({ controller: '', file: 'cpu.weight', value: String(limits.cpuWeight) });
    if (limits.memoryBytes !== undefined) w.push({ controller: '', file: 'memory.max', value: String(limits.memoryBytes) });
    if (limits.pids !== undefined) w.push({ controller: '', file: 'pids.max', value: String(limits.pids) });
  }
  return w;
}

/** The controllers a set of writes needs (v2: names to enable in the parent's subtree_control). */
export function controllersFor(limits: Limits): string[] {
  return [
    ...(limits.cpus !== undefined || limits.cpuWeight !== undefined ? ['cpu'] : []),
    ...(limits.memoryBytes !== undefined ? ['memory'] : []),
    ...(limits.pids !== undefined ? ['pids'] : []),
  ];
}

export function hasLimits(limits: Limits): boolean {
  return controllersFor(limits).length > 0;
}
