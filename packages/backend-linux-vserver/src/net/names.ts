// Interface and bridge names. The kernel allows 15 characters (IFNAMSIZ - 1), and
// Emulab derives the control pair from the vnode id's trailing number (pcvm3-12 ->
// pnet12/cnet12), which is unique per physical host; other ids get a number from
// core's allocator (pnet100000 and up).
import { LinuxBackendError } from '../errors.js';

export const IFNAMSIZ_MAX = 15;
export const CONTROL_BRIDGE = 'cbr0';

/** Numbers handed out for ids that are not `name-N`: far above any Emulab N. */
export const ALLOCATED_MIN = 100_000;
export const ALLOCATED_MAX = 999_999;

/** Pure: the N of an Emulab vnode id `name-N`, or null (then a number is allocated). */
export function emulabNumber(id: string): number | null {
  const m = /-(\d{1,5})$/.exec(id);
  return m?.[1] ? Number(m[1]) : null;
}

function checkVnodeNumber(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > ALLOCATED_MAX) throw new LinuxBackendError('LINUX_BAD_VNODE_ID', `vnode number ${n} out of range`);
  return n;
}

export interface ControlPair {
  /** Host end, in cbr0. */
  readonly host: string;
  /** Vnode end, moved into the vnode. */
  readonly vnode: string;
}

export function controlPair(n: number): ControlPair {
  checkVnodeNumber(n);
  return { host: `pnet${n}`, vnode: `cnet${n}` };
}

/** Host-side names of experiment interface k of vnode N (before the move renames it). */
export function experimentPair(n: number, k: number): { host: string; vnodeTemp: string; inside: string } {
  checkVnodeNumber(n);
  return { host: `pe${n}.${k}`, vnodeTemp: `ve${n}.${k}`, inside: `eth${k}` };
}

export function isValidIfName(name: string): boolean {
  return name.length > 0 && name.length <= IFNAMSIZ_MAX && /^[A-Za-z0-9_.-]+$/.test(name) && name !== '.' && name !== '..';
}
