// Pure: what a vnode's root looks like, from facts about the host's top-level
// system dirs. Real dirs are bind-mounted read-only; merged-/usr symlinks
// (/bin -> usr/bin) are recreated as symlinks, since mounting over them would
// follow the link; /etc and /root are private and writable (overlay or copy).
// /var is mkvserver's skeleton of the host's /var: in overlay mode one copy per
// host (the var template) under a per-vnode upper dir, in copy mode replayed
// into every root. /var/emulab is always the root's real directory, which the
// host writes (boot files, proxy socket) and reads (vrunning). /etc is made from
// the per-host template without secrets (etc-template.ts); /root starts empty.
// The kernel's own views are narrowed as the OCI runtimes do it: /proc/sys and
// friends read-only, /proc/kcore, kallsyms, sysrq-trigger... masked.
import path from 'node:path';

export type HostEntry = { readonly kind: 'dir' } | { readonly kind: 'symlink'; readonly target: string } | { readonly kind: 'absent' };

export type PrivateDirMode = 'overlay' | 'copy';

export interface OverlayDirs {
  readonly upper: string;
  readonly work: string;
}

export const SYSTEM_DIRS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32', 'usr'] as const;
export const SKELETON_DIRS = [
  'etc', 'root', 'dev', 'dev/pts', 'dev/shm', 'tmp', 'proc', 'sys', 'run', 'var', 'home', 'users', 'local', 'local/logs', 'mnt',
  'opt', 'opt/tbvnode', 'opt/tbvnode/node', '.oldroot',
] as const;

/** /dev skeleton: files the device nodes are bound onto at boot, and the fd links. */
export const DEV_FILES = ['null', 'zero', 'full', 'random', 'urandom', 'tty'] as const;
export const DEV_LINKS: ReadonlyArray<readonly [string, string]> = [
  ['fd', '/proc/self/fd'], ['stdin', '/proc/self/fd/0'], ['stdout', '/proc/self/fd/1'], ['stderr', '/proc/self/fd/2'],
  ['ptmx', 'pts/ptmx'],
];

/** Where tmcc sits on Emulab's path inside (a read-only overlay on the host's /usr/local/etc). */
export const EMULAB_LOCAL_ETC = '/usr/local/etc';

/** /proc and /sys entries masked (files: /dev/null bound on; dirs: an empty read-only tmpfs). */
export const MASKED_PATHS = [
  '/proc/kcore', '/proc/kallsyms', '/proc/sysrq-trigger', '/proc/kmsg', '/proc/keys', '/proc/timer_list', '/proc/sched_debug',
  '/proc/latency_stats', '/proc/acpi', '/proc/scsi', '/sys/firmware',
] as const;
/** /proc entries bound read-only onto themselves. */
export const READONLY_PATHS = ['/proc/sys', '/proc/bus', '/proc/fs', '/proc/irq'] as const;

export interface MountOp {
  /**
   * ro: read-only bind; ov: overlay; ovro: read-only overlay of lower dirs;
   * ovkeep: overlay that keeps one real subdir; tmp: tmpfs [extra options];
   * fstab: everything in a file, by one `mount -a -T` (see fstabFor).
   */
  readonly op: 'ro' | 'ov' | 'ovro' | 'ovkeep' | 'tmp' | 'fstab';
  readonly args: readonly string[];
}

export interface RootPlan {
  readonly dirs: readonly string[];
  readonly symlinks: ReadonlyArray<readonly [name: string, target: string]>;
  /** Dirs to copy (copy mode: the /etc template only — /root starts empty). */
  readonly copies: ReadonlyArray<readonly [src: string, dst: string]>;
  /** Dirs under the config dir that must exist for the overlays. */
  readonly overlayDirs: readonly string[];
  /** Copy mode: replay the host's /var skeleton into the root's own /var. */
  readonly replayVar: boolean;
  /** Mount table built inside the vnode's own mount namespace, in order (enter.sh ops). */
  readonly mounts: readonly MountOp[];
}

export interface RootPlanInput {
  readonly hostEntries: Readonly<Record<string, HostEntry>>;
  readonly mode: PrivateDirMode;
  /** Upper and work dirs of the /etc and /var overlays (backend/vnode-layout.ts). */
  readonly overlays: { readonly etc: OverlayDirs; readonly var: OverlayDirs };
  /** Overlay mode: the host's /var skeleton, built once by prepareHost. */
  readonly varTemplate?: string;
  /** The host's /etc without secrets, built once by prepareHost (etc-template.ts). */
  readonly etcTemplate: string;
  /** <configDir>/local-etc, holding emulab/tmcc; laid over /usr/local/etc when the host has that dir. */
  readonly localEtc?: string;
  /** Owner (host uid/gid) of the tmpfs /run: root of the vnode's user namespace. */
  readonly rootId: number;
  /** The host has /usr/local/etc (a mount point for the tmcc overlay). */
  readonly hostLocalEtc?: boolean;
  /** Directory holding the node binary, mounted at /opt/tbvnode/node. */
  readonly nodeDir?: string;
  /** The tmcc single-file bundle, mounted at /opt/tbvnode/tmcc<ext> (ext kept: .cjs/.js). */
  readonly tmccBundle?: string;
}

