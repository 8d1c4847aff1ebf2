import { describe, expect, it } from 'vitest';
import { parseIfconfig } from '@tbvnode/tmcc';
import { planExperimentIfaces } from '../../src/net/plan.js';

describe('planExperimentIfaces', () => {
  it('maps each ifconfig INTERFACE to a veth in its LAN bridge', () => {
    const text = [
      'INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 VMAC=00000a010102 LAN=lan0',
      'INTERFACE IFACETYPE=veth INET=10.1.2.2 MASK=255.255.255.0 VMAC=00000a010202 LAN=link1',
    ].join('\n');
    expect(planExperimentIfaces('pcvm1-4', 4, parseIfconfig(text))).toEqual([
      { bridge: 'br-lan0', lan: 'lan0', host: 'pe4.0', vnodeTemp: 've4.0', inside: 'eth0', address: '10.1.1.2/24', mac: '00:00:0a:01:01:02' },
      { bridge: 'br-link1', lan: 'link1', host: 'pe4.1', vnodeTemp: 've4.1', inside: 'eth1', address: '10.1.2.2/24', mac: '00:00:0a:01:02:02' },
    ]);
  });
  it('refuses a non-contiguous mask', () => {
    const e = parseIfconfig('INTERFACE INET=10.1.1.2 MASK=255.0.255.0 LAN=x');
    expect(() => planExperimentIfaces('pcvm1-4', 4, e)).toThrow(/bad mask/);
  });
  it('gives an interface without a LAN its own bridge', () => {
    const [p] = planExperimentIfaces('pcvm1-4', 4, parseIfconfig('INTERFACE INET=10.9.9.9 MASK=255.255.0.0 MAC=zz'));
    expect(p).toMatchObject({ lan: 'pcvm1-4-if0', address: '10.9.9.9/16' });
    expect(p?.mac).toBeUndefined();
  });
});
