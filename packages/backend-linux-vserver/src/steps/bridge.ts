// The control-net bridge cbr0 (host scope, made by prepareHost). Undo never pulls
// it from under a vnode: it refuses while cbr0 has members other than the host's
// own control interface. (LAN bridges are lan-port.ts's, under a lock.)
import type { StepType } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { ALREADY_THERE, IP_TIMEOUT_MS, bridgeMembers, linkExists, runUndo } from '../net/ip.js';

export interface BridgeParams {
  readonly name: string;
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
    // "File exists": made by someone else since we looked; then it is not ours.
    const r = await runner.run(['ip', 'link', 'add', p.name, 'up', 'type', 'bridge'], { timeoutMs: IP_TIMEOUT_MS, tolerate: ALREADY_THERE });
    return { created: r.exitCode === 0 };
  },
  async revert(p, result, env) {
    const { runner } = env.deps;
    if (result?.created !== true) return;
    const ignore = new Set(p.ignoreMembers ?? []);
    const users = (await bridgeMembers(runner, p.name)).filter((m) => !ignore.has(m));
    if (users.length > 0) {
      throw new LinuxBackendError('LINUX_BRIDGE_IN_USE', `${p.name} still has members (${users.join(', ')}); not deleting it`);
    }
    await runUndo(runner, ['ip', 'link', 'del', p.name]);
  },
};