export function planRoot(input: RootPlanInput): RootPlan {
  const dirs: string[] = [...SKELETON_DIRS];
  const symlinks: Array<readonly [string, string]> = [];
  const mounts: MountOp[] = [];
  for (const d of SYSTEM_DIRS) {
    const e = input.hostEntries[d] ?? { kind: 'absent' };
    if (e.kind === 'dir') {
      dirs.push(d);
      mounts.push({ op: 'ro', args: [`/${d}`, `/${d}`] });
    } else if (e.kind === 'symlink') {
      symlinks.push([d, e.target]);
    }
  }
  const overlayDirs: string[] = [];
  const copies: Array<readonly [string, string]> = [];
  if (input.mode === 'overlay') {
    const { upper, work } = input.overlays.etc;
    overlayDirs.push(upper, work);
    mounts.push({ op: 'ov', args: [input.etcTemplate, upper, work, '/etc'] });
  } else {
    copies.push([input.etcTemplate, 'etc']);
  }
  const replayVar = input.mode === 'copy' || input.varTemplate === undefined;
  if (!replayVar) {
    const { upper, work } = input.overlays.var;
    overlayDirs.push(upper, work);
    mounts.push({ op: 'ovkeep', args: [input.varTemplate as string, upper, work, '/var', 'emulab'] });
  }
  mounts.push({ op: 'tmp', args: ['/run', `uid=${input.rootId},gid=${input.rootId}`] });
  if (input.nodeDir) mounts.push({ op: 'ro', args: [input.nodeDir, '/opt/tbvnode/node'] });
  if (input.tmccBundle) mounts.push({ op: 'ro', args: [input.tmccBundle, tmccInside(input.tmccBundle)] });
  const usrIsDir = input.hostEntries['usr']?.kind === 'dir';
  if (input.localEtc && usrIsDir && input.hostLocalEtc) mounts.push({ op: 'ovro', args: [`${input.localEtc}:${EMULAB_LOCAL_ETC}`, EMULAB_LOCAL_ETC] });
  return { dirs, symlinks, copies, overlayDirs, replayVar, mounts };
}

/** Where the bundle appears inside: its extension decides how node loads it. */
export function tmccInside(bundle: string): string {
  const ext = path.extname(bundle);
  return `/opt/tbvnode/tmcc${ext === '.cjs' || ext === '.mjs' ? ext : '.js'}`;
}

