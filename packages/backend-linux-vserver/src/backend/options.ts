// Pure: operator settings (strings/numbers from flags or config) to typed options.
import { describeUnknownOptions, EDGE_OPTION_KEYS, unknownOptions, type BackendOptions } from '@tbvnode/core';
import type { Limits } from '../cgroup/limits.js';
import { LinuxBackendError } from '../errors.js';
import { JAIL_ROUTER } from '../net/ipv4.js';
import type { PrivateDirMode } from '../rootfs/layout.js';

export interface LinuxOptions {
  /** alias: cbr0 only carries the 172.16/12 host alias (never touches host interfaces). emulab: mkvserver's move. */
  readonly bridgeMode: 'alias' | 'emulab';
  readonly controlIface?: string;
  readonly controlCidr?: string;
  readonly controlGateway?: string;
  /** The host's address on the vnode control net (the vnodes' router). */
  readonly hostAlias: string;
  readonly routerIp: string;
  readonly privateDirs: PrivateDirMode;
  readonly tmccBundle?: string;
  readonly nodePath?: string;
  readonly limits: Limits;
  /** Bytes of console.log kept: the first half, then the latest output after a truncation mark. */
  readonly consoleLogBytes: number;
  /** Experiment interfaces one vnode may have (each is a veth and maybe a bridge). */
  readonly maxInterfaces: number;
  readonly cgroupParent: string;
  readonly startTimeoutMs: number;
  readonly shell: string;
  /** Anti-spoofing on vnode ports (nftables bridge family): require (default), warn (go on unfiltered where unavailable), off. */
  readonly portFilter: 'require' | 'warn' | 'off';
}

function str(o: BackendOptions, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === '') return undefined;
  return String(v);
}

// Every key parseLinuxOptions reads, plus the ones the CLI gives every backend.
export const LINUX_OPTION_KEYS: readonly string[] = [
  'bridgeMode', 'controlIface', 'controlCidr', 'controlGateway', 'hostAlias', 'routerIp', 'privateDirs',
  'memoryMb', 'cpus', 'cpuWeight', 'pids', 'consoleLogMb', 'maxInterfaces', 'cgroupParent', 'startTimeoutMs', 'shell',
  'portFilter', 'hostEtc',
  ...EDGE_OPTION_KEYS,
];

/** Limits every vnode gets unless the operator says otherwise ("max" lifts one). */
export const DEFAULT_LIMITS = { pids: 1024, memoryMb: 1024, cpuWeight: 100, consoleLogMb: 8, maxInterfaces: 16 } as const;

// A relative path of plain names below the cgroup mount: "tbvnode", "tbvnode/exp".
// No "..", ".", empty or absolute part (no part may start with a dot): the
// group's files must stay in the cgroup tree.
const CGROUP_PARENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

function cgroupParent(o: BackendOptions): string {
  const v = str(o, 'cgroupParent') ?? 'tbvnode';
  if (!CGROUP_PARENT.test(v)) {
    throw new LinuxBackendError('LINUX_BAD_OPTION', `cgroupParent must be a relative path of plain names (no "..", ".", or leading "/"), got ${JSON.stringify(v)}`);
  }
  return v;
}

// A limit: the default when unset, none for "max", else a positive number.
function limit(o: BackendOptions, key: string, dflt: number): number | undefined {
  if (o[key] === 'max') return undefined;
  return num(o, key) ?? dflt;
}

function num(o: BackendOptions, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new LinuxBackendError('LINUX_BAD_OPTION', `${key} must be a positive number, got ${JSON.stringify(v)}`);
  return n;
}

function oneOf<T extends string>(o: BackendOptions, key: string, allowed: readonly T[], dflt: T): T {
  const v = str(o, key) ?? dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new LinuxBackendError('LINUX_BAD_OPTION', `${key} must be one of ${allowed.join(', ')}`);
  return v as T;
}

export function parseLinuxOptions(o: BackendOptions): LinuxOptions {
  const unknown = unknownOptions(o, LINUX_OPTION_KEYS);
  if (unknown.length > 0) throw new LinuxBackendError('LINUX_BAD_OPTION', `linux-vserver: ${describeUnknownOptions(unknown, LINUX_OPTION_KEYS)}`);
  const bridgeMode = oneOf(o, 'bridgeMode', ['alias', 'emulab'], 'alias');
  const controlIface = str(o, 'controlIface');
  const controlCidr = str(o, 'controlCidr');
  if (bridgeMode === 'emulab' && (!controlIface || !controlCidr)) {
    throw new LinuxBackendError('LINUX_BAD_OPTION', 'bridgeMode=emulab needs controlIface and controlCidr');
  }
  const memoryMb = limit(o, 'memoryMb', DEFAULT_LIMITS.memoryMb);
  const cpus = num(o, 'cpus');
  const cpuWeight = limit(o, 'cpuWeight', DEFAULT_LIMITS.cpuWeight);
  if (cpuWeight !== undefined && !(Number.isInteger(cpuWeight) && cpuWeight <= 10_000)) {
    throw new LinuxBackendError('LINUX_BAD_OPTION', `cpuWeight must be a whole number in 1..10000 (cgroup v2 cpu.weight), got ${JSON.stringify(o['cpuWeight'])}`);
  }
  const pids = limit(o, 'pids', DEFAULT_LIMITS.pids);
  const controlGateway = str(o, 'controlGateway');
  const tmccBundle = str(o, 'tmccBundle');
  const nodePath = str(o, 'nodePath');
  return {
    bridgeMode,
    ...(controlIface ? { controlIface } : {}),
    ...(controlCidr ? { controlCidr } : {}),
    ...(controlGateway ? { controlGateway } : {}),
    hostAlias: str(o, 'hostAlias') ?? `${JAIL_ROUTER}/12`,
    routerIp: str(o, 'routerIp') ?? JAIL_ROUTER,
    privateDirs: oneOf(o, 'privateDirs', ['overlay', 'copy'], 'overlay'),
    ...(tmccBundle ? { tmccBundle } : {}),
    ...(nodePath ? { nodePath } : {}),
    limits: {
      ...(cpus !== undefined ? { cpus } : {}),
      ...(cpuWeight !== undefined ? { cpuWeight } : {}),
      ...(memoryMb !== undefined ? { memoryBytes: Math.round(memoryMb * 1024 * 1024) } : {}),
      ...(pids !== undefined ? { pids: Math.round(pids) } : {}),
    },
    consoleLogBytes: Math.round((num(o, 'consoleLogMb') ?? DEFAULT_LIMITS.consoleLogMb) * 1024 * 1024),
    maxInterfaces: Math.round(num(o, 'maxInterfaces') ?? DEFAULT_LIMITS.maxInterfaces),
    cgroupParent: cgroupParent(o),
    startTimeoutMs: num(o, 'startTimeoutMs') ?? 10_000,
    shell: str(o, 'shell') ?? '/bin/sh',
    portFilter: oneOf(o, 'portFilter', ['require', 'warn', 'off'], 'require'),
  };
}
