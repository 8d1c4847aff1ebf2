// Pure: from tmcd's ifconfig reply to the experiment interfaces a vnode gets
// (one veth per interface, the host end in the LAN's bridge, keyed by experiment).
import type { IfconfigEntry } from '@tbvnode/tmcc';
import { LinuxBackendError } from '../errors.js';
import { maskToPrefix, parseIpv4 } from './ipv4.js';
import { lanBridgeName, lanKey, type Experiment } from './lan-key.js';

export interface ExperimentIface {
  readonly bridge: string;
  /** The LAN's identity on this host (lanKey): VTAG, else pid/eid + LAN name. */
  readonly lanKey: string;
  readonly lan: string;
  readonly host: string;
  readonly vnodeTemp: string;
  readonly inside: string;
  /** "10.1.1.2/24" */
  readonly address: string;
  /** tmcd's VMAC, else one derived from the address: the port filter pins it. */
  readonly mac: string;
}

/**
 * Pure: a locally administered unicast MAC (02:<tag>:<the four address bytes>)
 * for an interface tmcd gave no MAC: deterministic, and distinct for distinct
 * addresses, so the anti-spoofing filter knows it before the vnode exists.
 */
export function macFromIpv4(tag: number, ip: string): string {
  const v = parseIpv4(ip);
  if (v === null) throw new LinuxBackendError('LINUX_BAD_CONFIG', `not an IPv4 address: ${JSON.stringify(ip)}`);
  const bytes = [0x02, tag & 0xff, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** `names`: the interfaces' names, one per entry (vnode-layout.ts vnodeIfNames). */
export function planExperimentIfaces(
  id: string,
  names: ReadonlyArray<Pick<ExperimentIface, 'host' | 'vnodeTemp' | 'inside'>>,
  entries: readonly IfconfigEntry[],
  experiment?: Experiment,
): ExperimentIface[] {
  if (names.length !== entries.length) throw new RangeError(`${entries.length} interfaces but ${names.length} names`);
  return entries.map((e, k) => {
    const prefix = maskToPrefix(e.mask);
    if (prefix === null) throw new LinuxBackendError('LINUX_BAD_CONFIG', `ifconfig: bad mask ${JSON.stringify(e.mask)}`);
    if (parseIpv4(e.inet) === null) throw new LinuxBackendError('LINUX_BAD_CONFIG', `ifconfig: bad INET ${JSON.stringify(e.inet)}`);
    const named = e.fields['LAN'];
    const lan = named || `${id}-if${k}`;
    const vtag = e.fields['VTAG'];
    const ifaceType = e.fields['IFACETYPE'];
    // No LAN name: a bridge of this vnode's own (vnode ids are unique per host).
    const key = named
      ? lanKey({ lan, ...(vtag !== undefined ? { vtag } : {}), ...(ifaceType !== undefined ? { ifaceType } : {}), ...(experiment ? { experiment } : {}) })
      : `vnode/${id}/if${k}`;
    const mac = /^[0-9a-f]{12}$/i.test(e.mac) ? e.mac.toLowerCase().replace(/(..)(?!$)/g, '$1:') : macFromIpv4(1, e.inet);
    return { bridge: lanBridgeName(key), lanKey: key, lan, ...(names[k] as (typeof names)[number]), address: `${e.inet}/${prefix}`, mac };
  });
}
