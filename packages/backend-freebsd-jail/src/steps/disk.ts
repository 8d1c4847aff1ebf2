// The jail's disk: a sparse image formatted once (persistent), attached and
// mounted at every boot (runtime). Formatting attaches its own md unit and
// detaches it again, so the persistent step leaves no runtime state behind and
// a reboot reuses it without ever formatting twice.
import path from 'node:path';
import { pathExists, unmountIfMounted, type StepEnv, type StepType } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { parseMdName } from '../parse/freebsd-output.js';
import { detachImage, run } from './commands.js';
import { jailRoot } from './in-root.js';


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
    await detachImage(env.deps, p.image);
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
    await detachImage(env.deps, p.image);
  },
};

export interface MountRootParams {
  readonly device: string;
  readonly target: string;
  /** Restoring an existing image: check it first (it may not have been unmounted cleanly). */
  readonly fsck: boolean;
  /** How long undo waits out EBUSY (a dying jail holding its root). Absent in old journals: 0. */
  readonly busyWaitMs?: number;
}

export const mountRootStep: StepType<MountRootParams, void> = {
  name: 'fbsd.mountRoot',
  describe: (p) => `mount ${p.device} on ${p.target}`,
  async apply(p, env) {
    if (p.fsck) await checkFs(env, p.device);
    // The root itself sits in the host-owned config dir: checked as a mount point (no link at it) right
    // before the mount, as jail(8)'s check_path does for every target (see ./in-root.ts).
    await jailRoot(env.deps, path.dirname(p.target)).mountTarget(path.basename(p.target), 'dir');
    await run(env.deps.runner, ['mount', '-t', 'ufs', p.device, p.target]);
  },
  async revert(p, _r, env) {
    // A jail that had TCP connections stays "dying" for a while after its last process, and holds
    // its root until then (kern_jail.c): EBUSY is worth waiting out, within a deadline.
    const deadline = env.deps.clock.now() + (p.busyWaitMs ?? 0);
    for (;;) {
      try {
        await unmountIfMounted(env, p.target);
        return;
      } catch (err) {
        if (!/Device busy/.test(String((err as { cause?: { stderr?: unknown } }).cause?.stderr ?? '')) || env.deps.clock.now() >= deadline) throw err;
      }
      await env.deps.clock.sleep(BUSY_POLL_MS);
    }
  },
};

const BUSY_POLL_MS = 250;

/** fsck_ffs -p (preen) first; exit 8 means it wants a human: -y answers yes, as rc's fsck_y_enable would. */
async function checkFs(env: Pick<StepEnv, 'deps'>, device: string): Promise<void> {
  const r = await env.deps.runner.run(['fsck', '-t', 'ufs', '-p', device], { reject: false, timeoutMs: FSCK_TIMEOUT_MS });
  if (r.exitCode === 0) return;
  if (r.exitCode !== 8) throw new FreebsdJailError('FBSD_BAD_OUTPUT', `fsck -p ${device} failed (exit ${r.exitCode}): ${r.stderr.trim()}`);
  env.deps.log.warn({ device, stderr: r.stderr.trim() }, 'fsck -p gave up; running fsck -y');
  await env.deps.runner.run(['fsck', '-t', 'ufs', '-y', device], { timeoutMs: FSCK_TIMEOUT_MS });
}

const FSCK_TIMEOUT_MS = 600_000;
