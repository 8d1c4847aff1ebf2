// bootvnodes' flags (Emulab's -d -f -k -h -r -b -c plus --concurrency and the
// shared ones) as one request.
import type { VnodeAction } from '@tbvnode/core';
import { parseSeconds, usage } from '../commands/common.js';

export interface BootvnodesFlags {
  d?: boolean; f?: boolean; k?: boolean; h?: boolean; r?: boolean; b?: boolean; c?: boolean;
  root?: string; backend?: string; concurrency?: string; wait?: string; stopWait?: string; logFile?: string; dryRun?: boolean;
  maxVnodes?: string;
}

export interface BootvnodesCliRequest {
  readonly action: VnodeAction | undefined;
  readonly reconfig: boolean;
  // Emulab backgrounds itself unless -f: a boot must not hang when boss is down.
  readonly foreground: boolean;
  readonly debug: boolean;
  readonly concurrency: number;
  // Vnodes this host runs at most (--max-vnodes, else TBVNODE_MAX_VNODES, else core's default).
  readonly maxVnodes: number | undefined;
  readonly bootWaitMs: number;
  readonly stopWaitMs: number;
  readonly root: string | undefined;
  readonly backend: string | undefined;
  // Where output goes instead of stdout/stderr (the background run).
  readonly logFile: string | undefined;
  // Print the plan (and ask boss for -c), change nothing; always in the foreground.
  readonly dryRun: boolean;
}

function maxVnodesFrom(flag: string | undefined, env: string | undefined): number | undefined {
  const name = flag !== undefined ? '--max-vnodes' : 'TBVNODE_MAX_VNODES';
  const raw = flag ?? env;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw usage(`${name} wants a whole number, got ${JSON.stringify(raw)}`);
  return n;
}

export function toBootvnodesRequest(
  flags: BootvnodesFlags,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): BootvnodesCliRequest {
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
    maxVnodes: maxVnodesFrom(flags.maxVnodes, env['TBVNODE_MAX_VNODES']),
    bootWaitMs: parseSeconds('--wait', flags.wait, 60),
    stopWaitMs: parseSeconds('--stop-wait', flags.stopWait, 30),
    root: flags.root,
    backend: flags.backend,
    logFile: flags.logFile,
    dryRun: flags.dryRun === true,
  };
}
