// nullfs, procfs and devfs mounts inside the jail root. Each mount point is made
// (inside the mounted image, so it needs no undo of its own) and checked through
// beneath() right before the mount command, as jail(8)'s check_path does
// (./in-root.ts): the kernel follows a link in the target. Undo unmounts while
// the mount table shows the target, through core.
import { unmountIfMounted, type StepType } from '@tbvnode/core';
import { run } from './commands.js';
import { checkMountTarget } from './in-root.js';

export interface BelowRoot {
  /** The jail's root: the target must be below it, with no link on the way. */
  readonly rootDir: string;
  readonly target: string;
}

export interface NullfsParams extends BelowRoot {
  readonly source: string;
  readonly readOnly: boolean;
}

export const nullfsStep: StepType<NullfsParams, void> = {
  name: 'fbsd.nullfs',
  describe: (p) => `mount_nullfs${p.readOnly ? ' -o ro' : ''} ${p.source} ${p.target}`,
  async apply(p, env) {
    await checkMountTarget(env.deps, p.rootDir, p.target);
    await run(env.deps.runner, ['mount_nullfs', ...(p.readOnly ? ['-o', 'ro'] : []), p.source, p.target]);
  },
  revert: (p, _r, env) => unmountIfMounted(env, p.target),
};

export interface DevfsMountParams extends BelowRoot {
  readonly ruleset: number;
}

export const devfsMountStep: StepType<DevfsMountParams, void> = {
  name: 'fbsd.devfs',
  describe: (p) => `devfs on ${p.target} with ruleset ${p.ruleset}`,
  async apply(p, env) {
    await checkMountTarget(env.deps, p.rootDir, p.target);
    await run(env.deps.runner, ['mount', '-t', 'devfs', 'devfs', p.target]);
    // As rc.subr's devfs_domount: the mount's current ruleset governs devices created later (another
    // jail's /dev/mdN), applyset only the ones that exist now (devfs(8)). The jail starts after both.
    await run(env.deps.runner, ['devfs', '-m', p.target, 'ruleset', String(p.ruleset)]);
    await run(env.deps.runner, ['devfs', '-m', p.target, 'rule', 'applyset']);
  },
  revert: (p, _r, env) => unmountIfMounted(env, p.target),
};

export const procfsStep: StepType<BelowRoot, void> = {
  name: 'fbsd.procfs',
  describe: (p) => `procfs on ${p.target}`,
  async apply(p, env) {
    await checkMountTarget(env.deps, p.rootDir, p.target);
    await run(env.deps.runner, ['mount', '-t', 'procfs', 'proc', p.target]);
  },
  revert: (p, _r, env) => unmountIfMounted(env, p.target),
};
