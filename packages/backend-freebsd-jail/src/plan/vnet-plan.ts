// Pure: from tmcd's ifconfig reply to a VNET jail's experiment interfaces. One
// epair per interface: the host end joins its experiment LAN's bridge on the
// host, the other end is moved into the jail (`ifconfig <end> vnet <jail>`) and
// gets the interface's MAC, address and MTU there through jexec. Bridges are
// keyed by experiment LAN exactly as the Linux backend keys its own (core's
// lanKey: VTAG, else pid/eid + LAN name), so two experiments' `lan0` never share
// one. Names are deterministic so undo and a second vnode on the same LAN find
// them again; FreeBSD names are at most IFNAMSIZ-1 = 15 bytes (sys/net/if.h).
import { createHash } from 'node:crypto';
import { lanBridgeAlias, lanBridgeName, lanKey, type Experiment } from '@tbvnode/core';
import type { IfconfigEntry } from '@tbvnode/tmcc';
import { FreebsdJailError } from '../errors.js';
import { isIpv4, maskToPrefix } from '@tbvnode/core';

export const IFNAME_MAX = 15;

export interface VnetIface {
  /** The experiment LAN (tmcd's LAN field, else this vnode's own `<id>-if<k>`). */
  readonly lan: string;
  /** The LAN's identity on this host (core's lanKey). */
  readonly lanKey: string;
  /** The host bridge for that LAN: tbl<12 hex>. */
  readonly bridge: string;
  /** The bridge's description: marks it as tbvnode's, for this LAN. */
  readonly bridgeMark: string;
  /** The epair end that stays on the host, in the bridge. */
  readonly hostEnd: string;
  /** The epair end moved into the jail (its name there too). */
  readonly jailEnd: string;
  /** The host end's description: `tbvnode <vnode> if<k>`. */
  readonly epairMark: string;
  readonly inet: string;
  readonly mask: string;
  /** aa:bb:cc:dd:ee:ff, when tmcd sent one. */
  readonly mac?: string;
  /** tmcd's MTU, when it sent a sane one. */
  readonly mtu?: number;
}

const short = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);

/** The two epair ends of a vnode's k-th interface. Pure. */
export function epairEnds(vnodeId: string, k: number): { hostEnd: string; jailEnd: string } {
  const base = `tbv${short(vnodeId, 6)}.${k}`;
  if (base.length + 1 > IFNAME_MAX) throw new FreebsdJailError('FBSD_REFUSED', `interface ${k} of ${vnodeId}: too many interfaces for a ${IFNAME_MAX}-byte name`);
  return { hostEnd: `${base}h`, jailEnd: `${base}j` };
}

function macOf(raw: string): string | undefined {
  return /^[0-9a-f]{12}$/i.test(raw) ? raw.toLowerCase().replace(/(..)(?!$)/g, '$1:') : undefined;
}

function mtuOf(raw: string | undefined): number | undefined {
  const n = Number(raw);
  // if_epair.c accepts 576..ETHERMTU_JUMBO (9000) on FreeBSD 14.
  return raw !== undefined && Number.isInteger(n) && n >= 576 && n <= 9000 ? n : undefined;
}

/**
 * Boss's ifconfig decides how many epairs a vnode gets; a reply with hundreds
 * would make as many host interfaces. Past the operator's cap the vnode fails
 * before anything is made (the Linux backend's maxInterfaces, same default).
 */
export function checkInterfaceCount(vnodeId: string, count: number, max: number): void {
  if (count <= max) return;
  throw new FreebsdJailError(
    'FBSD_REFUSED',
    `vnode ${vnodeId}: boss lists ${count} experiment interfaces, more than maxInterfaces (${max}); nothing was created for them (raise maxInterfaces to allow more)`,
  );
}

export function planVnetIfaces(vnodeId: string, entries: readonly IfconfigEntry[], experiment?: Experiment): VnetIface[] {
  const bad = (message: string): Error => new FreebsdJailError('FBSD_REFUSED', message);
  return entries.map((e, k) => {
    if (!isIpv4(e.inet) || maskToPrefix(e.mask) === null) {
      throw bad(`ifconfig: interface ${k} has a bad address ${JSON.stringify(`${e.inet}/${e.mask}`)}`);
    }
    const named = e.fields['LAN'];
    const lan = named || `${vnodeId}-if${k}`;
    const vtag = e.fields['VTAG'];
    const ifaceType = e.fields['IFACETYPE'];
    // No LAN name: a bridge of this vnode's own (vnode ids are unique per host).
    const key = named
      ? lanKey({ lan, ...(vtag !== undefined ? { vtag } : {}), ...(ifaceType !== undefined ? { ifaceType } : {}), ...(experiment ? { experiment } : {}) }, bad)
      : `vnode/${vnodeId}/if${k}`;
    const mac = macOf(e.mac);
    const mtu = mtuOf(e.fields['MTU'] ?? e.settings['mtu']);
    return {
      lan, lanKey: key, bridge: lanBridgeName(key), bridgeMark: lanBridgeAlias(key), ...epairEnds(vnodeId, k), epairMark: `tbvnode ${vnodeId} if${k}`,
      inet: e.inet, mask: e.mask, ...(mac ? { mac } : {}), ...(mtu ? { mtu } : {}),
    };
  });
}

/**
 * Commands after `jexec -l <jail>` for the jail's end, in its own stack: the MAC
 * first, on its own (sbin/ifconfig/ifconfig.c takes one address family per
 * command: `ether` makes it af_link), then address, netmask, MTU and up. By
 * absolute path: jexec's execvp would search the jail's PATH (usr.sbin/jexec).
 */
export function jailIfaceCommands(i: VnetIface): string[][] {
  return [
    ...(i.mac ? [['/sbin/ifconfig', i.jailEnd, 'ether', i.mac]] : []),
    ['/sbin/ifconfig', i.jailEnd, 'inet', i.inet, 'netmask', i.mask, ...(i.mtu ? ['mtu', String(i.mtu)] : []), 'up'],
  ];
}
