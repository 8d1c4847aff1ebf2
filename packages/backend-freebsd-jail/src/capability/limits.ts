// Pure: the operator's resource limits as rctl(8) rules for a jail, reported per
// limit like a jailconfig key: applied when the kernel accounts resources
// (kern.racct.enable=1, a boot-time tunable), refused (not fatal) when it does not.
import type { KeyReport } from './types.js';

export interface LimitPolicy {
  /** memoryuse:deny, in MB. */
  readonly memoryLimitMb?: number;
  /** maxproc:deny. */
  readonly maxProcs?: number;
  /** pcpu:deny, percent of one CPU. */
  readonly cpuPercent?: number;
}

/** Rules after `jail:<name>:` (rctl(8): resource:action=amount; usr.bin/rctl expands k/m/g). */
export function assessLimits(p: LimitPolicy, racct: boolean): { keys: KeyReport[]; rules: string[] } {
  const wanted: Array<[string, number | undefined, string]> = [
    ['memoryuse', p.memoryLimitMb, `${p.memoryLimitMb}m`],
    ['maxproc', p.maxProcs, String(p.maxProcs)],
    ['pcpu', p.cpuPercent, String(p.cpuPercent)],
  ];
  const keys: KeyReport[] = [];
  const rules: string[] = [];
  for (const [resource, v, amount] of wanted) {
    if (v === undefined) continue;
    const rule = `${resource}:deny=${amount}`;
    if (racct) {
      rules.push(rule);
      keys.push({ key: `rctl ${resource}`, value: String(v), verdict: 'applied', reason: `rctl -a jail:<name>:${rule}`, fatal: false });
    } else {
      keys.push({ key: `rctl ${resource}`, value: String(v), verdict: 'refused', reason: 'kern.racct.enable=0: no resource limits on this host (set kern.racct.enable=1 in /boot/loader.conf and reboot)', fatal: false });
    }
  }
  return { keys, rules };
}
