// Runtime: the files a vnode's rc reads at each boot (mkvserver's
// /var/emulab/boot/{controlif,myip,mynetmask,routerip,realname} plus proxypath,
// our experiment interface list, the tmcc cache, init/rc/tmcc wrapper). They live
// inside the vnode's root; undo removes only the per-boot markers.
import path from 'node:path';
import { cp } from 'node:fs/promises';
import type { StepType } from '@tbvnode/core';

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
  /** Host dir of the vnode's tmcc cache (var/emulab/boot/tmcc.<id>), copied in if present. */
  readonly tmccCacheDir?: string;
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
    if (p.tmccCacheDir) {
      try {
        await cp(p.tmccCacheDir, path.join(boot, 'tmcc'), { recursive: true, force: true });
      } catch (e) {
        // No cache for this vnode yet: tmcc inside asks boss through the proxy instead.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  },
  async revert(p, _r, env) {
    await env.deps.fs.rm(path.join(p.rootDir, VRUNNING), { force: true });
    await env.deps.fs.rm(path.join(p.rootDir, START_FIFO), { force: true });
  },
};
