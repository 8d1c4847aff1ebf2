// The per-key capability report: for every jailconfig key boss sent, what this
// host does with it. tmcd sends most keys for every jail, so "refuse anything
// unsupported" would refuse every jail; instead each key is applied,
// substituted or refused with a reason, and only a refusal that makes the
// vnode unsafe or unreachable is fatal.
import type { BpfPolicy, NetMode } from '../backend/options.js';
import type { LimitPolicy } from './limits.js';

export type Verdict = 'applied' | 'substituted' | 'refused';

export interface KeyReport {
  readonly key: string;
  /** The value as sent; repeated keys joined with ','. */
  readonly value: string;
  readonly verdict: Verdict;
  readonly reason: string;
  /** A refusal that stops the vnode from being built. */
  readonly fatal: boolean;
}

/** What the host offers, probed once per create. */
export interface HostFacts {
  /** jail(8) parameters the kernel knows (`sysctl -N security.jail.param`, prefix stripped). */
  readonly jailParams: readonly string[];
  /** `net.fibs`: FIBs 1..fibs-1 can be given to jails. */
  readonly fibs: number;
  /** kern.racct.enable=1: rctl limits work. Absent (older callers): off. */
  readonly racct?: boolean;
  /**
   * What the jails' /etc template holds that a jail must never see (should be []), or null when
   * there is no template (the host is not prepared). Absent (older callers): not reported.
   */
  readonly etcSecrets?: readonly string[] | null;
}

export interface CapabilityPolicy extends LimitPolicy {
  readonly netMode: NetMode;
  readonly bpf: BpfPolicy;
  readonly allowDevmem: boolean;
  readonly defaultDiskMb: number;
}

/** What the backend builds, decided by the report (the only input the plans need). */
export interface JailSettings {
  readonly ip: string | null;
  readonly mask: string | null;
  /** IPADDRS and repeated `ipaddr` lines, merged, without duplicates or the JAILIP. */
  readonly extraIps: readonly string[];
  readonly sshdPort: number | null;
  readonly diskMb: number;
  readonly sysvipc: boolean;
  readonly rawSockets: boolean;
  readonly bpf: boolean;
  readonly devmem: boolean;
  /** Give the jail its own FIB (needs an address and net.fibs > 1). */
  readonly ownFib: boolean;
  readonly eventServer: string | null;
  /** rctl rules after `jail:<name>:` (absent in reports written before limits existed). */
  readonly rctlRules?: readonly string[];
}

export interface CapabilityReport {
  readonly v: 1;
  readonly backend: 'freebsd-jail';
  readonly netMode: NetMode;
  /** The host facts it was decided with. */
  readonly host: HostFacts;
  readonly keys: readonly KeyReport[];
  readonly settings: JailSettings;
  /** Keys whose refusal is fatal; empty when the vnode can be built. */
  readonly fatal: readonly string[];
}