// fstab(5) fields are separated by blanks; libmount reads these octal escapes.
function fstabField(s: string): string {
  return s.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** Mounts every vnode gets after its plan's: /proc, /sys, the device files, a private /dev/shm. */
export const FIXED_MOUNTS: ReadonlyArray<readonly [src: string, dst: string, type: string, options: string]> = [
  ['proc', '/proc', 'proc', 'nosuid,nodev,noexec'],
  ['sysfs', '/sys', 'sysfs', 'ro,nosuid,nodev,noexec'],
  ...DEV_FILES.map((d) => [`/dev/${d}`, `/dev/${d}`, 'none', 'bind'] as const),
  // The vnode's own pty instance (with /dev/ptmx -> pts/ptmx): `tbvnode shell` and
  // anything inside that wants a terminal gets a pts the vnode can see.
  ['devpts', '/dev/pts', 'devpts', 'newinstance,ptmxmode=0666,mode=0620,nosuid,noexec'],
  ['tmpfs', '/dev/shm', 'tmpfs', 'mode=1777,nosuid,nodev'],
];

function fstabEntries(mounts: readonly MountOp[]): Array<readonly [src: string, dst: string, type: string, options: string]> {
  const entries = mounts.map((m): readonly [string, string, string, string] => {
    const [a = '', b = '', c = '', d = ''] = m.args;
    switch (m.op) {
      case 'ro':
        return [a, b, 'none', 'bind,ro,nosuid,nodev'];
      case 'ov':
        return ['overlay', d, 'overlay', `lowerdir=${a},upperdir=${b},workdir=${c}`];
      case 'ovro':
        return ['overlay', b, 'overlay', `ro,nosuid,nodev,lowerdir=${a}`];
      case 'tmp':
        return ['tmpfs', a, 'tmpfs', `mode=755,nosuid,nodev${b ? `,${b}` : ''}`];
      default:
        throw new Error(`mount op ${m.op} has no fstab form`);
    }
  });
  return [...entries, ...FIXED_MOUNTS];
}

/**
 * Pure: the masks and read-only binds of /proc and /sys, for the entries the
 * host's kernel has (`present`, absolute paths as on the host: same kernel). They
 * come after /proc and /sys are mounted; their targets are inside those.
 */
export function kernelViewEntries(present: readonly string[]): Array<readonly [src: string, dst: string, type: string, options: string]> {
  const has = new Set(present);
  return [
    ...READONLY_PATHS.filter((p) => has.has(p) || has.has(`${p}/`)).map((p) => [p, p, 'none', 'bind,ro,nosuid,nodev,noexec'] as const),
    ...MASKED_PATHS.filter((p) => has.has(p) || has.has(`${p}/`)).map((p) =>
      has.has(`${p}/`) ? (['tmpfs', p, 'tmpfs', 'ro,nosuid,nodev,noexec,size=0,mode=555'] as const) : (['/dev/null', p, 'none', 'bind,ro'] as const),
    ),
  ];
}

/**
 * Pure: /sys as the vnode must see it, mounted by the host at the start barrier
 * from inside the vnode's own network namespace (sysfs shows the network
 * namespace it is mounted in): sysfs read-only, then the /sys masks of
 * kernelViewEntries again on top of it. Made before the vnode copies its mount
 * namespace into its user namespace, so the copy locks them all.
 */
export function sysViewMounts(present: readonly string[]): Array<readonly [src: string, dst: string, type: string, options: string]> {
  return [['sysfs', '/sys', 'sysfs', 'ro,nosuid,nodev,noexec'], ...kernelViewEntries(present).filter(([, dst]) => dst.startsWith('/sys/'))];
}

/**
 * Pure: the vnode's fstab for one `mount -a -T` inside its mount namespace (one
 * process instead of one `mount` per entry): the ro/ov/tmp mounts, then the fixed
 * ones, then the kernel-view masks (`present`: see kernelViewEntries), every target
 * under rootDir. Bind mounts of util-linux >= 2.27 honour ro.
 */
export function fstabFor(rootDir: string, mounts: readonly MountOp[], present: readonly string[] = []): string {
  // beneath-ok: kernel views are host paths (/proc, /sys) seen from the host side.
  const inRoot = (p: string): string => (p.startsWith('/proc/') || p.startsWith('/sys/') ? path.join(rootDir, p) : p);
  const views = kernelViewEntries(present).map(([src, dst, type, o]): readonly [string, string, string, string] => [inRoot(src), dst, type, o]);
  return [...fstabEntries(mounts), ...views]
    // beneath-ok: text for the fstab; boot-files makes and checks each target through beneath().
    .map(([src, dst, type, options]) => `${[src, path.join(rootDir, dst), type, options].map(fstabField).join(' ')} 0 0\n`)
    .join('');
}

/**
 * Pure: what must exist under the root before fstabFor's mounts (a root restored
 * from an older plan may lack some): each target relative to the root (made
 * through core's beneath()), with the bind source whose kind (file or dir) it
 * must have; no source means a directory.
 */
export function mountTargetsFor(mounts: readonly MountOp[]): Array<{ readonly rel: string; readonly like?: string }> {
  const entries = fstabEntries(mounts);
  // A target inside another mount (/usr/local/etc in the bound /usr) exists there, not in the root's own dirs.
  const nested = (dst: string): boolean => entries.some(([, d]) => d !== dst && dst.startsWith(`${d}/`));
  return entries.filter(([, dst]) => !nested(dst)).map(([src, dst, , options]) => ({
    rel: dst.replace(/^\/+/, ''),
    ...(options.split(',').includes('bind') ? { like: src } : {}),
  }));
}

/** Pure: enter.sh's mounts: the ovkeep overlays first (binds may land inside them), then one fstab. */
export function startMounts(mounts: readonly MountOp[], fstabFile: string): { readonly ops: MountOp[]; readonly fstabMounts: MountOp[] } {
  const keep = mounts.filter((m) => m.op === 'ovkeep');
  return { ops: [...keep, { op: 'fstab', args: [fstabFile] }], fstabMounts: mounts.filter((m) => m.op !== 'ovkeep') };
}

/** enter.sh's argv tail for a plan's mounts. */
export function mountArgs(mounts: readonly MountOp[]): string[] {
  return mounts.flatMap((m) => [m.op, ...m.args]);
}
