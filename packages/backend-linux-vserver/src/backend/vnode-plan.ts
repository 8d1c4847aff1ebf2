// Pure: everything about one vnode's network and boot files the steps need,
// derived from its context and its number (where things are: vnode-layout.ts).
import path from 'node:path';
import { parseIfconfig } from '@tbvnode/tmcc';
import type { VnodeBoss, VnodeContext } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';
import { JAIL_CNET_MASK } from '../net/ipv4.js';
import type { ControlPair } from '../net/names.js';
import { checkInterfaceCount } from '../net/iface-cap.js';
import type { PortFilter } from '../net/nft.js';
import { macFromIpv4, planExperimentIfaces, type ExperimentIface } from '../net/plan.js';
import type { LinuxOptions } from './options.js';
import { PROXY_INSIDE, vnodeIfNames } from './vnode-layout.js';

export interface VnodePlan {
  readonly control: ControlPair;
  /** The vnode end's MAC on the control net (from its control IP): the port filter pins it. */
  readonly controlMac: string;
  readonly experiment: readonly ExperimentIface[];
  readonly controlIp: string;
  readonly controlMask: string;
  readonly hostname: string;
  readonly bootFiles: Readonly<Record<string, string>>;
}

function controlIpOf(vnode: Pick<VnodeContext, 'id' | 'config'>): string {
  if (vnode.config.controlIp) return vnode.config.controlIp;
  const j = vnode.config.jailconfig['JAILIP'];
  const first = (Array.isArray(j) ? j[0] : j) as string | undefined;
  const ip = first?.split(',')[0];
  if (!ip) throw new LinuxBackendError('LINUX_BAD_CONFIG', `vnode ${vnode.id}: no control IP (config.controlIp or jailconfig JAILIP)`);
  return ip;
}

export function planVnode(vnode: Pick<VnodeContext, 'id' | 'config'>, o: Pick<LinuxOptions, 'maxInterfaces' | 'routerIp'>, n: number): VnodePlan {
  const ifconfig = vnode.config.replies.get('ifconfig') ?? '';
  const entries = parseIfconfig(ifconfig);
  checkInterfaceCount(vnode.id, entries.length, o.maxInterfaces);
  const names = vnodeIfNames(n, entries.length);
  const control = names.control;
  const experiment = planExperimentIfaces(vnode.id, names.experiment, entries, vnode.config.experiment);
  const controlIp = controlIpOf(vnode);
  const controlMask = vnode.config.controlMask ?? JAIL_CNET_MASK;
  const hostname = vnode.config.hostname ?? vnode.id;
  const line = (s: string): string => `${s}\n`;
  return {
    control,
    controlMac: macFromIpv4(0, controlIp),
    experiment,
    controlIp,
    controlMask,
    hostname,
    bootFiles: {
      controlif: line(control.vnode),
      myip: line(controlIp),
      mynetmask: line(controlMask),
      routerip: line(o.routerIp),
      realname: line(vnode.id),
      nickname: line(hostname),
      proxypath: line(PROXY_INSIDE),
      'tbvnode-ifaces': experiment.map((e) => `${e.inside} ${e.address}\n`).join(''),
    },
  };
}

/** Pure: what each of the vnode's ports may send from (its control port, then each LAN port). */
export function portFilters(p: VnodePlan): PortFilter[] {
  return [
    { port: p.control.host, mac: p.controlMac, ips: [p.controlIp] },
    ...p.experiment.map((e) => ({ port: e.host, mac: e.mac, ips: [e.address.split('/')[0] as string] })),
  ];
}

/** The tmcc wrapper inside the vnode: node and the bundle are read-only mounts. */
export function tmccWrapper(nodePath: string, bundleInside: string): string {
  const base = path.basename(nodePath);
  if (!/^[\w.-]+$/.test(base)) throw new LinuxBackendError('LINUX_BAD_OPTION', `odd node binary name ${JSON.stringify(base)}`);
  return `#!/bin/sh\nexec /opt/tbvnode/node/${base} ${bundleInside} "$@"\n`;
}

/**
 * Pure: the vnode's /etc/emulab/bossnode line — the operator's bossName, else boss
 * as the manager reached it (host, plus the port when it is not tmcd's 7777).
 * Anything that is not a plain host[:port] is left out rather than written.
 */
export function bossnodeLine(bossName: string | undefined, boss: VnodeBoss | undefined): string | undefined {
  const port = boss?.ports?.[0];
  const line = bossName ?? (boss ? (port !== undefined && port !== 7777 ? `${boss.name}:${port}` : boss.name) : undefined);
  return line !== undefined && /^[-\w.:[\]]+$/.test(line) ? line : undefined;
}

