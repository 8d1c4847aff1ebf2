// The vnode's tmcc cache (var/emulab/boot/tmcc.<id>) lives outside the config
// dir, so filling it is a journaled step: a kill — or recovery after a crash —
// removes it like anything else the manager put on the host.
import type { StepType } from '../steps/types.js';

const TMCC_CACHE_STEP = 'manager.tmcc-cache';

export interface TmccCacheParams {
  readonly dir: string;
}

// `fill` is the live tmcc call; the crash-recovery registry passes none, since
// it only ever reverts.
export function tmccCacheStep(fill?: () => Promise<string>): StepType<TmccCacheParams, void> {
  return {
    name: TMCC_CACHE_STEP,
    describe: (p) => `tmcc config cache ${p.dir}`,
    async apply(p) {
      if (!fill) throw new Error(`${TMCC_CACHE_STEP} cannot be applied without a tmcc client`);
      const dir = await fill();
      if (dir !== p.dir) throw new Error(`tmcc filled ${dir}, expected ${p.dir}`);
    },
    async revert(p, _result, env) {
      await env.deps.fs.rm(p.dir, { recursive: true, force: true });
    },
  };
}
