// Pure: which host bridge an experiment interface joins, for every backend. A
// LAN is identified by the experiment it belongs to, never by its name alone:
// two experiments on one host may both call a LAN `lan0`, and sharing a bridge
// would join their networks. tmcd's VTAG (virt_lan_lans' index for veths, the
// 802.1Q tag for vlans: unique per boss within its kind) identifies the LAN;
// without one (absent or 0), the experiment (pid/eid) plus the LAN's name does.
import { createHash } from 'node:crypto';

export interface Experiment {
  readonly pid: string;
  readonly eid: string;
}

/** Bridge names: "tbl" + 12 hex digits of SHA-256 of the key = 15 chars (IFNAMSIZ - 1 on Linux and FreeBSD). */
const LAN_BRIDGE_PREFIX = 'tbl';
const HASH_HEX = 12;

/**
 * The LAN's identity on this host. VTAGs are only unique within their kind (a
 * veth's tag and a vlan's tag come from different tables), so the kind is part
 * of the key. `bad` makes the caller's own error (a backend's code) from the reason.
 */
export function lanKey(
  o: { lan: string; vtag?: string; ifaceType?: string; experiment?: Experiment },
  bad: (message: string) => Error,
): string {
  const tag = o.vtag?.trim();
  if (tag !== undefined && tag !== '' && tag !== '0') {
    if (!/^\d{1,10}$/.test(tag)) throw bad(`ifconfig: bad VTAG ${JSON.stringify(o.vtag)} on LAN ${JSON.stringify(o.lan)}`);
    return `vtag/${kindOf(o.ifaceType)}/${Number(tag)}`;
  }
  if (!o.experiment) {
    throw bad(`LAN ${JSON.stringify(o.lan)} has no VTAG and the vnode's experiment (pid/eid) is unknown: cannot keep it apart from other experiments' LANs`);
  }
  // "/" cannot occur in a pid or eid (tmcd: [-\w]+), so the key is unambiguous.
  return `exp/${o.experiment.pid}/${o.experiment.eid}/${o.lan}`;
}

function kindOf(ifaceType: string | undefined): string {
  // tmcd says "veth" for veth and veth-ne alike; "vlan" and "loop" tags are other tables.
  return ifaceType === 'vlan' || ifaceType === 'loop' ? ifaceType : 'veth';
}

/** Deterministic, fits IFNAMSIZ, and distinct keys give distinct names (48 bits of SHA-256). */
export function lanBridgeName(key: string): string {
  return LAN_BRIDGE_PREFIX + createHash('sha256').update(key).digest('hex').slice(0, HASH_HEX);
}

/** The bridge's ownership mark (Linux ifalias, FreeBSD description): tbvnode's, and the LAN it serves. */
export function lanBridgeAlias(key: string): string {
  return `tbvnode lan ${key}`;
}
