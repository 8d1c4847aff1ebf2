// bootvnodes' flags (Emulab's -d -f -k -h -r -b -c plus --concurrency and the
// shared ones) as one request.
import type { VnodeAction } from '@tbvnode/core';
import { parseSeconds, usage } from '../commands/common.js';

export interface BootvnodesFlags {
  d?: boolean; f?: boolean; k?: boolean; h?: boolean; r?: boolean; b?: boolean; c?: boolean;
  root?: string; backend?: string; concurrency?: string; wait?: string; stopWait?: string; logFile?: string; dryRun?: boolean;
}

export interface BootvnodesCliRequest {
  readonly action: VnodeAction | undefined;
  readonly reconfig: boolean;
  // Emulab backgrounds itself unless -f: a boot must not hang when boss is down.
  readonly foreground: boolean;
  readonly debug: boolean;
  readonly concurrency: number;
  readonly bootWaitMs: number;
  readonly stopWaitMs: number;
  readonly root: string | undefined;
  readonly backend: string | undefined;
  // Where output goes instead of stdout/stderr (the background run).
  readonly logFile: string | undefined;
  // Print the plan (and ask boss for -c), change nothing; always in the foreground.
  readonly dryRun: boolean;
}

export function toBootvnodesRequest(flags: BootvnodesFlags, args: readonly string[]): BootvnodesCliRequest {
  if (args.length > 0) throw usage(`unexpected arguments: ${args.join(' ')}`);
  const actions = (['k', 'h', 'r', 'b'] as const).filter((f) => flags[f]);
  if (actions.length > 1) throw usage(`only one of -k, -h, -r, -b (got ${actions.map((a) => `-${a}`).join(' ')})`);
  const first = actions[0];
  const action: VnodeAction | undefined =
    first === undefined ? undefined : ({ k: 'kill', h: 'halt', r: 'reboot', b: 'boot' } as const)[first];
  const concurrency = flags.concurrency === undefined ? 1 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw usage(`--concurrency wants a positive integer, got ${JSON.stringify(flags.concurrency)}`);
  }
  return {
    action,
    reconfig: flags.c === true,
    foreground: flags.f === true || flags.dryRun === true,
    debug: flags.d === true,
    concurrency,
    bootWaitMs: parseSeconds('--wait', flags.wait, 60),
    stopWaitMs: parseSeconds('--stop-wait', flags.stopWait, 30),
    root: flags.root,
    backend: flags.backend,
    logFile: flags.logFile,
    dryRun: flags.dryRun === true,
  };
}
