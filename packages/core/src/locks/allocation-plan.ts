// Pure decisions for numbered host resources (interface numbers, FIBs, md units,
// devfs rulesets): which number to hand out, and what leaked.

export interface Allocation {
  readonly n: number;
  /** Who holds it: a vnode id, or 'host'. */
  readonly owner: string;
  /** What for, within the owner (a vnode may hold several: 'cnet', 'exp0', …). */
  readonly key: string;
  readonly at: number;
}

/** Lowest number in [min, max] nobody holds, or null when all are taken. */
export function pickFree(allocations: readonly Allocation[], min: number, max: number): number | null {
  const taken = new Set(allocations.map((a) => a.n));
  for (let n = min; n <= max; n += 1) if (!taken.has(n)) return n;
  return null;
}

export interface AllocationAudit {
  /** Held by an owner that no longer exists (a vnode gone without undo). */
  readonly orphaned: Allocation[];
  /** In use on the host (`mdconfig -l`, `net.fibs` routes, interfaces) but allocated to nobody. */
  readonly unrecorded: number[];
  /** Allocated, but the host shows nothing using the number. */
  readonly idle: Allocation[];
}

/**
 * Compare the allocator's records with what the host shows. `inUse` is what a
 * backend read from the system; `liveOwners` the vnodes that exist.
 */
export function auditAllocations(
  allocations: readonly Allocation[], inUse: readonly number[], liveOwners: ReadonlySet<string>,
): AllocationAudit {
  const used = new Set(inUse);
  const allocated = new Set(allocations.map((a) => a.n));
  return {
    orphaned: allocations.filter((a) => !liveOwners.has(a.owner)),
    unrecorded: [...used].filter((n) => !allocated.has(n)).sort((a, b) => a - b),
    idle: allocations.filter((a) => !used.has(a.n)),
  };
}
