// The jail's disk: a sparse image formatted once (persistent), attached and
// mounted at every boot (runtime). Formatting attaches its own md unit and
// detaches it again, so the persistent step leaves no runtime state behind and
// a reboot reuses it without ever formatting twice.
import { pathExists, unmountIfMounted, type StepEnv, type StepType } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { parseMdName } from '../parse/freebsd-output.js';
import { detachImage, run } from './commands.js';


async function attach(env: Pick<StepEnv, 'deps'>, image: string, record: (unit: number) => Promise<void>): Promise<number> {
  const out = (await run(env.deps.runner, ['mdconfig', '-a', '-t', 'vnode', '-f', image])).stdout;
  const unit = parseMdName(out);
  // Attached but unparsable: the revert still finds the unit by its backing file.
  if (unit === null) throw new FreebsdJailError('FBSD_BAD_OUTPUT', `mdconfig printed ${JSON.stringify(out.trim())}, not mdN`);
  await record(unit);
  return unit;
}

export interface DiskImageParams {
  readonly image: string;
  readonly sizeMb: number;
}

export const diskImageStep: StepType<DiskImageParams, { unit: number | null }> = {
  name: 'fbsd.diskImage',
  describe: (p) => `create and format ${p.image} (${p.sizeMb} MB)`,
  async apply(p, env) {
    // Only a journal entry makes an image ours; never format over one we did not make.
    if (await pathExists(env.deps, p.image)) {
      throw new FreebsdJailError('FBSD_NOT_OURS', `${p.image} exists but the journal did not create it (or VDSIZE changed); refusing to format over it`);
    }
    const { runner } = env.deps;
    // Intent, journaled before the file exists: only now may revert remove it.
    await env.record({ unit: null });
    await run(runner, ['truncate', '-s', `${p.sizeMb}m`, p.image]);
    const unit = await attach(env, p.image, (u) => env.record({ unit: u }));
    await run(runner, ['newfs', '-U', `/dev/md${unit}`]);
    await run(runner, ['tunefs', '-m', '5', '-o', 'time', `/dev/md${unit}`]);
    await run(runner, ['mdconfig', '-d', '-u', String(unit)]);
    return { unit: null };
  },
  async revert(p, result, env) {
    // No record: apply stopped at the check (someone else's image) or never began.
    if (result === undefined) return;
    await detachImage(env.deps.runner, p.image);
    await env.deps.fs.rm(p.image, { force: true });
  },
};

export const mdAttachStep: StepType<{ readonly image: string }, { unit: number }> = {
  name: 'fbsd.mdAttach',
  describe: (p) => `mdconfig -a ${p.image}`,
  async apply(p, env) {
    return { unit: await attach(env, p.image, (u) => env.record({ unit: u })) };
  },
  async revert(p, _r, env) {
    await detachImage(env.deps.runner, p.image);
  },
};

export interface MountRootParams {
  readonly device: string;
  readonly target: string;
  /** Restoring an existing image: check it first (it may not have been unmounted cleanly). */
  readonly fsck: boolean;
}

export const mountRootStep: StepType<MountRootParams, void> = {
  name: 'fbsd.mountRoot',
  describe: (p) => `mount ${p.device} on ${p.target}`,
  async apply(p, env) {
    if (p.fsck) await run(env.deps.runner, ['fsck', '-t', 'ufs', '-p', p.device]);
    await run(env.deps.runner, ['mount', '-t', 'ufs', p.device, p.target]);
  },
  revert: (p, _r, env) => unmountIfMounted(env, p.target),
};
