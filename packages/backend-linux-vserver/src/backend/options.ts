// Pure: operator settings (strings/numbers from flags or config) to typed options.
import type { BackendOptions } from '@tbvnode/core';
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
  /** host[:port] of boss for the vnode's /etc/emulab/bossnode (the CLI passes it). */
  readonly bossName?: string;
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
  const bridgeMode = oneOf(o, 'bridgeMode', ['alias', 'emulab'], 'alias');
  const controlIface = str(o, 'controlIface');
  const controlCidr = str(o, 'controlCidr');
  if (bridgeMode === 'emulab' && (!controlIface || !controlCidr)) {
    throw new LinuxBackendError('LINUX_BAD_OPTION', 'bridgeMode=emulab needs controlIface and controlCidr');
  }
  const memoryMb = num(o, 'memoryMb');
  const cpus = num(o, 'cpus');
  const pids = num(o, 'pids');
  const controlGateway = str(o, 'controlGateway');
  const tmccBundle = str(o, 'tmccBundle');
  const nodePath = str(o, 'nodePath');
  const bossName = str(o, 'bossName');
  if (bossName !== undefined && !/^[-\w.:[\]]+$/.test(bossName)) throw new LinuxBackendError('LINUX_BAD_OPTION', `bossName ${JSON.stringify(bossName)} is not host[:port]`);
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
    ...(bossName ? { bossName } : {}),
    limits: {
      ...(cpus !== undefined ? { cpus } : {}),
      ...(memoryMb !== undefined ? { memoryBytes: Math.round(memoryMb * 1024 * 1024) } : {}),
      ...(pids !== undefined ? { pids: Math.round(pids) } : {}),
    },
    cgroupParent: str(o, 'cgroupParent') ?? 'tbvnode',
    startTimeoutMs: num(o, 'startTimeoutMs') ?? 10_000,
    shell: str(o, 'shell') ?? '/bin/sh',
    portFilter: oneOf(o, 'portFilter', ['require', 'warn', 'off'], 'require'),
  };
}
