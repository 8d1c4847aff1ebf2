// Pure: from tmcd's ifconfig reply to a VNET jail's experiment interfaces (not
// wired into the backend yet). One epair per interface: the host end joins the
// experiment LAN's bridge on the host, the other end is moved into the jail
// (jail(8) vnet.interface) and gets the interface's MAC and address there
// through jexec. Names are deterministic so undo and a second vnode on the same
// LAN find them again; FreeBSD names are at most IFNAMSIZ-1 = 15 bytes
// (sys/net/if.h).
import { createHash } from 'node:crypto';
import type { IfconfigEntry } from '@tbvnode/tmcc';
import { FreebsdJailError } from '../errors.js';
import { isIpv4, maskToPrefix } from '@tbvnode/core';

export const IFNAME_MAX = 15;

export interface VnetIface {
  /** The experiment LAN (tmcd's LAN field), shared by every vnode on it. */
  readonly lan: string;
  /** The host bridge for that LAN. */
  readonly bridge: string;
  /** The epair end that stays on the host, in the bridge. */
  readonly hostEnd: string;
  /** The epair end moved into the jail (its name there too). */
  readonly jailEnd: string;
  readonly inet: string;
  readonly mask: string;
  /** aa:bb:cc:dd:ee:ff, when tmcd sent one. */
  readonly mac?: string;
}

const short = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);

/** The host bridge of an experiment LAN: the same name for every vnode on it. Pure. */
export function lanBridge(lan: string): string {
  return `tbvbr${short(lan, 8)}`;
}

/** The two epair ends of a vnode's k-th interface. Pure. */
export function epairEnds(vnodeId: string, k: number): { hostEnd: string; jailEnd: string } {
  const base = `tbv${short(vnodeId, 6)}.${k}`;
  if (base.length + 1 > IFNAME_MAX) throw new FreebsdJailError('FBSD_REFUSED', `interface ${k} of ${vnodeId}: too many interfaces for a ${IFNAME_MAX}-byte name`);
  return { hostEnd: `${base}h`, jailEnd: `${base}j` };
}

function macOf(raw: string): string | undefined {
  return /^[0-9a-f]{12}$/i.test(raw) ? raw.toLowerCase().replace(/(..)(?!$)/g, '$1:') : undefined;
}

export function planVnetIfaces(vnodeId: string, entries: readonly IfconfigEntry[]): VnetIface[] {
  return entries.map((e, k) => {
    if (!isIpv4(e.inet) || maskToPrefix(e.mask) === null) {
      throw new FreebsdJailError('FBSD_REFUSED', `ifconfig: interface ${k} has a bad address ${JSON.stringify(`${e.inet}/${e.mask}`)}`);
    }
    const lan = e.fields['LAN'];
    if (!lan) throw new FreebsdJailError('FBSD_REFUSED', `ifconfig: interface ${k} (${e.inet}) names no LAN`);
    const mac = macOf(e.mac);
    return { lan, bridge: lanBridge(lan), ...epairEnds(vnodeId, k), inet: e.inet, mask: e.mask, ...(mac ? { mac } : {}) };
  });
}
