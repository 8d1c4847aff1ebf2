// Pure: jailconfig + operator policy + host facts -> the capability report.
// Table-tested in test/capability/assess.test.ts; FREEBSD.md's key table is the spec.
import { isIpv4, maskToPrefix } from '@tbvnode/core';
import { assessEtcTemplate } from './etc-template.js';
import { assessLimits } from './limits.js';
import type { CapabilityPolicy, CapabilityReport, HostFacts, JailSettings, KeyReport, Verdict } from './types.js';

export type JailConfig = Readonly<Record<string, string | readonly string[]>>;

export interface AssessInput {
  readonly jailconfig: JailConfig;
  readonly policy: CapabilityPolicy;
  readonly host: HostFacts;
}

/** Keys in the order the report lists them (tmcd's order); unknown keys follow, sorted. */
const KNOWN_KEYS = [
  'JAILIP', 'PORTRANGE', 'SSHDPORT', 'SYSVIPC', 'INETRAW', 'BPFRO', 'INADDRANY', 'IPFW', 'IPDIVERT',
  'ROUTING', 'DEVMEM', 'EVENTSERVER', 'IPADDRS', 'ipaddr', 'VDSIZE',
] as const;

const values = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);
// A key that should appear once but came twice: mkjail kept the last; so do we (and say so).
const last = (vs: readonly string[]): string => vs[vs.length - 1] ?? '';
const isOn = (v: string): boolean => v.trim() !== '' && v.trim() !== '0';

function entry(key: string, vs: readonly string[], verdict: Verdict, reason: string, fatal = false): KeyReport {
  const repeated = vs.length > 1 && key !== 'ipaddr' ? ` (sent ${vs.length} times; the last value is used)` : '';
  return { key, value: vs.join(','), verdict, reason: `${reason}${repeated}`, fatal };
}

function splitIps(vs: readonly string[]): string[] {
  return vs.flatMap((v) => v.split(/[,\s]+/)).map((s) => s.trim()).filter((s) => s !== '');
}

