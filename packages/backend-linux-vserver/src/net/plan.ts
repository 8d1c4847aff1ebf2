// Pure: from tmcd's ifconfig reply to the experiment interfaces a vnode gets
// (one veth per interface, the host end in the LAN's bridge).
import type { IfconfigEntry } from '@tbvnode/tmcc';
import { LinuxBackendError } from '../errors.js';
import { maskToPrefix } from './ipv4.js';
import { experimentPair, lanBridgeName } from './names.js';

export interface ExperimentIface {
  readonly bridge: string;
  readonly lan: string;
  readonly host: string;
  readonly vnodeTemp: string;
  readonly inside: string;
  /** "10.1.1.2/24" */
  readonly address: string;
  readonly mac?: string;
}

export function planExperimentIfaces(id: string, n: number, entries: readonly IfconfigEntry[]): ExperimentIface[] {
  return entries.map((e, k) => {
    const prefix = maskToPrefix(e.mask);
    if (prefix === null) throw new LinuxBackendError('LINUX_BAD_CONFIG', `ifconfig: bad mask ${JSON.stringify(e.mask)}`);
    const lan = e.fields['LAN'] ?? `${id}-if${k}`;
    const names = experimentPair(n, k);
    const mac = /^[0-9a-f]{12}$/i.test(e.mac) ? e.mac.toLowerCase().replace(/(..)(?!$)/g, '$1:') : undefined;
    return { bridge: lanBridgeName(lan), lan, ...names, address: `${e.inet}/${prefix}`, ...(mac ? { mac } : {}) };
  });
}
