// Runtime: the files a vnode's rc reads at each boot (mkvserver's
// /var/emulab/boot/{controlif,myip,mynetmask,routerip,realname} plus proxypath,
// our experiment interface list, init/rc/tmcc wrapper), the vnode's fstab in its
// config dir, and every mount target the fstab needs. The files live inside the
// vnode's root, which the vnode controls: every path below it goes through core's
// beneath(), so a symlink, fifo or device planted there in an earlier life is
// refused instead of steering a host write. Undo removes the per-boot markers
// and the fstab.
import { beneath, isTbvnodeError, type CoreDeps, type StepEnv, type StepType } from '@tbvnode/core';
import { START_FIFO, VRUNNING } from '../backend/vnode-layout.js';

export interface BootFilesParams {
  readonly rootDir: string;
  /** name -> contents, relative to var/emulab/boot. */
  readonly bootFiles: Readonly<Record<string, string>>;
  /** Files copied from the package into /opt/tbvnode (init, rc). */
  readonly programs: Readonly<Record<string, string>>;
  /** Generated scripts for /opt/tbvnode/bin (the tmcc wrapper). */
  readonly scripts: Readonly<Record<string, string>>;
  /** Where the vnode's /etc is written from the host (the overlay's upper dir, or root/etc). */
  readonly etcDir: string;
  /** Files relative to /etc (emulab/bossnode). */
  readonly etcFiles: Readonly<Record<string, string>>;
  /** The fstab enter.sh mounts from (layout.ts fstabFor), host side. */
  readonly fstab?: { readonly file: string; readonly text: string };
  /** Mount targets, relative to the root, to make when missing (layout.ts mountTargetsFor). */
  readonly mountTargets?: ReadonlyArray<{ readonly rel: string; readonly like?: string }>;
  /** Dirs below the root enter.sh acts on before it pivots: each must be a real directory. */
  readonly checkDirs?: readonly string[];
}

// What the vnode reads but never needs to change: readable by all, written by root.
const DATA_MODE = 0o644;
const PROGRAM_MODE = 0o755;

// A bind target must be the same kind as its source: a file for a file, else a dir.
async function targetKind(deps: CoreDeps, like: string | undefined): Promise<'file' | 'dir'> {
  return like !== undefined && !(await deps.fs.stat(like)).isDirectory() ? 'file' : 'dir';
}

// Undo must not stop at a link the vnode planted: nothing of ours is behind it.
async function removeMarker(env: StepEnv, rootDir: string, rel: string): Promise<void> {
  try {
    await beneath(env.deps, rootDir).rm(rel);
  } catch (err) {
    if (!isTbvnodeError(err) || err.code !== 'UNSAFE_PATH') throw err;
    env.log.warn({ err }, 'not removing a boot marker behind a link the vnode planted');
  }
}

export const bootFilesStep: StepType<BootFilesParams, void> = {
  name: 'linux.boot-files',
  describe: (p) => `boot files in ${p.rootDir}`,
  async apply(p, env) {
    const { deps } = env;
    const root = beneath(deps, p.rootDir);
    await root.rm(VRUNNING);
    // enter.sh makes a fresh fifo; whatever sits there now may be a planted link.
    await root.rm(START_FIFO);
    for (const d of p.checkDirs ?? []) await root.mountTarget(d, 'dir');
    for (const [name, text] of Object.entries(p.bootFiles)) await root.writeFile(`var/emulab/boot/${name}`, text, DATA_MODE);
    await root.mkdir('opt/tbvnode/bin');
    for (const [name, src] of Object.entries(p.programs)) await root.copyFile(src, `opt/tbvnode/${name}`, PROGRAM_MODE);
    for (const [name, text] of Object.entries(p.scripts)) await root.writeFile(`opt/tbvnode/bin/${name}`, text, PROGRAM_MODE);
    // The overlay's upper dir is the vnode's /etc: as untrusted as the root.
    // beneath-ok: the upper dir itself sits in the host-owned config dir.
    await deps.fs.mkdir(p.etcDir, { recursive: true, mode: 0o755 });
    const etc = beneath(deps, p.etcDir);
    for (const [rel, text] of Object.entries(p.etcFiles)) await etc.writeFile(rel, text, DATA_MODE);
    for (const t of p.mountTargets ?? []) await root.mountTarget(t.rel, await targetKind(deps, t.like));
    // The config dir is the host's own; the fstab names host paths, so only root reads it.
    if (p.fstab) await deps.fs.writeFile(p.fstab.file, p.fstab.text, { mode: 0o600 });
  },
  async revert(p, _r, env) {
    await removeMarker(env, p.rootDir, VRUNNING);
    await removeMarker(env, p.rootDir, START_FIFO);
    if (p.fstab) await env.deps.fs.rm(p.fstab.file, { force: true });
  },
};
