// Boss's vnodelist decides how many vnodes a host boots; a list of 10,000
// would be booted as far as memory lasts. The host runs at most `max` vnodes:
// those already present that stay count first, then new boots in plan order;
// the boots past the cap are refused (each with a clear reason), the others
// go ahead.
import type { PlannedAction, VnodeEntry } from './plan.js';

export const DEFAULT_MAX_VNODES = 64;

export interface CappedPlan {
  readonly plan: PlannedAction[];
  // New vnodes not booted because the host is at its cap.
  readonly refused: VnodeEntry[];
}

export function capVnodes(plan: readonly PlannedAction[], present: readonly VnodeEntry[], max: number): CappedPlan {
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`max vnodes must be a whole number, got ${max}`);
  const leaving = new Set(plan.filter((p) => p.action === 'kill' || p.action === 'halt').map((p) => p.vnodeId));
  const staying = new Set(present.map((v) => v.vnodeId).filter((id) => !leaving.has(id)));
  let room = max - staying.size;
  const out: PlannedAction[] = [];
  const refused: VnodeEntry[] = [];
  for (const p of plan) {
    // Only a vnode that is not on the host yet adds to it.
    if (p.action !== 'boot' || staying.has(p.vnodeId)) {
      out.push(p);
    } else if (room > 0) {
      room -= 1;
      out.push(p);
    } else {
      refused.push({ vnodeId: p.vnodeId, jailed: p.jailed });
    }
  }
  return { plan: out, refused };
}
