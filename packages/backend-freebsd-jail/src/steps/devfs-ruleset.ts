// A devfs ruleset for jails, made once per host boot (rulesets live in the
// kernel). A ruleset number that already holds rules belongs to someone else.
import type { StepType } from '@tbvnode/core';
import { FreebsdJailError } from '../errors.js';
import { run } from './commands.js';

export interface DevfsRulesetParams {
  readonly ruleset: number;
  /** Arguments after `devfs rule -s N`, one rule each. */
  readonly rules: readonly (readonly string[])[];
}

export const devfsRulesetStep: StepType<DevfsRulesetParams, { readonly created: boolean }> = {
  name: 'fbsd.devfsRuleset',
  describe: (p) => `devfs ruleset ${p.ruleset}`,
  async apply(p, env) {
    const n = String(p.ruleset);
    const shown = (await run(env.deps.runner, ['devfs', 'rule', '-s', n, 'show'])).stdout.trim();
    if (shown !== '') {
      throw new FreebsdJailError('FBSD_NOT_OURS', `devfs ruleset ${n} already has rules (set devfsRuleset to a free range): ${shown.split('\n')[0] ?? ''}`);
    }
    await env.record({ created: true });
    for (const rule of p.rules) await run(env.deps.runner, ['devfs', 'rule', '-s', n, ...rule]);
    return { created: true };
  },
  async revert(p, result, env) {
    // No record: we stopped at the check and added nothing.
    if (!result?.created) return;
    await run(env.deps.runner, ['devfs', 'rule', '-s', String(p.ruleset), 'delset']);
  },
};