export function assessJailConfig(input: AssessInput): CapabilityReport {
  const { jailconfig: jc, policy, host } = input;
  const has = (p: string): boolean => host.jailParams.includes(p);
  const keys: KeyReport[] = [];
  const s = {
    ip: null as string | null, mask: null as string | null, extraIps: [] as string[], sshdPort: null as number | null,
    diskMb: policy.defaultDiskMb, sysvipc: false, rawSockets: false, bpf: false, devmem: false, ownFib: false,
    eventServer: null as string | null,
  };
  const add = (k: KeyReport): void => void keys.push(k);
  // netMode=vnet: the jail has its own network stack (jail(8) `vnet`); the host's addresses and FIBs are not its.
  const vnet = policy.netMode === 'vnet';

  // JAILIP first: several decisions below depend on whether the jail has its own address.
  const jailip = values(jc['JAILIP']);
  if (jailip.length > 0) {
    const [ip, mask] = last(jailip).split(',').map((x) => x.trim());
    if (vnet) {
      add(entry('JAILIP', jailip, 'refused', 'netMode=vnet: the jail has its own network stack, and its control address would need the host\'s control interface in a bridge, which tbvnode never does; the jail talks to boss through the tmcc proxy socket and to its experiment through its epairs'));
    } else if (ip && mask && isIpv4(ip) && maskToPrefix(mask) !== null) {
      s.ip = ip;
      s.mask = mask;
      add(entry('JAILIP', jailip, 'applied', `ip4.addr=${ip}, a /32 alias on the control interface; the mask ${mask} shapes the jail's routes`));
    } else {
      add(entry('JAILIP', jailip, 'refused', 'not "<ip>,<netmask>"', true));
    }
  }
  const ownIp = s.ip !== null;

  for (const key of [...KNOWN_KEYS.filter((k) => k !== 'JAILIP'), ...Object.keys(jc).filter((k) => !(KNOWN_KEYS as readonly string[]).includes(k)).sort()]) {
    const vs = values(jc[key]);
    if (vs.length === 0) continue;
    const v = last(vs);
    const on = isOn(v);
    const off = (what: string): KeyReport => entry(key, vs, 'applied', `off (=${v}): ${what}`);
    switch (key) {
      case 'PORTRANGE':
        add(vnet
          ? entry(key, vs, 'substituted', 'netMode=vnet: every port of the jail\'s own network stack is its own')
          : ownIp
          ? entry(key, vs, 'substituted', 'the jail has its own address, so it needs no share of the host\'s ports')
          : entry(key, vs, 'refused', 'a port range on the shared host address cannot be confined on stock FreeBSD (mac_portacl matches uid/gid only); boss must send a JAILIP', true));
        break;
      case 'SSHDPORT': {
        const port = Number(v);
        if (Number.isInteger(port) && port > 0 && port < 65_536) {
          s.sshdPort = port;
          add(entry(key, vs, 'applied', `sshd_flags="-p ${port}" in the jail's rc.conf`));
        } else add(entry(key, vs, 'refused', 'not a port number; sshd keeps its default port'));
        break;
      }
      case 'SYSVIPC':
        if (!on) add(off('the jail gets no System V IPC'));
        else if (has('sysvmsg') && has('sysvsem') && has('sysvshm')) {
          s.sysvipc = true;
          add(entry(key, vs, 'applied', 'sysvmsg=new sysvsem=new sysvshm=new (the jail\'s own IPC namespace)'));
        } else add(entry(key, vs, 'refused', 'this kernel has no sysvmsg/sysvsem/sysvshm jail parameters'));
        break;
      case 'INETRAW':
        if (!on) add(off('no raw sockets'));
        else if (has('allow.raw_sockets')) {
          s.rawSockets = true;
          add(entry(key, vs, 'applied', 'allow.raw_sockets'));
        } else add(entry(key, vs, 'refused', 'this kernel has no allow.raw_sockets jail parameter'));
        break;
      case 'BPFRO':
        if (!on) add(off('no /dev/bpf'));
        else if (policy.bpf === 'readwrite') {
          s.bpf = true;
          add(entry(key, vs, 'substituted', 'read-write /dev/bpf* (the jail /dev\'s current devfs ruleset): stock FreeBSD has no read-only bpf, and a non-VNET jail sees all host traffic (operator policy bpf=readwrite)'));
        } else add(entry(key, vs, 'refused', 'stock FreeBSD has no read-only bpf and a jail with bpf sees all host traffic; set bpf=readwrite to allow it'));
        break;
      case 'INADDRANY':
        if (!on) add(off('nothing to do'));
        else if (vnet) add(entry(key, vs, 'applied', 'netMode=vnet: wildcard binds land on the jail\'s own interfaces'));
        else if (ownIp) add(entry(key, vs, 'applied', 'no-op: with ip4.addr set, wildcard binds land on the jail\'s addresses'));
        else add(entry(key, vs, 'refused', 'the jail has no address of its own (never ip4=inherit)'));
        break;
      case 'IPFW':
      case 'IPDIVERT':
        if (!on) add(off('nothing to do'));
        else if (vnet) add(entry(key, vs, 'applied', `netMode=vnet: the jail's own ${key === 'IPFW' ? 'ipfw instance' : 'divert sockets'} (per-vnet), once the host's kernel has ${key === 'IPFW' ? 'ipfw' : 'ipdivert'} loaded`));
        else add(entry(key, vs, 'refused', `${key === 'IPFW' ? 'a firewall' : 'divert sockets'} of its own needs a VNET jail (netMode=vnet)`));
        break;
      case 'ROUTING':
        if (!on) add(off('the host sets the jail\'s routes'));
        else if (vnet) add(entry(key, vs, 'applied', 'netMode=vnet: the jail\'s own routing table'));
        else if (host.fibs > 1 && ownIp) add(entry(key, vs, 'substituted', 'own FIB via exec.fib, routes set by the host; changing routes from inside needs VNET'));
        else add(entry(key, vs, 'refused', host.fibs > 1 ? 'the jail has no address of its own' : `net.fibs=${host.fibs}: the jail shares the host's routing table (set net.fibs in /boot/loader.conf)`));
        break;
      case 'DEVMEM':
        // DEVMEM=0 means off; mkjail turned it on whenever the key was present.
        if (!on) add(off('/dev/mem stays hidden'));
        else if (policy.allowDevmem) {
          s.devmem = true;
          add(entry(key, vs, 'applied', '/dev/mem and /dev/kmem unhidden (devfs ruleset): the jail can read host memory (operator setting allowDevmem)'));
        } else add(entry(key, vs, 'refused', '/dev/mem exposes host memory; set allowDevmem to allow it'));
        break;
      case 'EVENTSERVER':
        if (/^[A-Za-z0-9.-]+$/.test(v)) {
          s.eventServer = v;
          add(entry(key, vs, 'applied', 'written to the jail\'s /var/emulab/boot/eventserver'));
        } else add(entry(key, vs, 'refused', 'not a host name'));
        break;
      case 'IPADDRS':
      case 'ipaddr': {
        const ips = splitIps(key === 'IPADDRS' ? [v] : vs);
        if (vnet) {
          add(entry(key, vs, 'substituted', 'netMode=vnet: the jail\'s experiment addresses come from tmcd\'s ifconfig reply, one epair each, set inside the jail'));
          break;
        }
        if (!ownIp) {
          add(entry(key, vs, 'refused', 'the jail has no control address (JAILIP), so it gets no network at all'));
          break;
        }
        const bad = ips.filter((ip) => !isIpv4(ip));
        const good = ips.filter((ip) => isIpv4(ip) && ip !== s.ip && !s.extraIps.includes(ip));
        s.extraIps.push(...good);
        if (bad.length > 0) add(entry(key, vs, 'refused', `not IPv4 addresses: ${bad.join(', ')}${good.length ? `; the others are used` : ''}`));
        // In alias mode no interface carries them (experiment links need VNET): the jail may bind
        // them, traffic for them reaches it only if something routes it there.
        else add(entry(key, vs, 'substituted', `extra ip4.addr entries${host.fibs > 1 && ownIp ? ' with lo0 routes in the jail\'s FIB' : ''}, but no interface carries them: experiment interfaces need netMode=vnet`));
        break;
      }
      case 'VDSIZE': {
        const mb = Number(v);
        if (Number.isInteger(mb) && mb >= 32) {
          s.diskMb = mb;
          add(entry(key, vs, 'applied', `${mb} MB disk image`));
        } else add(entry(key, vs, 'substituted', `not a size of at least 32 MB; the default ${policy.defaultDiskMb} MB is used`));
        break;
      }
      default:
        add(entry(key, vs, 'refused', 'not a key this backend knows; ignored'));
    }
  }
  if (vnet) {
    // Operator policy, not a jailconfig key: fatal when the kernel cannot do it (no VIMAGE).
    keys.push(has('vnet')
      ? { key: 'netMode', value: 'vnet', verdict: 'applied', reason: 'jail(8) vnet: its own network stack; one epair per experiment interface, the host end in its LAN\'s bridge', fatal: false }
      : { key: 'netMode', value: 'vnet', verdict: 'refused', reason: 'this kernel has no vnet jail parameter (options VIMAGE)', fatal: true });
  }
  s.ownFib = ownIp && host.fibs > 1;
  const limits = assessLimits(policy, host.racct === true);
  keys.push(...limits.keys);
  if (host.etcSecrets !== undefined) keys.push(assessEtcTemplate(host.etcSecrets));
  const settings: JailSettings = { ...s, extraIps: [...s.extraIps], rctlRules: limits.rules };
  const facts = {
    jailParams: [...host.jailParams], fibs: host.fibs, racct: host.racct === true,
    ...(host.etcSecrets === undefined ? {} : { etcSecrets: host.etcSecrets === null ? null : [...host.etcSecrets] }),
  };
  return { v: 1, backend: 'freebsd-jail', netMode: policy.netMode, host: facts, keys, settings, fatal: keys.filter((k) => k.fatal).map((k) => k.key) };
}
