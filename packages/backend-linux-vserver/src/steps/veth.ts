// A veth pair: the host end (optionally in a bridge, up), the vnode end left for
// boot to move into the vnode. Deleting either end deletes both, wherever the
// other end lives; when the vnode's namespace is gone, so is the pair.
import type { StepType } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { ALREADY_THERE, IP_TIMEOUT_MS, runUndo } from '../net/ip.js';

export interface VethParams {
  readonly host: string;
  readonly peer: string;
  readonly master?: string;
  readonly peerMac?: string;
}

export const vethStep: StepType<VethParams, { readonly created: boolean }> = {
  name: 'linux.veth',
  describe: (p) => `veth ${p.host}/${p.peer}${p.master ? ` in ${p.master}` : ''}`,
  async apply(p, env) {
    const { runner } = env.deps;
    await env.record({ created: true });
    const argv = [
      'ip', 'link', 'add', p.host, ...(p.master ? ['master', p.master] : []), 'up',
      'type', 'veth', 'peer', 'name', p.peer, ...(p.peerMac ? ['address', p.peerMac] : []),
    ] as const;
    if ((await runner.run(argv, { timeoutMs: IP_TIMEOUT_MS, tolerate: ALREADY_THERE })).exitCode === 0) return { created: true };
    // Someone else's device (two vnodes with the same number?): never ours to delete.
    await env.record({ created: false });
    throw new LinuxBackendError('LINUX_BAD_CONFIG', `${p.host} or ${p.peer} already exists on this host`);
  },
  async revert(p, result, env) {
    if (result?.created === false) return;
    await runUndo(env.deps.runner, ['ip', 'link', 'del', p.host]);
  },
};
