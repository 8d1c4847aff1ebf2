// Host scope (prepareHost): the /etc template without the host's secrets
// (rootfs/etc-template.ts), made once per host boot. Every vnode's /etc is an
// overlay on it (or a copy of it): the host's /etc itself never reaches a vnode.
import type { StepType } from '@tbvnode/core';
import { buildEtcTemplate } from '../rootfs/etc-template.js';

export interface EtcTemplateParams {
  readonly dir: string;
  /** The /etc to make it from (tests: a private copy with planted secrets). */
  readonly hostEtc: string;
}

export const etcTemplateStep: StepType<EtcTemplateParams, { readonly leftOut: number }> = {
  name: 'linux.etc-template',
  describe: (p) => `/etc template ${p.dir} (from ${p.hostEtc}, without secrets)`,
  async apply(p, env) {
    const { fs } = env.deps;
    // Rebuilt from scratch: one left by a crash may be half made (or older rules).
    await fs.rm(p.dir, { recursive: true, force: true });
    await env.record({ leftOut: 0 });
    const left = await buildEtcTemplate(fs, p.hostEtc, p.dir);
    env.log.debug({ dir: p.dir, leftOut: left }, 'etc template without secrets');
    return { leftOut: left.length };
  },
  async revert(p, _result, env) {
    await env.deps.fs.rm(p.dir, { recursive: true, force: true });
  },
};
