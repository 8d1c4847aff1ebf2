// Pure: operator settings (strings/numbers/booleans from flags or config) to typed options.
import { describeUnknownOptions, EDGE_OPTION_KEYS, unknownOptions, type BackendOptions } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';

/** What to do with BPFRO=1: stock FreeBSD has no read-only bpf. */
export type BpfPolicy = 'refuse' | 'readwrite';
export type NetMode = 'alias' | 'vnet';

export interface FreebsdOptions {
  /** alias: one IP alias per jail on the control interface. vnet: the jail's own stack, one epair per experiment interface. */
  readonly netMode: NetMode;
  /** The host's control-net interface (else read from <root>/var/emulab/boot/controlif). */
  readonly cnetIface?: string;
  /** Default route inside the jail's FIB (else read from <root>/var/emulab/boot/routerip). */
  readonly cnetGateway?: string;
  readonly bpf: BpfPolicy;
  /** DEVMEM=1 unhides /dev/mem and /dev/kmem: a host memory leak, so off unless the operator says so. */
  readonly allowDevmem: boolean;
  /** First of up to four devfs ruleset numbers this backend owns (base, +bpf, +mem, +both). */
  readonly devfsRuleset: number;
  /** Disk size when jailconfig has no VDSIZE (mkjail's 512 MiB). */
  readonly defaultDiskMb: number;
  /** The host's /etc: the jails' /etc template is built from it (an allow-list), resolv.conf read from it. */
  readonly hostEtc: string;
  /** The host's /local (project dirs are /local/<pid>). */
  readonly localRoot: string;
  /** Replaces 127.0.0.1 in the jail's resolv.conf (a host resolver seen from the jail). */
  readonly resolverIp?: string;
  readonly startTimeoutMs: number;
  /** The jail's rc reports ISUP itself (Emulab's rc.injail through the proxy); false: the manager does. */
  readonly isupFromJail: boolean;
  /** How long a halt waits for a dying jail to release its root (TCP TIME_WAIT: 2*MSL, 60 s by default). */
  readonly busyWaitMs: number;
  /** rctl limits per jail (need kern.racct.enable=1; reported as refused otherwise). */
  readonly memoryLimitMb?: number;
  readonly maxProcs?: number;
  readonly cpuPercent?: number;
  /** vnet: experiment interfaces one vnode may have; more fails it before any epair or bridge is made. */
  readonly maxInterfaces: number;
}

// Every key parseFreebsdOptions reads, plus the ones the CLI gives every backend.
export const FREEBSD_OPTION_KEYS: readonly string[] = [
  'netMode', 'cnetIface', 'cnetGateway', 'resolverIp', 'bpf', 'allowDevmem', 'devfsRuleset', 'defaultDiskMb',
  'hostEtc', 'localRoot', 'startTimeoutMs', 'busyWaitMs', 'isupFromJail',
  'memoryLimitMb', 'maxProcs', 'cpuPercent', 'maxInterfaces',
  ...EDGE_OPTION_KEYS,
];

function str(o: BackendOptions, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === '') return undefined;
  return String(v);
}

function num(o: BackendOptions, key: string, dflt: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = o[key];
  if (v === undefined || v === '') return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > max) {
    throw new FreebsdJailError('FBSD_BAD_OPTION', `${key} must be a whole number in 1..${max}, got ${JSON.stringify(v)}`);
  }
  return n;
}

function optNum(o: BackendOptions, key: string, max?: number): Record<string, number> {
  return o[key] === undefined || o[key] === '' ? {} : { [key]: num(o, key, 0, max) };
}

function bool(o: BackendOptions, key: string): boolean {
  const v = o[key];
  if (v === undefined || v === '' || v === false || v === 0) return false;
  if (v === true || v === 1) return true;
  const s = String(v).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off'].includes(s)) return false;
  throw new FreebsdJailError('FBSD_BAD_OPTION', `${key} must be a boolean, got ${JSON.stringify(v)}`);
}

function oneOf<T extends string>(o: BackendOptions, key: string, allowed: readonly T[], dflt: T): T {
  const v = str(o, key) ?? dflt;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new FreebsdJailError('FBSD_BAD_OPTION', `${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

export function parseFreebsdOptions(o: BackendOptions): FreebsdOptions {
  const unknown = unknownOptions(o, FREEBSD_OPTION_KEYS);
  if (unknown.length > 0) throw new FreebsdJailError('FBSD_BAD_OPTION', `freebsd-jail: ${describeUnknownOptions(unknown, FREEBSD_OPTION_KEYS)}`);
  const netMode = oneOf(o, 'netMode', ['alias', 'vnet'], 'alias');
  const cnetIface = str(o, 'cnetIface');
  const cnetGateway = str(o, 'cnetGateway');
  const resolverIp = str(o, 'resolverIp');
  return {
    netMode,
    ...(cnetIface ? { cnetIface } : {}),
    ...(cnetGateway ? { cnetGateway } : {}),
    ...(resolverIp ? { resolverIp } : {}),
    bpf: oneOf(o, 'bpf', ['refuse', 'readwrite'], 'refuse'),
    allowDevmem: bool(o, 'allowDevmem'),
    // devfs ruleset numbers are 16 bits; we use base..base+3.
    devfsRuleset: num(o, 'devfsRuleset', 4200, 65_532),
    defaultDiskMb: num(o, 'defaultDiskMb', 512),
    hostEtc: str(o, 'hostEtc') ?? '/etc',
    localRoot: str(o, 'localRoot') ?? '/local',
    startTimeoutMs: num(o, 'startTimeoutMs', 30_000),
    isupFromJail: o['isupFromJail'] === undefined ? true : bool(o, 'isupFromJail'),
    busyWaitMs: num(o, 'busyWaitMs', 120_000),
    ...optNum(o, 'memoryLimitMb'),
    ...optNum(o, 'maxProcs'),
    ...optNum(o, 'cpuPercent', 100 * 1024),
    // The Linux backend's default: a vnode with more experiment interfaces fails (TBFAILED).
    maxInterfaces: num(o, 'maxInterfaces', 16, 1024),
  };
}
