// The contract between the manager and a virtualization backend (process,
// linux-vserver, freebsd-jail). Modelled on Emulab's libvnode op list
// (rootPreConfig, vnodeCreate, vnodePreConfig*, vnodeBoot, vnodeState, vnodeHalt),
// with one rule: every host mutation goes through the StepRunner, so the journal
// can undo it after a failure, a signal or a crash. Backends keep no state the
// journal does not have.
import type { Logger } from 'pino';
import type { CoreDeps } from '../deps.js';
import type { HostPaths, VnodePaths } from '../paths/layout.js';
import type { VnodeId } from '../paths/vnode-id.js';
import type { Argv, ProcessExit } from '../runner/types.js';
import type { AnyStepType, StepRunner } from '../steps/types.js';

/** Operator settings for a backend (CLI flags / config), already parsed at the edge. */
export type BackendOptions = Readonly<Record<string, string | number | boolean | undefined>>;

export interface HostContext {
  readonly paths: HostPaths;
  readonly deps: CoreDeps;
  readonly log: Logger;
  readonly options: BackendOptions;
}

/** What boss told us about the vnode (tmcc as the vnode; cached under paths.tmccCacheDir). */
export interface VnodeConfig {
  /** `jailconfig` reply parsed: KEY=VALUE; repeated keys become arrays (ipaddr). */
  readonly jailconfig: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Raw reply text per tmcc command (ifconfig, hostnames, mounts, accounts, …), from the
   * fullconfig cache. Backends parse what they need with @tbvnode/tmcc's parsers.
   */
  readonly replies: ReadonlyMap<string, string>;
  /** Values the manager derived: the vnode's control IP and mask, its host name. */
  readonly controlIp?: string;
  readonly controlMask?: string;
  readonly hostname?: string;
  /** The experiment the vnode belongs to (tmcd's `status`): keeps same-named LANs of two experiments apart. */
  readonly experiment?: { readonly pid: string; readonly eid: string };
  /** Boss as the manager reached it, for the vnode's etc/emulab/bossnode and tmcc config. */
  readonly boss?: VnodeBoss;
}

/** Where boss is. `address` and `ports` are absent when the manager reached boss another way (a unix socket). */
export interface VnodeBoss {
  /** Boss's host name (Emulab's bossnode). */
  readonly name: string;
  /** The address tmcd answered on. */
  readonly address?: string;
  /** tmcd's ports, the first one preferred. */
  readonly ports?: readonly number[];
}

/** Enough to find a vnode on the host without its boss config (status, exec). */
export type VnodeRef = Pick<VnodeContext, 'id' | 'paths' | 'deps'>;

export interface VnodeContext {
  readonly id: VnodeId;
  readonly paths: VnodePaths;
  readonly host: HostContext;
  readonly config: VnodeConfig;
  readonly options: BackendOptions;
  readonly deps: CoreDeps;
  /** Child logger bound to { vnode: id }. */
  readonly log: Logger;
}

/**
 * A running vnode: a handle that owns its actions (containerd's Task is the model).
 * Built by a backend's boot() from its start step (`runningVnode`, running-vnode.ts).
 */
export interface RunningVnode {
  /** The vnode's init as seen from the host (injail's jail(8), the pid-namespace init, the rc). */
  readonly pid: number;
  /** Resolves (never rejects) when init exits, for whatever reason. */
  readonly exited: Promise<ProcessExit>;
  /**
   * true: the vnode reports ISUP itself (its rc calls `tmcc state ISUP` through the
   * proxy). false: the manager reports ISUP once boot() resolves.
   */
  readonly reportsIsup: boolean;
  /**
   * For a vnode that reports ISUP itself: resolves once its rc has finished (Emulab's
   * `vrunning`), and the manager then writes the config dir's `running` marker that
   * vnodesetup -b waits for. Absent: the vnode writes that marker itself (the process
   * backend). Never rejects; it may simply never resolve if the rc hangs.
   */
  readonly ready?: Promise<void>;
  /**
   * Stop the vnode: ask init politely, wait up to timeoutMs, then SIGKILL; resolves once
   * init has exited. It is the start step's revert, run now and journaled as undone, so
   * the undo of the rest of the journal does not stop it again, and a recovery after a
   * crash (no handle, only the journal) stops it the same way. Once only: a second
   * call returns the first call's promise; a call after the vnode exited on its own
   * only records that. Mounts and interfaces are the journal's, not stop's.
   */
  stop(timeoutMs: number): Promise<void>;
}

