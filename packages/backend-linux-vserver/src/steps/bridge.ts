// A bridge: cbr0 (host scope, made by prepareHost) or a per-LAN experiment bridge
// (shared by every vnode on that LAN). Undo never pulls a bridge from under a
// user: cbr0 refuses while it has members other than the host's own control
// interface; a LAN bridge goes only when its last member has gone.
import type { StepType } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { bridgeMembers, linkExists, runTolerating, runUndo } from '../net/ip.js';

export interface BridgeParams {
  readonly name: string;
  /** LAN bridge: deleted by whichever vnode leaves it empty, whoever created it. */
  readonly shared: boolean;
  /** Members that do not count as users (the enslaved host control interface). */
  readonly ignoreMembers?: readonly string[];
}

export interface BridgeResult {
  readonly created: boolean;
}

export const bridgeStep: StepType<BridgeParams, BridgeResult> = {
  name: 'linux.bridge',
  describe: (p) => `bridge ${p.name}`,
  async apply(p, env) {
    const { runner } = env.deps;
    if (await linkExists(runner, p.name)) return { created: false };
    await env.record({ created: true });
    // "File exists": another vnode on the same LAN won the race; theirs as much as ours.
    const r = await runTolerating(runner, ['ip', 'link', 'add', p.name, 'up', 'type', 'bridge'], /File exists/);
    return { created: r === 'ok' };
  },
  async revert(p, result, env) {
    const { runner } = env.deps;
    if (!p.shared && result?.created !== true) return;
    const ignore = new Set(p.ignoreMembers ?? []);
    const users = (await bridgeMembers(runner, p.name)).filter((m) => !ignore.has(m));
    if (users.length > 0) {
      if (p.shared) return;
      throw new LinuxBackendError('LINUX_BRIDGE_IN_USE', `${p.name} still has members (${users.join(', ')}); not deleting it`);
    }
    await runUndo(runner, ['ip', 'link', 'del', p.name]);
  },
};
