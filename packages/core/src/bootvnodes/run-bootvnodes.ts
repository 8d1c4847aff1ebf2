// bootvnodes as a library: decide the plan (pure), prepare the host once when
// anything boots, then act on each vnode — stops first, then boots — with a
// bounded concurrency. What "act" means (vnodesetup for the right backend) is
// supplied by the caller, so this file never spawns anything itself.
import type { Logger } from 'pino';
import { mapLimit } from './map-limit.js';
import { needsVnodeList, planBootvnodes, type BootvnodesRequest, type PlannedAction, type VnodeEntry } from './plan.js';

export interface BootvnodesOptions extends BootvnodesRequest {
  // Vnodes booted at once; Emulab booted one at a time, each up before the next.
  readonly concurrency?: number;
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
  // 0 when every action succeeded, else 1.
  readonly exitCode: number;
}

export async function runBootvnodes(o: BootvnodesOptions, parts: BootvnodesParts): Promise<BootvnodesResult> {
  const present = await parts.listPresent();
  const wanted = needsVnodeList(o) ? await parts.fetchWanted() : undefined;
  const plan = planBootvnodes(o, present, wanted);
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
  return { plan: ordered, statuses, exitCode: statuses.every((s) => s === 0) ? 0 : 1 };
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
