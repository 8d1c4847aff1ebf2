// Pure plans: names, the jail(8) command line, FIB routes and devfs rulesets,
// all from the capability report's settings. Golden tests pin their output.
import type { JailSettings } from '../capability/types.js';
import { networkOf } from '../parse/ipv4.js';

/** Inside the jail; the step that installs injail writes <root>/etc/jail/injail. */
export const INJAIL_INSIDE = '/etc/jail/injail';
/**
 * injail writes its pid here (inside the jail); stop signals it through jexec. Not /var/run: the
 * jail's own rc.d/cleanvar empties that at every boot, after injail wrote it.
 */
export const INJAIL_PIDFILE_INSIDE = '/var/emulab/injail.pid';
/**
 * A VNET jail's injail starts /etc/rc only once this exists (`injail -w`): the host writes it
 * after moving the jail's interfaces in and addressing them, so rc's netif and the ISUP from
 * rc.local come after the network, not before. Removed before every boot.
 */
export const IFACES_READY_INSIDE = '/var/emulab/interfaces-ready';
/** The tmcc proxy socket as the jail sees it (Emulab's path). */
export const PROXY_INSIDE = '/var/emulab/tmcc';
/**
 * Directories made inside the image at every create (the jail's rc may remove them):
 * the proxy socket's and the boot files' directory, and injail's.
 */
export const IMAGE_DIRS = ['var/emulab/boot', 'etc/jail'] as const;
/** Read-only nullfs mounts of the host's system (mkjail had only the first three; dynamic binaries need the rest). */
export const SYSTEM_DIRS = ['bin', 'sbin', 'usr', 'lib', 'libexec'] as const;

/** jail(8) treats an all-digit name as a jid, so such ids get a prefix. */
export function jailName(id: string): string {
  return /^\d+$/.test(id) ? `vnode-${id}` : id;
}

export interface JailArgvInput {
  readonly name: string;
  readonly id: string;
  readonly rootDir: string;
  readonly hostname: string;
  readonly settings: JailSettings;
  readonly fib: number | null;
  /** netMode=vnet: the jail's own network stack; its interfaces are moved in after it exists. */
  readonly vnet?: boolean;
  /** injail waits for IFACES_READY_INSIDE before /etc/rc (a VNET jail with interfaces). */
  readonly waitForIfaces?: boolean;
}

export function jailCreateArgv(i: JailArgvInput): [string, ...string[]] {
  const s = i.settings;
  const ips = s.ip === null ? [] : [s.ip, ...s.extraIps];
  return [
    'jail', '-c',
    `name=${i.name}`,
    `path=${i.rootDir}`,
    `host.hostname=${i.hostname}`,
    // vnet: no ip4 parameter at all (kern_jail.c: "vnet jails cannot have IP address restrictions").
    // No address: no network at all, never the host's (ip4=inherit).
    i.vnet === true ? 'vnet' : ips.length > 0 ? `ip4.addr=${ips.join(',')}` : 'ip4=disable',
    'allow.noset_hostname',
    ...(s.rawSockets ? ['allow.raw_sockets'] : []),
    ...(s.sysvipc ? ['sysvmsg=new', 'sysvsem=new', 'sysvshm=new'] : []),
    ...(i.fib === null ? [] : [`exec.fib=${i.fib}`]),
    // The manager's environment (TBVNODE_*, paths) must not enter the jail.
    'exec.clean',
    // command= takes the rest of the line as its argv.
    `command=${INJAIL_INSIDE}`, '-v', i.id,
    ...(i.waitForIfaces === true ? ['-w', IFACES_READY_INSIDE] : []),
  ];
}

/** Arguments after `route -n add|delete -fib N`; adding in order, deleting in reverse. */
export function fibRoutes(o: { settings: JailSettings; cnetIface: string; gateway: string | null }): string[][] {
  const s = o.settings;
  if (s.ip === null || s.mask === null) return [];
  const net = networkOf(s.ip, s.mask);
  // With net.add_addr_allfibs=0 (the default since 12) FIB N has no connected routes: add them.
  // A gateway outside the jail's network (the host's control router) is reachable only through a
  // route of its own in this FIB: an interface route to it, as mkjail added the control subnet first.
  const gwOutside = o.gateway !== null && (net === null || networkOf(o.gateway, s.mask) !== net);
  return [
    ...(net ? [['-net', net, '-iface', o.cnetIface]] : []),
    ...[s.ip, ...s.extraIps].map((ip) => [ip, '-iface', 'lo0']),
    ...(o.gateway && gwOutside ? [['-host', o.gateway, '-iface', o.cnetIface]] : []),
    ...(o.gateway ? [['default', o.gateway]] : []),
  ];
}

export interface DevfsVariant {
  readonly bpf: boolean;
  readonly mem: boolean;
}

/** base: the stock jail ruleset; +1 adds bpf, +2 adds mem/kmem, +3 both. */
export function devfsRulesetNumber(base: number, v: DevfsVariant): number {
  return base + (v.bpf ? 1 : 0) + (v.mem ? 2 : 0);
}

/** Arguments after `devfs rule -s N`, one rule each. */
export function devfsRules(v: DevfsVariant): string[][] {
  return [
    // 4 is devfsrules_jail from /etc/defaults/devfs.rules (hide all, unhide the basics).
    ['add', 'include', '4'],
    ...(v.bpf ? [['add', 'path', 'bpf*', 'unhide']] : []),
    ...(v.mem ? [['add', 'path', 'mem', 'unhide'], ['add', 'path', 'kmem', 'unhide']] : []),
  ];
}

/** The variants prepareHost creates: what the operator's policy can ever need. */
export function devfsVariants(o: { bpf: boolean; mem: boolean }): DevfsVariant[] {
  const out: DevfsVariant[] = [{ bpf: false, mem: false }];
  if (o.bpf) out.push({ bpf: true, mem: false });
  if (o.mem) out.push({ bpf: false, mem: true });
  if (o.bpf && o.mem) out.push({ bpf: true, mem: true });
  return out;
}
