// Pure: the facts gathered about one vnode turned into its status row — the
// state an operator acts on, and a hint when something needs doing.
import type { StepRecord, VnodeState as BackendView } from '@tbvnode/core';
import type { ManagerLogFacts } from './manager-log-facts.js';

export type VnodeState = 'booting' | 'running' | 'halted' | 'failed' | 'orphaned';

export interface VnodeFacts {
  readonly vnodeId: string;
  readonly jailed: boolean;
  // Configured for -j vnodes (TBVNODE_BACKEND or the platform's default).
  readonly configuredBackend: string;
  readonly present: boolean;
  readonly manager: { readonly kind: 'running' | 'stale' | 'none' | 'bad-pid-file'; readonly pid?: number };
  readonly runningSince?: number;
  readonly inPlace: readonly StepRecord[];
  readonly log: ManagerLogFacts;
  readonly logFile: string;
  readonly jailconfig?: string;
  readonly ifconfig?: string;
  // The last bootvnodes run's failure for this vnode, if it failed.
  readonly summaryFailure?: { readonly at: number; readonly reason?: string };
  // The manager's `failed` marker: the last boot failed and kept the vnode (its disk) until -k.
  readonly failedMarker?: { readonly at: number; readonly reason: string };
  readonly initAlive: (pid: number) => boolean;
  readonly now: number;
  // The vnode's backend's own view (its state()), or why it could not be asked.
  readonly backendView: { readonly state: BackendView } | { readonly error: string };
}

export interface VnodeRow {
  readonly vnodeId: string;
  readonly state: VnodeState;
  readonly backend: string;
  // What the backend itself sees (state()): running, stopped, absent; null when it could not be asked.
  readonly backendState: BackendView | null;
  readonly manager: VnodeFacts['manager']['kind'];
  readonly managerPid: number | null;
  readonly initPid: number | null;
  readonly bossState: string | null;
  readonly controlIp: string | null;
  readonly experimentIps: ReadonlyArray<{ readonly ip: string; readonly lan: string | null }>;
  readonly uptimeSeconds: number | null;
  readonly limits: Readonly<Record<string, unknown>> | null;
  readonly stepsInPlace: number;
  readonly lastError: { readonly at: string; readonly reason: string } | null;
  readonly hint: string | null;
  readonly log: string;
}

const PREFIXES: ReadonlyArray<readonly [string, string]> = [['linux.', 'linux-vserver'], ['fbsd.', 'freebsd-jail']];

export function vnodeBackend(inPlace: readonly StepRecord[], jailed: boolean, configured: string): string {
  for (const [prefix, name] of PREFIXES) if (inPlace.some((r) => r.step.startsWith(prefix))) return name;
  return jailed ? configured : 'process';
}

export function controlIpOf(jailconfig: string | undefined): string | null {
  const m = /^JAILIP="?([0-9.]+)/m.exec(jailconfig ?? '');
  return m?.[1] ?? null;
}

export function experimentIpsOf(ifconfig: string | undefined): VnodeRow['experimentIps'] {
  return (ifconfig ?? '').split('\n').flatMap((l) => {
    if (!l.startsWith('INTERFACE ')) return [];
    const ip = /\bINET=([0-9.]+)/.exec(l)?.[1];
    return ip ? [{ ip, lan: /\bLAN=([-\w.]+)/.exec(l)?.[1] ?? null }] : [];
  });
}

export function limitsOf(inPlace: readonly StepRecord[]): Record<string, unknown> | null {
  for (const r of inPlace) {
    const limits = (r.params as { limits?: unknown } | null)?.limits;
    if (typeof limits === 'object' && limits !== null && Object.keys(limits).length > 0) return limits as Record<string, unknown>;
  }
  return null;
}

export function deriveState(f: VnodeFacts): { state: VnodeState; hint: string | null } {
  const id = f.vnodeId;
  const flag = f.jailed ? '-j' : '-i';
  if (f.manager.kind === 'bad-pid-file') {
    return { state: 'orphaned', hint: `its pid file is not a pid: look at it, remove it, then \`vnodesetup ${flag} -k ${id}\`` };
  }
  if (f.manager.kind === 'running') return { state: f.runningSince === undefined ? 'booting' : 'running', hint: null };
  if ('state' in f.backendView && f.backendView.state === 'running') {
    return {
      state: 'orphaned',
      hint: `its manager is gone but its backend sees it running: \`vnodesetup ${flag} -h ${id}\` stops it (keeps its disk), \`-k\` removes it all`,
    };
  }
  const runtime = f.inPlace.filter((r) => r.phase === 'runtime').length;
  if (runtime > 0) {
    return {
      state: 'orphaned',
      hint: `its manager is gone but ${runtime} runtime step(s) are in place: \`vnodesetup ${flag} -h ${id}\` undoes them (keeps its disk), \`-k\` removes it all`,
    };
  }
  const failedAt = Math.max(f.summaryFailure?.at ?? 0, f.log.lastError?.time ?? 0, f.failedMarker?.at ?? 0);
  if (failedAt > 0 && failedAt >= (f.log.startedAt ?? 0)) {
    return { state: 'failed', hint: `why: \`tbvnode logs ${id}\`; boot again with \`vnodesetup ${flag} -b ${id}\`` };
  }
  if (!f.present) return { state: 'halted', hint: null };
  return { state: 'halted', hint: f.manager.kind === 'stale' ? 'a stale pid file is left (removed by the next vnodesetup)' : null };
}

export function vnodeRow(f: VnodeFacts): VnodeRow {
  const { state, hint } = deriveState(f);
  const initPid = f.manager.kind === 'running' && f.log.initPid !== undefined && f.initAlive(f.log.initPid) ? f.log.initPid : null;
  const err = f.log.lastError
    ?? (f.failedMarker ? { time: f.failedMarker.at, reason: f.failedMarker.reason } : undefined)
    ?? (f.summaryFailure?.reason ? { time: f.summaryFailure.at, reason: f.summaryFailure.reason } : undefined);
  return {
    vnodeId: f.vnodeId,
    state,
    backend: vnodeBackend(f.inPlace, f.jailed, f.configuredBackend),
    backendState: 'state' in f.backendView ? f.backendView.state : null,
    manager: f.manager.kind,
    managerPid: f.manager.pid ?? null,
    initPid,
    bossState: f.log.bossState ?? null,
    controlIp: controlIpOf(f.jailconfig),
    experimentIps: experimentIpsOf(f.ifconfig),
    uptimeSeconds: state === 'running' && f.runningSince !== undefined ? Math.max(0, Math.round((f.now - f.runningSince) / 1000)) : null,
    limits: limitsOf(f.inPlace),
    stepsInPlace: f.inPlace.length,
    lastError: state === 'failed' && err ? { at: new Date(err.time).toISOString(), reason: err.reason } : null,
    hint: hint ?? ('error' in f.backendView ? `its backend could not be asked: ${f.backendView.error}` : null),
    log: f.logFile,
  };
}
