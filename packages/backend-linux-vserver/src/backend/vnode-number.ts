// The vnode's number N (pnetN/cnetN): Emulab's `name-N`, else one from core's
// allocator as a persistent step, so every phase (and a reboot) sees the same N
// through the journal's reuse, and kill releases it.
import { allocateStep, type StepRunner, type VnodeContext } from '@tbvnode/core';
import { ALLOCATED_MAX, ALLOCATED_MIN, emulabNumber } from '../net/names.js';

export async function vnodeNumberFor(vnode: VnodeContext, steps: StepRunner): Promise<number> {
  const n = emulabNumber(vnode.id);
  if (n !== null) return n;
  const r = await steps.run(
    allocateStep,
    { dir: vnode.host.paths.allocDir, spec: { name: 'linux-ifnum', min: ALLOCATED_MIN, max: ALLOCATED_MAX }, owner: vnode.id, key: 'cnet' },
    { phase: 'persistent' },
  );
  return r.n;
}
