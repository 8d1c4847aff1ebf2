// What bootvnodes does to which vnode, decided without touching the host.

export type VnodeAction = 'boot' | 'halt' | 'kill' | 'reboot';

export interface VnodeEntry {
  readonly vnodeId: string;
  // Emulab's JAILED flag: 0 means a fake vnode (process backend, `vnodesetup -i`).
  readonly jailed: boolean;
}

export interface PlannedAction extends VnodeEntry {
  readonly action: VnodeAction;
}

export interface BootvnodesRequest {
  // -b/-h/-k/-r; undefined for a cold boot or a plain reconfig.
  readonly action?: VnodeAction | undefined;
  // -c: compare what boss wants with what the jails dir holds.
  readonly reconfig: boolean;
}

// Whether the plan needs boss's vnodelist: an action without -c only walks the jails dir.
export function needsVnodeList(req: BootvnodesRequest): boolean {
  return req.reconfig || req.action === undefined;
}

// Emulab's rule: an action alone applies to every vnode present on the host.
function planPresentAction(action: VnodeAction, present: readonly VnodeEntry[]): PlannedAction[] {
  return sortById(present).map((v) => ({ ...v, action }));
}

// The reconfig diff: those in both are rebooted (or get the explicit action),
// those gone are killed, the new ones are booted — unless an explicit action
// other than boot was asked for, in which case nothing new starts.
function planReconfig(
  req: BootvnodesRequest,
  present: readonly VnodeEntry[],
  wanted: readonly VnodeEntry[],
): PlannedAction[] {
  const wantedById = new Map(wanted.map((v) => [v.vnodeId, v]));
  const plan: PlannedAction[] = [];
  if (req.reconfig) {
    for (const cur of sortById(present)) {
      const still = wantedById.get(cur.vnodeId);
      if (still) {
        plan.push({ ...still, action: req.action ?? 'reboot' });
        wantedById.delete(cur.vnodeId);
      } else {
        plan.push({ ...cur, action: 'kill' });
      }
    }
  }
  if (req.action !== undefined && req.action !== 'boot') return plan;
  for (const fresh of sortById([...wantedById.values()])) plan.push({ ...fresh, action: 'boot' });
  return plan;
}

// One entry point for the CLI: present comes from the jails dir, wanted from boss
// (only read when needsVnodeList says so).
export function planBootvnodes(
  req: BootvnodesRequest,
  present: readonly VnodeEntry[],
  wanted: readonly VnodeEntry[] | undefined,
): PlannedAction[] {
  if (!needsVnodeList(req)) return planPresentAction(req.action as VnodeAction, present);
  return planReconfig(req, present, wanted ?? []);
}

function sortById<T extends VnodeEntry>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => (a.vnodeId < b.vnodeId ? -1 : a.vnodeId > b.vnodeId ? 1 : 0));
}
