// Resource limits for one jail, as rctl(8) rules on its name (usr.bin/rctl/rctl.c).
// Added before `jail -c`: rules on a jail subject name apply when a jail of that
// name appears (sys/kern/kern_rctl.c keeps a per-name container), so the jail
// never runs unlimited. Undo removes exactly the rules we added.
import type { StepType } from '@tbvnode/core';
import { run } from './commands.js';

export interface RctlParams {
  readonly jailName: string;
  /** After `jail:<name>:`, e.g. 'memoryuse:deny=512m'. */
  readonly rules: readonly string[];
}

export const rctlStep: StepType<RctlParams, { readonly added: boolean }> = {
  name: 'fbsd.rctl',
  describe: (p) => `rctl limits for jail ${p.jailName}: ${p.rules.join(' ')}`,
  async apply(p, env) {
    await env.record({ added: true });
    for (const r of p.rules) await run(env.deps.runner, ['rctl', '-a', `jail:${p.jailName}:${r}`]);
    return { added: true };
  },
  async revert(p, result, env) {
    if (result?.added !== true) return;
    // The filter without the amount: resource and action identify our rule.
    for (const r of p.rules) await run(env.deps.runner, ['rctl', '-r', `jail:${p.jailName}:${r.split('=')[0]}`], { output: /No such process/ });
  },
};
