// Each vnode's user namespace maps its 65536 ids (root inside = BASE outside)
// onto a private slice of host ids that no host account and no other vnode
// uses: slot k of core's allocator owns [ID_BASE + k*65536, ... + 65535].
// Root inside a vnode is then an unprivileged uid on the host: files it did not
// create (the host's /usr, the /etc template) are "nobody" to it.
export const IDS_PER_VNODE = 65_536;
/** 2^30: far above the ids distributions and LDAP/NIS sites hand out. */
export const ID_BASE = 1_073_741_824;
export const ID_SLOTS = 4_096;

export interface IdRange {
  /** Host uid/gid of root inside the vnode. */
  readonly base: number;
  readonly count: number;
}

/** Pure: the range of allocator slot `slot` (0-based). */
export function idRangeOf(slot: number): IdRange {
  if (!Number.isInteger(slot) || slot < 0 || slot >= ID_SLOTS) throw new RangeError(`id slot ${slot} out of range`);
  return { base: ID_BASE + slot * IDS_PER_VNODE, count: IDS_PER_VNODE };
}
