// Runtime: the files a vnode's rc reads at each boot (mkvserver's
// /var/emulab/boot/{controlif,myip,mynetmask,routerip,realname} plus proxypath,
// our experiment interface list, init/rc/tmcc wrapper), the vnode's fstab in its
// config dir, and every mount target the fstab needs. The files live inside the
// vnode's root; undo removes the per-boot markers and the fstab.
import path from 'node:path';
import type { CoreFs, StepType } from '@tbvnode/core';

export const START_FIFO = 'var/emulab/boot/tbvnode-start';
export const VRUNNING = 'var/emulab/boot/vrunning';

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
  /** Mount targets to make when missing (layout.ts mountTargetsFor). */
  readonly mountTargets?: ReadonlyArray<{ readonly target: string; readonly like?: string }>;
}

// A bind target must be the same kind as its source: a file for a file, else a dir.
async function ensureTarget(fs: CoreFs, target: string, like: string | undefined): Promise<void> {
  try {
    await fs.lstat(target);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const file = like !== undefined && !(await fs.stat(like)).isDirectory();
  if (!file) {
    await fs.mkdir(target, { recursive: true, mode: 0o755 });
    return;
  }
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  await fs.writeFile(target, '', { flag: 'a', mode: 0o644 });
}

export const bootFilesStep: StepType<BootFilesParams, void> = {
  name: 'linux.boot-files',
  describe: (p) => `boot files in ${p.rootDir}`,
  async apply(p, env) {
    const { fs } = env.deps;
    const boot = path.join(p.rootDir, 'var/emulab/boot');
    await fs.rm(path.join(p.rootDir, VRUNNING), { force: true });
    for (const [name, text] of Object.entries(p.bootFiles)) await fs.writeFile(path.join(boot, name), text);
    const opt = path.join(p.rootDir, 'opt/tbvnode');
    await fs.mkdir(path.join(opt, 'bin'), { recursive: true });
    for (const [name, src] of Object.entries(p.programs)) {
      await fs.copyFile(src, path.join(opt, name));
      await fs.chmod(path.join(opt, name), 0o755);
    }
    for (const [name, text] of Object.entries(p.scripts)) await fs.writeFile(path.join(opt, 'bin', name), text, { mode: 0o755 });
    for (const [rel, text] of Object.entries(p.etcFiles)) {
      await fs.mkdir(path.dirname(path.join(p.etcDir, rel)), { recursive: true });
      await fs.writeFile(path.join(p.etcDir, rel), text);
    }
    for (const t of p.mountTargets ?? []) await ensureTarget(fs, t.target, t.like);
    if (p.fstab) await fs.writeFile(p.fstab.file, p.fstab.text, { mode: 0o600 });
  },
  async revert(p, _r, env) {
    await env.deps.fs.rm(path.join(p.rootDir, VRUNNING), { force: true });
    await env.deps.fs.rm(path.join(p.rootDir, START_FIFO), { force: true });
    if (p.fstab) await env.deps.fs.rm(p.fstab.file, { force: true });
  },
};
