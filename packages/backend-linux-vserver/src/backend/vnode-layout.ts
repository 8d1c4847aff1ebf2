// Pure: where this backend keeps everything of the host and of one vnode, and
// what its interfaces are called. The one place these paths and names are
// made; the backend and its steps take them from here. They are on disk and in
// journals of vnodes made by earlier versions: they never change.
import path from 'node:path';
import type { HostPaths, VnodePaths } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { ALLOCATED_MAX, ALLOCATED_MIN, CONTROL_BRIDGE, controlPair, experimentPair, isValidIfName, type ControlPair } from '../net/names.js';
import type { OverlayDirs, PrivateDirMode } from '../rootfs/layout.js';
import { ID_SLOTS } from '../userns/id-range.js';

/** Below the vnode's root, as the host writes them (through core's beneath()). */
export const BOOT_DIR_IN_ROOT = 'var/emulab/boot';
/** enter.sh's start barrier: it reads this fifo until the host writes "go". */
export const START_FIFO = `${BOOT_DIR_IN_ROOT}/tbvnode-start`;
/** The vnode's rc touches it when it is up (Emulab's vrunning). */
export const VRUNNING = `${BOOT_DIR_IN_ROOT}/vrunning`;
/** The tmcc proxy socket as the vnode sees it (written to its proxypath). */
export const PROXY_INSIDE = '/var/emulab/tmcc';
/** Where the vnode sees its tmcc cache (tmcc's cache dir for a vnode's own view). */
export const TMCC_CACHE_INSIDE = `/${BOOT_DIR_IN_ROOT}/tmcc`;

export interface HostLayout {
  /** Overlay mode's /var skeleton, shared by every vnode (steps/var-template.ts). */
  readonly varTemplate: string;
  /** The host's /etc without secrets (steps/etc-template.ts). */
  readonly etcTemplate: string;
  readonly controlBridge: string;
  /** The label of the host's vnode-net alias on the control bridge. */
  readonly controlAliasLabel: string;
}

export function hostLayout(p: Pick<HostPaths, 'hostStateDir'>): HostLayout {
  return {
    varTemplate: path.join(p.hostStateDir, 'linux-var'),
    etcTemplate: path.join(p.hostStateDir, 'linux-etc'),
    controlBridge: CONTROL_BRIDGE,
    controlAliasLabel: `${CONTROL_BRIDGE}:1`,
  };
}

/** Core's allocator call for one of the vnode's numbers (the params of its journaled allocate step). */
export interface Allocation {
  readonly dir: string;
  readonly spec: { readonly name: string; readonly min: number; readonly max: number };
  readonly owner: string;
  readonly key: string;
}

export interface VnodeLayout {
  readonly rootDir: string;
  readonly configDir: string;
  /** Upper and work dirs of the /etc and /var overlays, beside the root (host-owned). */
  readonly overlayDir: string;
  readonly overlays: { readonly etc: OverlayDirs; readonly var: OverlayDirs };
  /** Where the host writes the vnode's /etc files: the overlay's upper dir, or (copy mode) root/etc. */
  readonly etcOnHost: string;
  /** emulab/tmcc, laid over /usr/local/etc inside. */
  readonly localEtc: string;
  /** The fstab enter.sh mounts from (rewritten at each boot). */
  readonly fstab: string;
  /** "<initPid> <startToken>" of the running vnode, for state() in a later life. */
  readonly pidFile: string;
  readonly consoleLog: string;
  /** The tmcc cache the manager fills, bound read-only into the vnode. */
  readonly tmccCache: { readonly onHost: string; readonly inside: string };
  /** The proxy socket (its dir is checked with beneath() before the proxy binds). */
  readonly proxy: { readonly onHost: string; readonly inside: string };
  /** vrunning as the host sees it: only lstat'ed. */
  readonly vrunningOnHost: string;
  /** The vnode's cgroup below each hierarchy's mount: <cgroupParent>/<id>. */
  readonly cgroup: string;
}

export interface VnodeAllocations {
  /** The vnode's user-namespace id range slot (persistent; a halt keeps it). */
  readonly idSlot: Allocation;
  /** The vnode's interface number when its id is not Emulab's name-N. */
  readonly ifNumber: Allocation;
}

export function vnodeLayout(
  v: { readonly id: string; readonly paths: VnodePaths },
  o: { readonly privateDirs: PrivateDirMode; readonly cgroupParent: string },
): VnodeLayout {
  const { configDir, rootDir } = v.paths;
  const overlayDir = path.join(configDir, 'overlay');
  const overlay = (dir: string): OverlayDirs => ({ upper: path.join(overlayDir, dir, 'upper'), work: path.join(overlayDir, dir, 'work') });
  const overlays = { etc: overlay('etc'), var: overlay('var') };
  // beneath-ok: names only; every use below the root goes through beneath() (boot-files) or is an lstat.
  const inRoot = (rel: string): string => path.join(rootDir, rel);
  return {
    rootDir,
    configDir,
    overlayDir,
    overlays,
    etcOnHost: o.privateDirs === 'overlay' ? overlays.etc.upper : inRoot('etc'),
    localEtc: path.join(configDir, 'local-etc'),
    fstab: path.join(configDir, 'fstab'),
    pidFile: path.join(configDir, 'vnode.pid'),
    consoleLog: v.paths.consoleLog,
    tmccCache: { onHost: v.paths.tmccCacheDir, inside: TMCC_CACHE_INSIDE },
    proxy: { onHost: inRoot(PROXY_INSIDE), inside: PROXY_INSIDE },
    vrunningOnHost: inRoot(VRUNNING),
    cgroup: `${o.cgroupParent}/${v.id}`,
  };
}

/** The allocator slots of vnode `id` (the params of its journaled allocate steps). */
export function vnodeAllocations(id: string, host: Pick<HostPaths, 'allocDir'>): VnodeAllocations {
  const allocation = (name: string, key: string, min: number, max: number): Allocation => ({ dir: host.allocDir, spec: { name, min, max }, owner: id, key });
  return { idSlot: allocation('linux-userns', 'ids', 0, ID_SLOTS - 1), ifNumber: allocation('linux-ifnum', 'cnet', ALLOCATED_MIN, ALLOCATED_MAX) };
}

export interface VnodeIfNames {
  /** pnetN (in the control bridge) / cnetN (moved into the vnode). */
  readonly control: ControlPair;
  /** Per experiment interface k: peN.k on the host, veN.k until it moves in as eth<k>. */
  readonly experiment: ReadonlyArray<{ readonly host: string; readonly vnodeTemp: string; readonly inside: string }>;
}

/**
 * The names of vnode N's interfaces, `count` experiment ones. Every name must
 * fit IFNAMSIZ: a longer one would be cut or refused by the kernel half way
 * through a boot, so it is refused here, before anything is made.
 */
export function vnodeIfNames(n: number, count: number): VnodeIfNames {
  const control = controlPair(n);
  // Names only grow with k: the last interface's are the longest.
  const last = count > 0 ? experimentPair(n, count - 1) : undefined;
  for (const name of [control.host, control.vnode, ...(last ? [last.host, last.vnodeTemp, last.inside] : [])]) {
    if (!isValidIfName(name)) throw new LinuxBackendError('LINUX_BAD_CONFIG', `interface name ${JSON.stringify(name)} does not fit the kernel's IFNAMSIZ`);
  }
  return { control, experiment: Array.from({ length: count }, (_, k) => experimentPair(n, k)) };
}
