// vnodesetup's flags (Emulab's, plus --root/--backend/--wait) turned into one
// request, as a pure function so the rules are table-tested.
import { validateVnodeId, type VnodeId } from '@tbvnode/core';
import { parseSeconds, usage } from '../commands/common.js';

export type VnodesetupAction = 'boot' | 'halt' | 'kill' | 'reboot';

export interface VnodesetupFlags {
  j?: boolean; i?: boolean; p?: boolean;
  b?: boolean; k?: boolean; r?: boolean; h?: boolean;
  d?: boolean; t?: boolean; s?: boolean; V?: boolean; e?: boolean;
  root?: string; backend?: string; wait?: string; stopWait?: string;
}

export interface VnodesetupRequest {
  readonly vnodeId: VnodeId;
  // -j: a real vnode on the configured backend; -i: Emulab's fake vnode (process backend).
  readonly kind: 'jail' | 'fake';
  readonly action: VnodesetupAction;
  readonly debug: boolean;
  readonly timestamps: boolean;
  readonly bootWaitMs: number;
  readonly stopWaitMs: number;
  readonly root: string | undefined;
  readonly backend: string | undefined;
}

export function toVnodesetupRequest(flags: VnodesetupFlags, args: readonly string[]): VnodesetupRequest {
  if (args.length !== 1) throw usage('exactly one <vnodeid> is required');
  // Validated before anything else can turn it into a path or a command.
  const vnodeId = validateVnodeId(args[0] as string);
  if (flags.p) throw usage('-p (PlanetLab vnodes) is not supported by tbvnode');
  if (flags.j && flags.i) throw usage('-j and -i exclude each other');
  if (!flags.j && !flags.i) throw usage('must specify one of -i, -j');
  const actions = (['b', 'k', 'r', 'h'] as const).filter((f) => flags[f]);
  if (actions.length > 1) throw usage(`only one of -b, -k, -r, -h (got ${actions.map((a) => `-${a}`).join(' ')})`);
  const action: VnodesetupAction = ({ b: 'boot', k: 'kill', r: 'reboot', h: 'halt' } as const)[actions[0] ?? 'b'];
  return {
    vnodeId,
    kind: flags.j ? 'jail' : 'fake',
    action,
    debug: flags.d === true,
    timestamps: flags.t === true,
    bootWaitMs: parseSeconds('--wait', flags.wait, 60),
    stopWaitMs: parseSeconds('--stop-wait', flags.stopWait, 30),
    root: flags.root,
    backend: flags.backend,
  };
}
