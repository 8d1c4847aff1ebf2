// The capability report, key by key, against FREEBSD.md's table and policy.
import { describe, expect, it } from 'vitest';
import { assessJailConfig, type CapabilityPolicy, type HostFacts, type JailConfig, type Verdict } from '../../src/index.js';
import { DEFAULT_JAIL_PARAMS } from '../../src/testing/index.js';
import { example, ipaddrs } from '../fixtures/jailconfigs.js';

const host: HostFacts = { jailParams: DEFAULT_JAIL_PARAMS, fibs: 4 };
const strict: CapabilityPolicy = { netMode: 'alias', bpf: 'refuse', allowDevmem: false, defaultDiskMb: 512 };
const permissive: CapabilityPolicy = { ...strict, bpf: 'readwrite', allowDevmem: true };
const vnet: CapabilityPolicy = { ...strict, netMode: 'vnet' };
const JAILIP = { JAILIP: '172.17.3.1,255.240.0.0' };

function verdict(jc: JailConfig, key: string, o: { policy?: CapabilityPolicy; host?: HostFacts } = {}): [Verdict | undefined, boolean | undefined] {
  const r = assessJailConfig({ jailconfig: jc, policy: o.policy ?? strict, host: o.host ?? host });
  const k = r.keys.find((x) => x.key === key);
  return [k?.verdict, k?.fatal];
}

