// Every file tbvnode touches lives under one root (default '/', tests use a temp
// dir), with Emulab's names so operators and scripts find things where they expect.
import path from 'node:path';
import { validateVnodeId, type VnodeId } from './vnode-id.js';

export interface HostPaths {
  readonly root: string;
  /** var/emulab/jails: one config dir per vnode. */
  readonly jailsDir: string;
  /** var/emulab/boot: the host's tmcc cache and boot files. */
  readonly bootDir: string;
  readonly logsDir: string;
  readonly runDir: string;
  /** etc/emulab/bossnode: boss's name, as tmcc finds it. */
  readonly bossnodeFile: string;
  /** var/run/tbvnode-host: host preparation journal, lock and marker (cleared by a reboot). */
  readonly hostStateDir: string;
  readonly hostJournal: string;
  readonly hostLock: string;
  /** var/run/tbvnode-host/prepared: written when prepareHost finished this boot. */
  readonly hostPreparedMarker: string;
  /** var/run/tbvnode-host/alloc: numbered-resource allocator state. */
  readonly allocDir: string;
  /** var/run/tbvnode-host/locks: per-vnode exclusivity locks. */
  readonly locksDir: string;
}

export interface VnodePaths {
  readonly id: VnodeId;
  /** var/emulab/jails/<id>: the config dir. */
  readonly configDir: string;
  readonly jailconfig: string;
  readonly journal: string;
  readonly rootDir: string;
  readonly logsDir: string;
  /** <configDir>/logs/console.log: the vnode's stdout and stderr while it exists. */
  readonly consoleLog: string;
  /** var/emulab/logs/tbvnode-<id>.console.log: the console, kept when a kill removes the config dir. */
  readonly keptConsoleLog: string;
  readonly tmccLog: string;
  /** The "vnode is running" marker vnodesetup -b waits for. */
  readonly runningMarker: string;
  /** `failed`: the last boot failed and kept the vnode (its disk); says why. Removed by the next boot. */
  readonly failedMarker: string;
  /** var/run/tbvnode-<id>.pid: the manager's pid file. */
  readonly pidFile: string;
  /** var/emulab/logs/tbvnode-<id>.log: the manager's own log. */
  readonly managerLog: string;
  /** var/emulab/boot/tmcc.<id>: the vnode's tmcc config cache. */
  readonly tmccCacheDir: string;
  /** var/run/tbvnode-host/locks/<id>.lock */
  readonly lockFile: string;
}

export function hostPaths(root: string): HostPaths {
  const r = path.resolve(root);
  const hostStateDir = path.join(r, 'var/run/tbvnode-host');
  return {
    root: r,
    jailsDir: path.join(r, 'var/emulab/jails'),
    bootDir: path.join(r, 'var/emulab/boot'),
    logsDir: path.join(r, 'var/emulab/logs'),
    runDir: path.join(r, 'var/run'),
    bossnodeFile: path.join(r, 'etc/emulab/bossnode'),
    hostStateDir,
    hostJournal: path.join(hostStateDir, 'journal'),
    hostLock: path.join(hostStateDir, 'prepare.lock'),
    hostPreparedMarker: path.join(hostStateDir, 'prepared'),
    allocDir: path.join(hostStateDir, 'alloc'),
    locksDir: path.join(hostStateDir, 'locks'),
  };
}

/** Validates the id first: nothing below builds a path from an unchecked string. */
export function vnodePaths(host: HostPaths, id: string): VnodePaths {
  const vid = validateVnodeId(id);
  const configDir = path.join(host.jailsDir, vid);
  return {
    id: vid,
    configDir,
    jailconfig: path.join(configDir, 'jailconfig'),
    journal: path.join(configDir, 'journal'),
    rootDir: path.join(configDir, 'root'),
    logsDir: path.join(configDir, 'logs'),
    consoleLog: path.join(configDir, 'logs', 'console.log'),
    keptConsoleLog: path.join(host.logsDir, `tbvnode-${vid}.console.log`),
    tmccLog: path.join(configDir, 'tmcc.log'),
    runningMarker: path.join(configDir, 'running'),
    failedMarker: path.join(configDir, 'failed'),
    pidFile: path.join(host.runDir, `tbvnode-${vid}.pid`),
    managerLog: path.join(host.logsDir, `tbvnode-${vid}.log`),
    tmccCacheDir: path.join(host.bootDir, `tmcc.${vid}`),
    lockFile: path.join(host.locksDir, `${vid}.lock`),
  };
}
