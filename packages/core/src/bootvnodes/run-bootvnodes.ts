// bootvnodes as a library: decide the plan (pure), prepare the host once when
// anything boots, then act on each vnode — stops first, then boots — with a
// bounded concurrency. What "act" means (vnodesetup for the right backend) is
// supplied by the caller, so this file never spawns anything itself.
import type { Logger } from 'pino';
import { capVnodes, DEFAULT_MAX_VNODES } from './cap-vnodes.js';
import { mapLimit } from './map-limit.js';
import { needsVnodeList, planBootvnodes, type BootvnodesRequest, type PlannedAction, type VnodeEntry } from './plan.js';

export interface BootvnodesOptions extends BootvnodesRequest {
  // Vnodes booted at once; Emulab booted one at a time, each up before the next.
  readonly concurrency?: number;
  // Vnodes this host runs at most; boots past it are refused (default 64).
  readonly maxVnodes?: number;
}

export interface BootvnodesParts {
  readonly log: Logger;
  listPresent(): Promise<VnodeEntry[]>;
  // Asks boss (`vnodelist`); only called when the plan needs it.
  fetchWanted(): Promise<VnodeEntry[]>;
  // Idempotent, under the host lock; only called when something boots.
  prepareHost(entries: readonly VnodeEntry[]): Promise<void>;
  // Runs one vnode's action and returns its exit status (0 = fine).
  act(action: PlannedAction): Promise<number>;
}

export interface BootvnodesResult {
  readonly plan: readonly PlannedAction[];
  readonly statuses: readonly number[];
  // New vnodes not booted because the host is at maxVnodes.
  readonly refused: readonly VnodeEntry[];
  readonly maxVnodes: number;
  // 0 when every action succeeded and none was refused, else 1.
  readonly exitCode: number;
}

export async function runBootvnodes(o: BootvnodesOptions, parts: BootvnodesParts): Promise<BootvnodesResult> {
  const present = await parts.listPresent();
  const wanted = needsVnodeList(o) ? await parts.fetchWanted() : undefined;
  const maxVnodes = o.maxVnodes ?? DEFAULT_MAX_VNODES;
  const { plan, refused } = capVnodes(planBootvnodes(o, present, wanted), present, maxVnodes);
  if (refused.length > 0) {
    parts.log.error(
      { maxVnodes, refused: refused.length, first: refused.slice(0, 10).map((v) => v.vnodeId) },
      'vnodes not booted: the host runs at most maxVnodes vnodes',
    );
  }
  parts.log.info({ plan: plan.map((p) => `${p.action}:${p.vnodeId}`) }, 'bootvnodes plan');
  const stops = plan.filter((p) => p.action !== 'boot');
  const boots = plan.filter((p) => p.action === 'boot');
  const concurrency = o.concurrency ?? 1;
  const act = (p: PlannedAction) => actSafely(p, parts);
  const stopStatuses = await mapLimit(stops, concurrency, act);
  if (boots.length > 0) await parts.prepareHost(boots);
  const bootStatuses = await mapLimit(boots, concurrency, act);
  const ordered = [...stops, ...boots];
  const statuses = [...stopStatuses, ...bootStatuses];
  const ok = statuses.every((s) => s === 0) && refused.length === 0;
  return { plan: ordered, statuses, refused, maxVnodes, exitCode: ok ? 0 : 1 };
}

// One vnode failing must not stop the others (Emulab went on regardless).
async function actSafely(p: PlannedAction, parts: BootvnodesParts): Promise<number> {
  try {
    const status = await parts.act(p);
    parts.log.info({ vnodeId: p.vnodeId, action: p.action, status }, 'vnode action finished');
    return status;
  } catch (err) {
    parts.log.error({ vnodeId: p.vnodeId, action: p.action, err }, 'vnode action failed');
    return 1;
  }
}
