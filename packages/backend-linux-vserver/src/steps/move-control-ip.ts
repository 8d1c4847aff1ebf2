// Emulab's SetupCnetBridge: move the host's control address from its physical
// interface onto cbr0 and enslave the interface, keeping the default route. One
// step with recorded progress, because the sub-actions only undo correctly in
// exactly reverse order (the route needs the address back on the interface first).
import type { StepType } from '@tbvnode/core';
import { ALREADY_THERE, IP_TIMEOUT_MS, runUndo } from '../net/ip.js';

export interface MoveControlIpParams {
  readonly iface: string;
  readonly bridge: string;
  /** "10.250.0.2/24" */
  readonly cidr: string;
  /** The default gateway before the move, if there was one. */
  readonly gateway?: string;
}

export interface MoveControlIpResult {
  /** How many of the four actions completed. */
  readonly done: number;
}

export const moveControlIpStep: StepType<MoveControlIpParams, MoveControlIpResult> = {
  name: 'linux.move-control-ip',
  describe: (p) => `move ${p.cidr} from ${p.iface} to ${p.bridge}`,
  async apply(p, env) {
    const { runner } = env.deps;
    const actions: Array<readonly [string, ...string[]]> = [
      ['ip', 'addr', 'add', p.cidr, 'dev', p.bridge],
      ['ip', 'addr', 'del', p.cidr, 'dev', p.iface],
      ['ip', 'link', 'set', p.iface, 'master', p.bridge, 'up'],
    ];
    if (p.gateway) actions.push(['ip', 'route', 'replace', 'default', 'via', p.gateway, 'dev', p.bridge]);
    let done = 0;
    for (const argv of actions) {
      // Intent first: a crash mid-command must still undo this action.
      await env.record({ done: done + 1 });
      await runner.run(argv, { timeoutMs: 10_000 });
      done += 1;
    }
    return { done };
  },
  async revert(p, result, env) {
    const { runner } = env.deps;
    const done = result?.done ?? 4;
    if (done >= 3) await runUndo(runner, ['ip', 'link', 'set', p.iface, 'nomaster']);
    if (done >= 2) {
      await runner.run(['ip', 'addr', 'add', p.cidr, 'dev', p.iface], { timeoutMs: IP_TIMEOUT_MS, tolerate: ALREADY_THERE });
    }
    if (done >= 1) await runUndo(runner, ['ip', 'addr', 'del', p.cidr, 'dev', p.bridge]);
    if (p.gateway && done >= 2) await runner.run(['ip', 'route', 'replace', 'default', 'via', p.gateway, 'dev', p.iface], { timeoutMs: 10_000 });
  },
};
