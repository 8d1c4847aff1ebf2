// Pure: what a vnode's root looks like, from facts about the host's top-level
// system dirs. Real dirs are bind-mounted read-only; merged-/usr symlinks
// (/bin -> usr/bin) are recreated as symlinks, since mounting over them would
// follow the link; /etc and /root are private and writable (overlay or copy).
// /var is mkvserver's skeleton of the host's /var: in overlay mode one copy per
// host (the var template) under a per-vnode upper dir, in copy mode replayed
// into every root. /var/emulab is always the root's real directory, which the
// host writes (boot files, proxy socket) and reads (vrunning).
import path from 'node:path';

export type HostEntry = { readonly kind: 'dir' } | { readonly kind: 'symlink'; readonly target: string } | { readonly kind: 'absent' };

export type PrivateDirMode = 'overlay' | 'copy';

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

export interface MountOp {
  /**
   * ro: read-only bind; ov: overlay; ovkeep: overlay that keeps one real subdir;
   * tmp: tmpfs; fstab: everything in a file, by one `mount -a -T` (see fstabFor).
   */
  readonly op: 'ro' | 'ov' | 'ovkeep' | 'tmp' | 'fstab';
  readonly args: readonly string[];
}

export interface RootPlan {
  readonly dirs: readonly string[];
  readonly symlinks: ReadonlyArray<readonly [name: string, target: string]>;
  /** Dirs to copy from the host (copy mode: /etc only — /root can be gigabytes). */
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
  /** <configDir>/overlay */
  readonly overlayDir: string;
  /** Overlay mode: the host's /var skeleton, built once by prepareHost. */
  readonly varTemplate?: string;
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
  for (const d of ['etc', 'root']) {
    if (input.mode === 'overlay') {
      const upper = path.join(input.overlayDir, d, 'upper');
      const work = path.join(input.overlayDir, d, 'work');
      overlayDirs.push(upper, work);
      mounts.push({ op: 'ov', args: [`/${d}`, upper, work, `/${d}`] });
    } else if (d === 'etc') {
      copies.push(['/etc', 'etc']);
    }
  }
  const replayVar = input.mode === 'copy' || input.varTemplate === undefined;
  if (!replayVar) {
    const upper = path.join(input.overlayDir, 'var', 'upper');
    const work = path.join(input.overlayDir, 'var', 'work');
    overlayDirs.push(upper, work);
    mounts.push({ op: 'ovkeep', args: [input.varTemplate as string, upper, work, '/var', 'emulab'] });
  }
  mounts.push({ op: 'tmp', args: ['/run'] });
  if (input.nodeDir) mounts.push({ op: 'ro', args: [input.nodeDir, '/opt/tbvnode/node'] });
  if (input.tmccBundle) mounts.push({ op: 'ro', args: [input.tmccBundle, tmccInside(input.tmccBundle)] });
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
      case 'tmp':
        return ['tmpfs', a, 'tmpfs', 'mode=755,nosuid,nodev'];
      default:
        throw new Error(`mount op ${m.op} has no fstab form`);
    }
  });
  return [...entries, ...FIXED_MOUNTS];
}

/**
 * Pure: the vnode's fstab for one `mount -a -T` inside its mount namespace (one
 * process instead of one `mount` per entry): the ro/ov/tmp mounts, then the fixed
 * ones, every target under rootDir. Bind mounts of util-linux >= 2.27 honour ro.
 */
export function fstabFor(rootDir: string, mounts: readonly MountOp[]): string {
  return fstabEntries(mounts)
    .map(([src, dst, type, options]) => `${[src, path.join(rootDir, dst), type, options].map(fstabField).join(' ')} 0 0\n`)
    .join('');
}

/**
 * Pure: what must exist under rootDir before fstabFor's mounts (a root restored
 * from an older plan may lack some): each target, with the bind source whose kind
 * (file or dir) it must have; no source means a directory.
 */
export function mountTargetsFor(rootDir: string, mounts: readonly MountOp[]): Array<{ readonly target: string; readonly like?: string }> {
  return fstabEntries(mounts).map(([src, dst, , options]) => ({
    target: path.join(rootDir, dst),
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
