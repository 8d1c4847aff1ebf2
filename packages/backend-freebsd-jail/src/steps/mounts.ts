// nullfs, procfs and devfs mounts inside the jail root. Each mount point is made
// (inside the mounted image, so it needs no undo of its own) and checked through
// beneath() right before the mount command, as jail(8)'s check_path does
// (./in-root.ts): the kernel follows a link in the target. Undo unmounts while
// the mount table shows exactly the target (below).
import path from 'node:path';
import { ifExists, UnmountError, type StepEnv, type StepType } from '@tbvnode/core';
import { run } from './commands.js';
import { checkMountTarget, relBelow } from './in-root.js';

export interface BelowRoot {
  /** The jail's root: the target must be below it, with no link on the way. */
  readonly rootDir: string;
  readonly target: string;
}

/**
 * Undo: unmount only while the mount table shows exactly this target, named by
 * the root's realpath (the kernel records the global path: vfs_mount.c) and never
 * through a link below the root. umount(8) finds a name in the mount list first
 * and unmounts by fsid; only a name not in the list goes to statfs(2), which
 * follows links (sbin/umount/umount.c checkname): a link planted where our mount
 * never happened would otherwise unmount the host file system it points at.
 */
async function unmountBelowRoot(p: BelowRoot, env: Pick<StepEnv, 'deps'>): Promise<void> {
  const { deps } = env;
  const realRoot = await ifExists(deps.fs.realpath(p.rootDir));
  // No root, nothing mounted below it.
  if (realRoot === undefined) return;
  const name = path.join(realRoot, relBelow(p.rootDir, p.target));
  const shown = async (): Promise<boolean> => (await deps.mounts.read()).some((m) => m.target === name);
  // Stacked mounts (a crash between two applies) take a few rounds.
  for (let round = 0; round < 4 && (await shown()); round += 1) {
    try {
      await deps.runner.run(['umount', name]);
    } catch (err) {
      throw new UnmountError(name, err);
    }
  }
  if (await shown()) throw new UnmountError(name, null);
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
  revert: (p, _r, env) => unmountBelowRoot(p, env),
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
  revert: (p, _r, env) => unmountBelowRoot(p, env),
};

export const procfsStep: StepType<BelowRoot, void> = {
  name: 'fbsd.procfs',
  describe: (p) => `procfs on ${p.target}`,
  async apply(p, env) {
    await checkMountTarget(env.deps, p.rootDir, p.target);
    await run(env.deps.runner, ['mount', '-t', 'procfs', 'proc', p.target]);
  },
  revert: (p, _r, env) => unmountBelowRoot(p, env),
};
