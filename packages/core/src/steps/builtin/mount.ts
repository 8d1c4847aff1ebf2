// Mounts through the runner (`mount`, `umount`). Undo asks the kernel's mount
// table whether the target is mounted — never the journal's belief — so it is
// right after a crash between mount and "done", and after a host reboot.
import path from 'node:path';
import type { CoreDeps } from '../../deps.js';
import { TbvnodeError } from '../../errors/tbvnode-error.js';
import type { StepEnv, StepType } from '../types.js';
import { ifExists } from '../../toolkit/if-exists.js';

export interface MountParams {
  readonly source: string;
  readonly target: string;
  readonly fstype?: string;
  readonly options?: readonly string[];
}

export interface BindMountParams {
  readonly source: string;
  readonly target: string;
  /** Linux: remount read-only (a plain --bind ignores ro). */
  readonly readOnly?: boolean;
  /** Extra remount flags, e.g. ['nosuid', 'nodev']. */
  readonly flags?: readonly string[];
}

export class UnmountError extends TbvnodeError {
  declare readonly code: 'UNMOUNT_FAILED';
  readonly target: string;
  constructor(target: string, cause: unknown) {
    super('UNMOUNT_FAILED', `cannot unmount ${target} (busy?); teardown stops here`, { cause });
    this.target = target;
  }
}

async function canonical(deps: Pick<CoreDeps, 'fs'>, p: string): Promise<string> {
  return ifExists(deps.fs.realpath(p), path.resolve(p));
}

export async function isMountPoint(deps: Pick<CoreDeps, 'fs' | 'mounts'>, target: string): Promise<boolean> {
  const real = await canonical(deps, target);
  return (await deps.mounts.read()).some((m) => m.target === real || m.target === target);
}

/** Unmount target if (and as long as) the mount table shows it; throws UnmountError if it stays. */
export async function unmountIfMounted(env: Pick<StepEnv, 'deps'>, target: string): Promise<void> {
  // A target may carry stacked mounts (bind + remount is one; a crash can leave two): a few rounds.
  for (let round = 0; round < 4 && (await isMountPoint(env.deps, target)); round += 1) {
    try {
      await env.deps.runner.run(['umount', target]);
    } catch (err) {
      throw new UnmountError(target, err);
    }
  }
  if (await isMountPoint(env.deps, target)) throw new UnmountError(target, null);
}

export const mountStep: StepType<MountParams, void> = {
  name: 'core.mount',
  describe: (p) => `mount ${p.fstype ? `-t ${p.fstype} ` : ''}${p.source} ${p.target}`,
  async apply(p, env) {
    const argv: [string, ...string[]] = ['mount'];
    if (p.fstype) argv.push('-t', p.fstype);
    if (p.options && p.options.length > 0) argv.push('-o', p.options.join(','));
    argv.push(p.source, p.target);
    await env.deps.runner.run(argv);
  },
  revert: (p, _r, env) => unmountIfMounted(env, p.target),
};

export const bindMountStep: StepType<BindMountParams, void> = {
  name: 'core.bindMount',
  describe: (p) => `bind ${p.source} ${p.target}${p.readOnly ? ' (ro)' : ''}`,
  async apply(p, env) {
    await env.deps.runner.run(['mount', '--bind', p.source, p.target]);
    const flags = [...(p.readOnly ? ['ro'] : []), ...(p.flags ?? [])];
    if (flags.length > 0) {
      await env.deps.runner.run(['mount', '-o', ['remount', 'bind', ...flags].join(','), p.target]);
    }
  },
  revert: (p, _r, env) => unmountIfMounted(env, p.target),
};
