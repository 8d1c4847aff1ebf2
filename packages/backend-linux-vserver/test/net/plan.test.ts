import { describe, expect, it } from 'vitest';
import { parseIfconfig } from '@tbvnode/tmcc';
import { lanBridgeName } from '../../src/net/lan-key.js';
import { macFromIpv4, planExperimentIfaces } from '../../src/net/plan.js';
import { vnodeIfNames } from '../../src/backend/vnode-layout.js';

// Vnode n's interface names for these entries, as planVnode passes them.
const planFor = (id: string, n: number, entries: Parameters<typeof planExperimentIfaces>[2], experiment?: Parameters<typeof planExperimentIfaces>[3]) =>
  planExperimentIfaces(id, vnodeIfNames(n, entries.length).experiment, entries, experiment);

describe('planExperimentIfaces', () => {
  it('maps each ifconfig INTERFACE to a veth in its LAN bridge', () => {
    const text = [
      'INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 VMAC=00000a010102 LAN=lan0 VTAG=101',
      'INTERFACE IFACETYPE=veth INET=10.1.2.2 MASK=255.255.255.0 VMAC=00000a010202 LAN=link1 VTAG=0',
    ].join('\n');
    expect(planFor('pcvm1-4', 4, parseIfconfig(text), { pid: 'p', eid: 'e' })).toEqual([
      { bridge: lanBridgeName('vtag/veth/101'), lanKey: 'vtag/veth/101', lan: 'lan0', host: 'pe4.0', vnodeTemp: 've4.0', inside: 'eth0', address: '10.1.1.2/24', mac: '00:00:0a:01:01:02' },
      { bridge: lanBridgeName('exp/p/e/link1'), lanKey: 'exp/p/e/link1', lan: 'link1', host: 'pe4.1', vnodeTemp: 've4.1', inside: 'eth1', address: '10.1.2.2/24', mac: '00:00:0a:01:02:02' },
    ]);
  });
  it('refuses a non-contiguous mask', () => {
    const e = parseIfconfig('INTERFACE INET=10.1.1.2 MASK=255.0.255.0 LAN=x');
    expect(() => planFor('pcvm1-4', 4, e)).toThrow(/bad mask/);
  });
  it('refuses an address that is not IPv4', () => {
    const e = parseIfconfig('INTERFACE INET=10.1.1 MASK=255.255.255.0 LAN=x VTAG=3');
    expect(() => planFor('pcvm1-4', 4, e)).toThrow(/bad INET/);
  });
  it('gives an interface without a LAN its own bridge and a MAC derived from its address', () => {
    const [p] = planFor('pcvm1-4', 4, parseIfconfig('INTERFACE INET=10.9.9.9 MASK=255.255.0.0 MAC=zz'));
    expect(p).toMatchObject({ lan: 'pcvm1-4-if0', lanKey: 'vnode/pcvm1-4/if0', address: '10.9.9.9/16', mac: '02:01:0a:09:09:09' });
  });
  it.each([
    [0, '172.16.0.5', '02:00:ac:10:00:05'],
    [1, '10.1.1.2', '02:01:0a:01:01:02'],
    [0, '255.255.255.255', '02:00:ff:ff:ff:ff'],
  ])('macFromIpv4(%i, %s) = %s', (tag, ip, mac) => expect(macFromIpv4(tag, ip)).toBe(mac));
});