describe('assessJailConfig', () => {
  it.each<[string, JailConfig, string, CapabilityPolicy, HostFacts, Verdict | undefined, boolean | undefined]>([
    ['JAILIP valid', JAILIP, 'JAILIP', strict, host, 'applied', false],
    ['JAILIP malformed is fatal', { JAILIP: '172.17.3.1' }, 'JAILIP', strict, host, 'refused', true],
    ['JAILIP with a non-contiguous mask', { JAILIP: '172.17.3.1,255.0.255.0' }, 'JAILIP', strict, host, 'refused', true],
    ['PORTRANGE with an own address', { ...JAILIP, PORTRANGE: '30000,30999' }, 'PORTRANGE', strict, host, 'substituted', false],
    ['PORTRANGE without JAILIP is fatal', { PORTRANGE: '30000,30999' }, 'PORTRANGE', strict, host, 'refused', true],
    ['SSHDPORT', { ...JAILIP, SSHDPORT: '30022' }, 'SSHDPORT', strict, host, 'applied', false],
    ['SSHDPORT garbage', { ...JAILIP, SSHDPORT: 'ssh' }, 'SSHDPORT', strict, host, 'refused', false],
    ['SYSVIPC=1', { ...JAILIP, SYSVIPC: '1' }, 'SYSVIPC', strict, host, 'applied', false],
    ['SYSVIPC=1 on a kernel without sysvmsg', { ...JAILIP, SYSVIPC: '1' }, 'SYSVIPC', strict, { jailParams: ['allow.raw_sockets'], fibs: 4 }, 'refused', false],
    ['INETRAW=1', { ...JAILIP, INETRAW: '1' }, 'INETRAW', strict, host, 'applied', false],
    ['BPFRO=1 refused by default', { ...JAILIP, BPFRO: '1' }, 'BPFRO', strict, host, 'refused', false],
    ['BPFRO=1 with bpf=readwrite', { ...JAILIP, BPFRO: '1' }, 'BPFRO', permissive, host, 'substituted', false],
    ['INADDRANY=1', { ...JAILIP, INADDRANY: '1' }, 'INADDRANY', strict, host, 'applied', false],
    ['IPFW=1 without VNET', { ...JAILIP, IPFW: '1' }, 'IPFW', strict, host, 'refused', false],
    ['IPDIVERT=1 without VNET', { ...JAILIP, IPDIVERT: '1' }, 'IPDIVERT', strict, host, 'refused', false],
    ['ROUTING=1 with FIBs', { ...JAILIP, ROUTING: '1' }, 'ROUTING', strict, host, 'substituted', false],
    ['ROUTING=1 with net.fibs=1', { ...JAILIP, ROUTING: '1' }, 'ROUTING', strict, { ...host, fibs: 1 }, 'refused', false],
    ['DEVMEM=1 refused by default', { ...JAILIP, DEVMEM: '1' }, 'DEVMEM', strict, host, 'refused', false],
    ['DEVMEM=1 with allowDevmem', { ...JAILIP, DEVMEM: '1' }, 'DEVMEM', permissive, host, 'applied', false],
    ['DEVMEM=0 is off, even when allowed', { ...JAILIP, DEVMEM: '0' }, 'DEVMEM', permissive, host, 'applied', false],
    ['EVENTSERVER', { ...JAILIP, EVENTSERVER: 'event-server.emulab.net' }, 'EVENTSERVER', strict, host, 'applied', false],
    ['EVENTSERVER garbage', { ...JAILIP, EVENTSERVER: 'a b;c' }, 'EVENTSERVER', strict, host, 'refused', false],
    // In alias mode no interface carries them: not "applied".
    ['IPADDRS', { ...JAILIP, IPADDRS: '10.1.1.2,10.1.2.2' }, 'IPADDRS', strict, host, 'substituted', false],
    ['IPADDRS without JAILIP', { IPADDRS: '10.1.1.2' }, 'IPADDRS', strict, host, 'refused', false],
    ['IPADDRS with a bad entry', { ...JAILIP, IPADDRS: '10.1.1.2,10.1.2' }, 'IPADDRS', strict, host, 'refused', false],
    ['VDSIZE', { ...JAILIP, VDSIZE: '2048' }, 'VDSIZE', strict, host, 'applied', false],
    ['VDSIZE too small', { ...JAILIP, VDSIZE: '1' }, 'VDSIZE', strict, host, 'substituted', false],
    ['an unknown key', { ...JAILIP, FROBNICATE: '1' }, 'FROBNICATE', strict, host, 'refused', false],
    // netMode=vnet: what the jail's own stack gives, and what it cannot have.
    ['vnet: JAILIP is not the jail\'s (no bridge with the host\'s control interface)', JAILIP, 'JAILIP', vnet, host, 'refused', false],
    ['vnet: PORTRANGE without JAILIP is not fatal', { PORTRANGE: '30000,30999' }, 'PORTRANGE', vnet, host, 'substituted', false],
    ['vnet: INADDRANY', { INADDRANY: '1' }, 'INADDRANY', vnet, host, 'applied', false],
    ['vnet: IPFW', { IPFW: '1' }, 'IPFW', vnet, host, 'applied', false],
    ['vnet: IPDIVERT', { IPDIVERT: '1' }, 'IPDIVERT', vnet, host, 'applied', false],
    ['vnet: ROUTING, even with net.fibs=1', { ROUTING: '1' }, 'ROUTING', vnet, { ...host, fibs: 1 }, 'applied', false],
    ['vnet: IPADDRS come from the ifconfig reply', { IPADDRS: '10.1.1.2' }, 'IPADDRS', vnet, host, 'substituted', false],
    ['vnet: the mode itself', {}, 'netMode', vnet, host, 'applied', false],
    ['vnet: a kernel without VIMAGE is fatal', {}, 'netMode', vnet, { ...host, jailParams: DEFAULT_JAIL_PARAMS.filter((p) => p !== 'vnet') }, 'refused', true],
    ['alias mode says nothing about vnet', {}, 'netMode', strict, host, undefined, undefined],
  ])('%s', (_name, jc, key, policy, facts, want, fatal) => {
    expect(verdict(jc, key, { policy, host: facts })).toEqual([want, fatal]);
  });

  it('DEVMEM=0 leaves /dev/mem hidden (mkjail turned it on for any DEVMEM line)', () => {
    const r = assessJailConfig({ jailconfig: { ...JAILIP, DEVMEM: '0' }, policy: permissive, host });
    expect(r.settings.devmem).toBe(false);
  });

  it('never drops all options when some are refused: the §10 example applies what it can', () => {
    const r = assessJailConfig({ jailconfig: example, policy: strict, host });
    expect(r.fatal).toEqual([]);
    expect(r.settings).toMatchObject({ ip: '172.17.3.1', sshdPort: 30022, sysvipc: true, rawSockets: true, bpf: false, devmem: false, ownFib: true });
    expect(r.keys.map((k) => k.key)).toEqual(Object.keys(example));
  });

  it('merges IPADDRS and repeated ipaddr lines, without duplicates or the JAILIP', () => {
    const r = assessJailConfig({ jailconfig: { ...ipaddrs, ipaddr: ['10.1.1.7', '10.1.2.7', '10.1.3.7', '172.17.3.7'] }, policy: strict, host });
    expect(r.settings.extraIps).toEqual(['10.1.3.7', '10.1.1.7', '10.1.2.7']);
  });

  it('uses the last of a key sent twice, and says so', () => {
    const r = assessJailConfig({ jailconfig: { ...JAILIP, SSHDPORT: ['22', '30022'] }, policy: strict, host });
    expect(r.settings.sshdPort).toBe(30022);
    expect(r.keys.find((k) => k.key === 'SSHDPORT')?.reason).toMatch(/sent 2 times/);
  });

  it('vnet: no address, extra IPs or FIB from jailconfig (none of the host\'s stack is the jail\'s)', () => {
    const s = assessJailConfig({ jailconfig: example, policy: vnet, host }).settings;
    expect(s).toMatchObject({ ip: null, extraIps: [], ownFib: false });
  });

  it('gives no FIB without an address or with net.fibs=1', () => {
    expect(assessJailConfig({ jailconfig: {}, policy: strict, host }).settings.ownFib).toBe(false);
    expect(assessJailConfig({ jailconfig: JAILIP, policy: strict, host: { ...host, fibs: 1 } }).settings.ownFib).toBe(false);
    expect(assessJailConfig({ jailconfig: JAILIP, policy: strict, host }).settings.ownFib).toBe(true);
  });
});
