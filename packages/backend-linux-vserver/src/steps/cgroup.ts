// Runtime: the vnode's cgroup with the operator's limits (only when limits are
// set). Boot puts init into it while init waits at the start barrier, so every
// process of the vnode inherits it. Undo removes the dirs it made, deepest first.
import path from 'node:path';
import type { StepType } from '@tbvnode/core';
import { cgroupWrites, controllersFor, type CgroupVersion, type Limits } from '../cgroup/limits.js';
import { v1Dirs, v1File } from '../cgroup/v1.js';
import { missingControllers, subtreeControlDirs, subtreeControlLine, v2Dir } from '../cgroup/v2.js';

/** How long the undo waits for the vnode's last processes to leave its cgroup. */
const LEAF_BUSY_WAIT_MS = 3_000;

export interface CgroupParams {
  readonly version: CgroupVersion;
  readonly mountRoot: string;
  /** "tbvnode/pcvm1-3" */
  readonly group: string;
  readonly limits: Limits;
}

export interface CgroupResult {
  /** Every dir this step created, parents first. */
  readonly created: readonly string[];
  /** Where to write init's pid (cgroup.procs of each hierarchy). */
  readonly procsFiles: readonly string[];
}

export const cgroupStep: StepType<CgroupParams, CgroupResult> = {
  name: 'linux.cgroup',
  describe: (p) => `cgroup v${p.version} ${p.group}`,
  async apply(p, env) {
    const { fs } = env.deps;
    const controllers = controllersFor(p.limits);
    const leafs = p.version === 1 ? v1Dirs(p.mountRoot, p.group, controllers) : [v2Dir(p.mountRoot, p.group)];
    const created: string[] = [];
    for (const leaf of leafs) {
      const parts = p.group.split('/');
      let dir = leaf.slice(0, leaf.length - p.group.length - 1);
      for (const part of parts) {
        dir = path.join(dir, part);
        // Shared parents (tbvnode/) may exist already: only what we make is ours to remove.
        try {
          await fs.mkdir(dir);
          created.push(dir);
          await env.record({ created: [...created], procsFiles: [] });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
      }
    }
    // v2: enable what the leaf needs from the mount root down, only where missing
    // (never disabled again: other groups may rely on it).
    for (const dir of p.version === 2 && controllers.length > 0 ? subtreeControlDirs(p.mountRoot, p.group) : []) {
      const file = path.join(dir, 'cgroup.subtree_control');
      const missing = missingControllers(String(await fs.readFile(file, 'utf8')), controllers);
      if (missing.length > 0) await fs.writeFile(file, subtreeControlLine(missing));
    }
    for (const w of cgroupWrites(p.version, p.limits)) {
      const file = p.version === 1 ? v1File(p.mountRoot, p.group, w.controller, w.file) : path.join(v2Dir(p.mountRoot, p.group), w.file);
      await fs.writeFile(file, w.value);
    }
    return { created, procsFiles: leafs.map((l) => path.join(l, 'cgroup.procs')) };
  },
  async revert(p, result, env) {
    const { fs } = env.deps;
    const leafs = (result?.procsFiles.length ? result.procsFiles.map((f) => path.dirname(f)) : undefined) ??
      (p.version === 1 ? v1Dirs(p.mountRoot, p.group, controllersFor(p.limits)) : [v2Dir(p.mountRoot, p.group)]);
    for (const leaf of leafs) {
      // The leaf must go: EBUSY means a process of the vnode is still in it. Right
      // after the vnode-process undo killed the vnode, the pid namespace's last
      // members may still be on their way out (pdeathsig), so give them a moment.
      const until = env.deps.clock.now() + LEAF_BUSY_WAIT_MS;
      for (;;) {
        const busy = await fs.rmdir(leaf).then(() => false, (e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return false;
          if (e.code !== 'EBUSY' || env.deps.clock.now() >= until) throw e;
          return true;
        });
        if (!busy) break;
        await env.deps.clock.sleep(20);
      }
      // Shared parents go when the last vnode leaves them, whoever made them.
      let dir = path.dirname(leaf);
      for (let depth = p.group.split('/').length - 1; depth > 0; depth--, dir = path.dirname(dir)) {
        await fs.rmdir(dir).catch((e: NodeJS.ErrnoException) => {
          if (!['ENOENT', 'EBUSY', 'ENOTEMPTY'].includes(e.code ?? '')) throw e;
        });
      }
    }
  },
};
