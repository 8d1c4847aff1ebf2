// Interface and bridge names. The kernel allows 15 characters (IFNAMSIZ - 1), and
// Emulab derives the control pair from the vnode id's trailing number (pcvm3-12 ->
// pnet12/cnet12), which is unique per physical host.
import { createHash } from 'node:crypto';
import { LinuxBackendError } from '../errors.js';

export const IFNAMSIZ_MAX = 15;
export const CONTROL_BRIDGE = 'cbr0';

/** Pure: the N of an Emulab vnode id `name-N`. */
export function vnodeNumber(id: string): number {
  const m = /-(\d{1,7})$/.exec(id);
  if (!m?.[1]) throw new LinuxBackendError('LINUX_BAD_VNODE_ID', `vnode id ${JSON.stringify(id)} is not of the form name-N (Emulab's rule)`);
  return Number(m[1]);
}

export interface ControlPair {
  /** Host end, in cbr0. */
  readonly host: string;
  /** Vnode end, moved into the vnode. */
  readonly vnode: string;
}

export function controlPair(id: string): ControlPair {
  const n = vnodeNumber(id);
  return { host: `pnet${n}`, vnode: `cnet${n}` };
}

/** Host-side names of experiment interface k of vnode N (before the move renames it). */
export function experimentPair(id: string, k: number): { host: string; vnodeTemp: string; inside: string } {
  const n = vnodeNumber(id);
  return { host: `pe${n}.${k}`, vnodeTemp: `ve${n}.${k}`, inside: `eth${k}` };
}

/** A readable bridge name per LAN, hashed when the LAN name does not fit. */
export function lanBridgeName(lan: string): string {
  if (/^[A-Za-z0-9_]{1,12}$/.test(lan)) return `br-${lan}`;
  const h = createHash('sha1').update(lan).digest('hex').slice(0, 6);
  const head = lan.replace(/[^A-Za-z0-9_]/g, '').slice(0, 5);
  return `br-${head}${head ? '-' : ''}${h}`;
}

export function isValidIfName(name: string): boolean {
  return name.length > 0 && name.length <= IFNAMSIZ_MAX && /^[A-Za-z0-9_.-]+$/.test(name) && name !== '.' && name !== '..';
}
