// Host scope (prepareHost, overlay mode): the skeleton of the host's /var that
// mkvserver gave every vnode, made once per host boot instead of once per vnode.
// Each vnode mounts it as the read-only lower layer of its /var, so a boot
// creates two directories where it used to create a few hundred inodes.
import path from 'node:path';
import { beneath, type StepType } from '@tbvnode/core';
import { EMULAB_VAR_DIRS } from '../rootfs/build.js';
import { replayVar, scanVar } from '../rootfs/var-skeleton.js';

export interface VarTemplateParams {
  readonly dir: string;
  /** The /var to copy the skeleton of (tests point it elsewhere). */
  readonly hostVar?: string;
}

export const varTemplateStep: StepType<VarTemplateParams, { readonly built: true }> = {
  name: 'linux.var-template',
  describe: (p) => `/var skeleton ${p.dir}`,
  async apply(p, env) {
    const { fs } = env.deps;
    // Rebuilt from scratch: a template left by a crash may be half made.
    await fs.rm(p.dir, { recursive: true, force: true });
    await env.record({ built: true });
    await fs.mkdir(p.dir, { recursive: true, mode: 0o755 });
    await replayVar(beneath(env.deps, p.dir), await scanVar(fs, p.hostVar), '.');
    // The vnode's real /var/emulab is moved over this one at boot (enter.sh ovkeep).
    for (const d of EMULAB_VAR_DIRS) await fs.mkdir(path.join(p.dir, d), { recursive: true, mode: 0o755 });
    return { built: true };
  },
  async revert(p, _result, env) {
    await env.deps.fs.rm(p.dir, { recursive: true, force: true });
  },
};
