// Pure: the nftables scripts of the anti-spoofing filter (bridge family, so it
// sees every frame a vnode sends into cbr0 or a LAN bridge, before the bridge
// learns its source MAC). One table, `bridge tbvnode`, owned by tbvnode: a
// prerouting chain dispatches on the input port through a verdict map to one
// chain per vnode port. Each script is one `nft -f -` transaction: all or nothing.
import { LinuxBackendError } from '../errors.js';
import { parseIpv4 } from '@tbvnode/core';
import { isValidIfName } from './names.js';

export const FILTER_TABLE = 'tbvnode';
const T = `bridge ${FILTER_TABLE}`;

export interface PortFilter {
  /** The host end of the vnode's veth (pnetN, peN.k): frames the vnode sends enter here. */
  readonly port: string;
  /** The only source MAC the vnode may use on this port. */
  readonly mac: string;
  /** The only IPv4 sources (and ARP sender addresses) it may use. */
  readonly ips: readonly string[];
}

function check(f: PortFilter): void {
  // Everything below lands in nft's grammar: validate rather than quote.
  if (!isValidIfName(f.port)) throw new LinuxBackendError('LINUX_BAD_CONFIG', `bad port name ${JSON.stringify(f.port)}`);
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(f.mac)) throw new LinuxBackendError('LINUX_BAD_CONFIG', `bad MAC ${JSON.stringify(f.mac)}`);
  if (f.ips.length === 0 || f.ips.some((ip) => parseIpv4(ip) === null)) throw new LinuxBackendError('LINUX_BAD_CONFIG', `bad addresses for ${f.port}: ${JSON.stringify(f.ips)}`);
}

function portChain(port: string): string {
  return `port-${port}`;
}

/** The table, its dispatch map and chain. `create` fails when the table exists: then it is not this step's. */
export function tableScript(): string {
  return [
    `create table ${T}`,
    `add map ${T} ports { type ifname : verdict; }`,
    // -300: before anything else a host may hook into the bridge.
    `add chain ${T} ingress { type filter hook prerouting priority -300; policy accept; }`,
    `add rule ${T} ingress iifname vmap @ports`,
  ].join('\n') + '\n';
}

/**
 * A vnode's ports: its own MAC, and ARP and IPv4 only from its own addresses.
 * ARP probes (sender 0.0.0.0, duplicate address detection) pass. Every other
 * ethertype is dropped: IPv6 (the testbed's nets are IPv4; tmcd gives no IPv6
 * address, and neighbour discovery would be another spoofing surface), 802.1Q
 * tags (a way around the per-experiment bridges), anything else.
 */
export function portFilterScript(filters: readonly PortFilter[]): string {
  const lines: string[] = [];
  for (const f of filters) {
    check(f);
    const c = `${T} ${portChain(f.port)}`;
    const ips = f.ips.join(', ');
    lines.push(
      `add chain ${c}`,
      // A chain left by a crash is rebuilt, not appended to.
      `flush chain ${c}`,
      `add rule ${c} ether saddr != ${f.mac} drop`,
      `add rule ${c} arp hlen != 6 drop`,
      `add rule ${c} arp plen != 4 drop`,
      `add rule ${c} arp saddr ether != ${f.mac} drop`,
      `add rule ${c} arp saddr ip != { ${ips}, 0.0.0.0 } drop`,
      `add rule ${c} ip saddr != { ${ips} } drop`,
      `add rule ${c} ether type != { arp, ip } drop`,
      `add element ${T} ports { "${f.port}" : jump ${portChain(f.port)} }`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Undo, idempotent in one transaction: add (a no-op where present) then delete,
 * so an element or chain already gone is no error. Only a missing table fails.
 */
export function portUnfilterScript(ports: readonly string[]): string {
  const lines: string[] = [];
  for (const port of ports) {
    if (!isValidIfName(port)) throw new LinuxBackendError('LINUX_BAD_CONFIG', `bad port name ${JSON.stringify(port)}`);
    lines.push(
      `add chain ${T} ${portChain(port)}`,
      `add element ${T} ports { "${port}" : jump ${portChain(port)} }`,
      `delete element ${T} ports { "${port}" }`,
      `delete chain ${T} ${portChain(port)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Pure: does `nft list map bridge tbvnode ports` show any element (a vnode still filtered)? */
export function mapHasElements(listing: string): boolean {
  return /elements\s*=\s*\{/.test(listing);
}

/** Pure: nft's "no such table/chain/element" (ENOENT), as opposed to other failures. */
export function nftMissing(stderr: string): boolean {
  return /No such file or directory/.test(stderr);
}
