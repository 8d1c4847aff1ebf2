// An address on an interface (the host's 172.16/12 alias on cbr0). An address
// that was already there is left alone on undo: it was not ours.
import type { StepType } from '@tbvnode/core';
import { ALREADY_THERE, IP_TIMEOUT_MS, runUndo } from '../net/ip.js';

export interface AddressParams {
  readonly dev: string;
  readonly cidr: string;
  readonly label?: string;
}

export const addressStep: StepType<AddressParams, { readonly added: boolean }> = {
  name: 'linux.address',
  describe: (p) => `address ${p.cidr} on ${p.dev}`,
  async apply(p, env) {
    await env.record({ added: true });
    const argv = ['ip', 'addr', 'add', p.cidr, 'dev', p.dev, ...(p.label ? ['label', p.label] : [])] as const;
    const r = await env.deps.runner.run(argv, { timeoutMs: IP_TIMEOUT_MS, tolerate: ALREADY_THERE });
    return { added: r.exitCode === 0 };
  },
  async revert(p, result, env) {
    if (result?.added === false) return;
    await runUndo(env.deps.runner, ['ip', 'addr', 'del', p.cidr, 'dev', p.dev]);
  },
};
