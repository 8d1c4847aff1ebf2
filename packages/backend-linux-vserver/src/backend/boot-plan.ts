// What create, configureNetwork and boot of one boot share, each part worked
// out once, by the first phase that needs it: the id range and the root plan
// (create), the vnode's number and network plan (configureNetwork), the
// kernel's /proc and /sys views (boot). The two numbers are persistent
// allocations, journaled by the phase that first needs them, as they always
// were (test/backend/journal-compat.test.ts holds the journal to that).
import path from 'node:path';
import { allocateStep, type StepRunner, type VnodeContext } from '@tbvnode/core';
import { emulabNumber } from '../net/names.js';
import { planRoot, type RootPlan } from '../rootfs/layout.js';
import { idRangeOf, type IdRange } from '../userns/id-range.js';
import { hasLocalEtc, hostEntries, kernelViewsPresent } from './isolation.js';
import type { LinuxOptions } from './options.js';
import { hostLayout, vnodeAllocations, vnodeLayout, type VnodeLayout } from './vnode-layout.js';
import { planVnode, type VnodePlan } from './vnode-plan.js';

export interface BootPlan {
  readonly layout: VnodeLayout;
  /** The vnode's user-namespace ids (root inside = base outside). */
  ids(): Promise<IdRange>;
  root(): Promise<RootPlan>;
  /** Interface names from the vnode's number, addresses, boot files. */
  net(): Promise<VnodePlan>;
  /** The masked and read-only /proc, /sys entries this kernel has. */
  kernelViews(): Promise<string[]>;
}

const persistent = { phase: 'persistent' } as const;

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

export function planBoot(vnode: VnodeContext, steps: StepRunner, o: LinuxOptions): BootPlan {
  const layout = vnodeLayout(vnode, o);
  const slots = vnodeAllocations(vnode.id, vnode.host.paths);
  const host = hostLayout(vnode.host.paths);
  const { fs } = vnode.deps;
  const ids = once(async () => idRangeOf((await steps.run(allocateStep, slots.idSlot, persistent)).n));
  // Emulab's `name-N`, else one from core's allocator: a persistent step, so every
  // life sees the same N through the journal's reuse, and kill releases it.
  const n = once(async () => emulabNumber(vnode.id) ?? (await steps.run(allocateStep, slots.ifNumber, persistent)).n);
  const withTmcc = Boolean(o.tmccBundle && o.nodePath);
  return {
    layout,
    ids,
    root: once(async () => planRoot({
      hostEntries: await hostEntries(fs),
      mode: o.privateDirs,
      overlays: layout.overlays,
      etcTemplate: host.etcTemplate,
      localEtc: layout.localEtc,
      hostLocalEtc: await hasLocalEtc(fs),
      rootId: (await ids()).base,
      ...(o.privateDirs === 'overlay' ? { varTemplate: host.varTemplate } : {}),
      ...(withTmcc ? { nodeDir: path.dirname(o.nodePath as string), tmccBundle: o.tmccBundle as string } : {}),
    })),
    net: once(async () => planVnode(vnode, o, await n())),
    kernelViews: once(() => kernelViewsPresent(fs)),
  };
}
