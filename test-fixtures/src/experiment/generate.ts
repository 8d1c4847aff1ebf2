// Experiments of any size for load tests. LANs form a chain: the vnodes are
// cut into `lans` runs that share their boundary vnode, so with 3 vnodes
// and 2 LANs this yields exactly fixtures/three-vnodes.json.
import { BossError } from '../errors.js';
import { BOSS, DEFAULT_PID, EVENT_SERVER, HOST_MAC, defaultAccounts, defaultMounts } from './defaults.js';
import type { Experiment, HostnameEntry, InterfaceFields, LanFixture, VnodeFixture } from './types.js';

export interface GenerateOptions {
  vnodes: number;
  // Default 1 (every vnode on lan0); 0 = no experiment network.
  lans?: number;
  name?: string;
}

const MAX_VNODES = 1000;
const MAX_LAN_MEMBERS = 253;

// Pure: which vnode indexes each LAN joins (inclusive runs along a chain).
export function lanMembers(vnodes: number, lans: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < lans; k++) {
    const from = Math.round((k * (vnodes - 1)) / lans);
    const to = Math.round(((k + 1) * (vnodes - 1)) / lans);
    out.push(Array.from({ length: to - from + 1 }, (_, j) => from + j));
  }
  return out;
}

const vmac = (ip: string): string =>
  '0000' + ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');

function check(o: GenerateOptions, lans: number): void {
  if (!Number.isInteger(o.vnodes) || o.vnodes < 1 || o.vnodes > MAX_VNODES) {
    throw new BossError('BOSS_USAGE', `vnodes must be 1..${MAX_VNODES}, not ${o.vnodes}`);
  }
  if (!Number.isInteger(lans) || lans < 0 || lans > Math.max(1, o.vnodes - 1) || lans > 250) {
    throw new BossError('BOSS_USAGE', `lans must be 0..${Math.max(1, o.vnodes - 1)} for ${o.vnodes} vnodes, not ${lans}`);
  }
}

export function generateExperiment(o: GenerateOptions): Experiment {
  const lanCount = o.lans ?? 1;
  check(o, lanCount);
  const n = o.vnodes;
  const eid = o.name ?? `generated-${n}`;
  const domain = `${eid}.${DEFAULT_PID}.example.emulab.net`;
  const members = lanMembers(n, lanCount);
  const lans: LanFixture[] = members.map((m, k) => {
    if (m.length > MAX_LAN_MEMBERS) {
      throw new BossError('BOSS_USAGE', `lan${k} would have ${m.length} members; use more lans (max ${MAX_LAN_MEMBERS} each)`);
    }
    return { name: `lan${k}`, vtag: 101 + k, subnet: `10.1.${k + 1}.0`, mask: '255.255.255.0', members: m.map((i) => `pcvm1-${i + 1}`) };
  });
  // Each vnode's interfaces, in LAN order.
  const ifaces = Array.from({ length: n }, () => [] as Array<{ lan: LanFixture; ip: string }>);
  members.forEach((m, k) => {
    const lan = lans[k] as LanFixture;
    m.forEach((vi, pos) => ifaces[vi]?.push({ lan, ip: `10.1.${k + 1}.${pos + 2}` }));
  });
  const hostnames: HostnameEntry[] = [];
  ifaces.forEach((list, i) =>
    list.forEach((x, j) =>
      hostnames.push({ name: `node${i + 1}-${x.lan.name}`, ip: x.ip, aliases: [`node${i + 1}-${j}`, ...(j === 0 ? [`node${i + 1}`] : [])] }),
    ),
  );
  const width = Math.min(1000, Math.floor(35_000 / n));
  const vnodes: VnodeFixture[] = ifaces.map((list, i) => {
    const base = 30_000 + width * i;
    const ifconfig: InterfaceFields[] = list.map((x, j) => ({
      IFACETYPE: 'veth', INET: x.ip, MASK: x.lan.mask, ID: j + 1, VMAC: vmac(x.ip), PMAC: HOST_MAC,
      RTABID: j + 1, ENCAPSULATE: 1, LAN: x.lan.name, VTAG: x.lan.vtag,
    }));
    return {
      vnodeId: `pcvm1-${i + 1}`,
      nickname: `node${i + 1}`,
      jailed: true,
      jailconfig: {
        JAILIP: `172.17.${1 + Math.floor(i / 254)}.${(i % 254) + 1},255.240.0.0`,
        PORTRANGE: `${base},${base + width - 1}`,
        SSHDPORT: base + 22,
        SYSVIPC: 1, INETRAW: 1, BPFRO: 1, INADDRANY: 1, IPFW: 1, IPDIVERT: 1, ROUTING: 1, DEVMEM: 1,
        EVENTSERVER: EVENT_SERVER,
        IPADDRS: list.map((x) => x.ip).join(','),
      },
      ifconfig,
      hostnames,
      accounts: defaultAccounts(),
      mounts: defaultMounts(),
      replies: {
        creator: 'CREATOR=alice SWAPPER=alice',
        routing: 'ROUTERTYPE=none',
        syncserver: `SYNCSERVER SERVER='node1.${domain}' ISSERVER=${i === 0 ? 1 : 0}`,
        keyhash: "KEYHASH HASH='6c1b2f0e9a7d4c3b8e5f1a2d3c4b5a69'",
        eventkey: "EVENTKEY KEY='b1d7e3c9a5f20486ce1b3d5f7a9c0e2d'",
        firewallinfo: 'TYPE=none',
      },
    };
  });
  return {
    name: eid,
    pid: DEFAULT_PID,
    eid,
    boss: { ...BOSS },
    host: {
      nodeId: 'pc1',
      controlIp: '10.10.1.1',
      nickname: 'vhost-0',
      ifconfig: [{ IFACETYPE: 'ixgbe', INET: '', MASK: '', MAC: HOST_MAC, SPEED: '10000Mbps', DUPLEX: 'full', IFACE: '', RTABID: '', LAN: '' }],
      replies: { creator: 'CREATOR=alice SWAPPER=alice' },
    },
    vnodes,
    lans,
  };
}