export interface ProxyEndpoint {
  /** Where the manager's in-process tmcc proxy listens (unix socket path on the host). */
  readonly hostPath: string;
  /** The same socket as the vnode sees it (written to its /var/emulab/boot/proxypath). */
  readonly insidePath: string;
}

export type VnodeState = 'running' | 'stopped' | 'absent';

export interface ProbeCheck {
  readonly name: string;
  readonly ok: boolean;
  /** Why it failed and what to do about it (a package to install, a sysctl to set). */
  readonly detail?: string;
}

/** Prerequisites, for `tbvnode doctor` and to skip conformance tests with a reason. */
export interface ProbeReport {
  readonly backend: string;
  /** All required checks passed: this backend can boot vnodes here. */
  readonly usable: boolean;
  readonly checks: readonly ProbeCheck[];
}

export interface VirtualizationBackend {
  readonly name: string;
  /**
   * The backend's own step types. Core's built-ins (core.mkdir, core.startProcess, …)
   * are in every registry already and need not be listed. The journal stores step
   * names; after a crash this is how revert is found.
   */
  readonly stepTypes: readonly AnyStepType[];
  /** Read-only checks; never mutates the host. */
  probe(host: HostContext): Promise<ProbeReport>;
  /** Once per host boot, under the host lock; idempotent. Host-wide steps (bridges, sysctls). */
  prepareHost(host: HostContext, steps: StepRunner): Promise<void>;
  /**
   * Optional, read-only: what prepareHost made that is no longer there (an operator
   * deleted cbr0), one line each; empty when all is in place. Checked before each
   * boot; any line makes core prepare the host again. Cost: a few commands.
   */
  verifyHost?(host: HostContext): Promise<readonly string[]>;
  /** Disk and root file system — or restore the existing one (persistent steps are reused). */
  create(vnode: VnodeContext, steps: StepRunner): Promise<void>;
  /** Interfaces, aliases, routes, FIBs: runtime steps. */
  configureNetwork(vnode: VnodeContext, steps: StepRunner): Promise<void>;
  /**
   * Start the vnode's init (a journaled live step); resolves once init is running,
   * with the handle that stops it (RunningVnode.stop is that step's revert).
   */
  boot(vnode: VnodeContext, steps: StepRunner): Promise<RunningVnode>;
  /**
   * Read-only: the backend's own view of the vnode, from the host and the files it
   * keeps (no handle, no manager needed). `tbvnode status` shows it for every vnode.
   */
  state(vnode: VnodeRef): Promise<VnodeState>;
  /** Pure: where the proxy socket goes for this vnode. */
  proxyEndpoint(vnode: VnodeContext): ProxyEndpoint;
  /**
   * Optional, pure: how to run argv inside a running vnode whose init is initPid
   * (`tbvnode exec/shell`). The result runs on the host; the caller gives it a
   * clean environment. Absent: the CLI cannot enter this backend's vnodes.
   */
  enterArgv?(vnode: Pick<VnodeContext, 'id' | 'paths'>, initPid: number, argv: Argv): EnterPlan;
}

/** What enterArgv returns: the host-side argv and the directory to start it in. */
export interface EnterPlan {
  readonly argv: Argv;
  readonly cwd?: string;
}

/**
 * What a backend package exports (as `backend`): the CLI imports the package by name
 * with import() and calls create. Importing must do nothing else.
 */
export interface BackendDescriptor {
  readonly name: string;
  readonly packageName: string;
  /** Platforms it can run on (process.platform values). */
  readonly platforms: readonly NodeJS.Platform[];
  create(options: BackendOptions): VirtualizationBackend;
}
