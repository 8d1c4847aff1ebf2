// The jail's control address and its FIB. Each records its intent before the
// command, and undo tolerates "already gone" (a crash, or a host reboot).
import type { StepType } from '@tbvnode/core';
import { parseInetAddrs } from '../parse/freebsd-output.js';
import { run } from './commands.js';

export interface AliasParams {
  readonly iface: string;
  readonly ip: string;
}

export const aliasStep: StepType<AliasParams, { readonly added: boolean }> = {
  name: 'fbsd.alias',
  describe: (p) => `ifconfig ${p.iface} alias ${p.ip}/32`,
  async apply(p, env) {
    // sys/netinet/in.c re-adds an address that is already there without an error, so only a look
    // first tells whether it is ours: one already there is somebody else's, never removed by us.
    const listed = parseInetAddrs((await run(env.deps.runner, ['ifconfig', p.iface, 'inet'])).stdout);
    if (listed.includes(p.ip)) return { added: false };
    await env.record({ added: true });
    await run(env.deps.runner, ['ifconfig', p.iface, 'alias', p.ip, 'netmask', '255.255.255.255']);
    return { added: true };
  },
  async revert(p, result, env) {
    // No record: we never got as far as adding it.
    if (result?.added !== true) return;
    await run(env.deps.runner, ['ifconfig', p.iface, '-alias', p.ip], { output: /Can't assign requested address|does not exist/ });
  },
};

/** The FIB was allocated to this jail: it starts empty and is left empty. */
export const fibFlushStep: StepType<{ readonly fib: number }, void> = {
  name: 'fbsd.fibFlush',
  describe: (p) => `route -n flush -fib ${p.fib}`,
  async apply(p, env) {
    await run(env.deps.runner, ['route', '-n', 'flush', '-fib', String(p.fib)]);
  },
  async revert(p, _r, env) {
    await run(env.deps.runner, ['route', '-n', 'flush', '-fib', String(p.fib)]);
  },
};

export interface RouteParams {
  readonly fib: number;
  /** After `route -n add|delete -fib N`, e.g. ['default', '172.16.0.1']. */
  readonly args: readonly string[];
}

export const routeStep: StepType<RouteParams, { readonly added: boolean }> = {
  name: 'fbsd.route',
  describe: (p) => `route -n add -fib ${p.fib} ${p.args.join(' ')}`,
  async apply(p, env) {
    await env.record({ added: true });
    const r = await run(env.deps.runner, ['route', '-n', 'add', '-fib', String(p.fib), ...p.args], { output: /File exists|already in table/ });
    return { added: r.exitCode === 0 };
  },
  async revert(p, result, env) {
    if (result?.added === false) return;
    await run(env.deps.runner, ['route', '-n', 'delete', '-fib', String(p.fib), ...p.args], { output: /not in table|No such process/ });
  },
};
