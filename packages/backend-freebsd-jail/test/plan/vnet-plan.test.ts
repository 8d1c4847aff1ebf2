import type { IfconfigEntry } from '@tbvnode/tmcc';
import { lanBridgeName } from '@tbvnode/core';
import { describe, expect, it } from 'vitest';
import { checkInterfaceCount, epairEnds, IFNAME_MAX, jailIfaceCommands, planVnetIfaces } from '../../src/plan/vnet-plan.js';

const entry = (fields: Record<string, string>, settings: Record<string, string> = {}): IfconfigEntry => ({
  fields, inet: fields['INET'] ?? '', mask: fields['MASK'] ?? '', mac: fields['VMAC'] ?? fields['MAC'] ?? '', settings,
});
const A = { pid: 'testbed', eid: 'exp-a' };
const B = { pid: 'testbed', eid: 'exp-b' };

describe('VNET interface plan', () => {
  it('one epair per interface, the host end in its LAN\'s bridge (keyed like Linux), names within IFNAMSIZ', () => {
    const plan = planVnetIfaces('pcvm42-3', [
      entry({ INET: '10.1.1.2', MASK: '255.255.255.0', LAN: 'lan0', VMAC: '0200DEADBEEF' }),
      entry({ INET: '10.1.2.2', MASK: '255.255.255.0', LAN: 'link1', VTAG: '101', MTU: '1400' }),
    ], A);
    expect(plan).toHaveLength(2);
    expect(plan[0]).toMatchObject({
      lan: 'lan0', lanKey: 'exp/testbed/exp-a/lan0', bridge: lanBridgeName('exp/testbed/exp-a/lan0'),
      bridgeMark: 'tbvnode lan exp/testbed/exp-a/lan0', inet: '10.1.1.2', mask: '255.255.255.0', mac: '02:00:de:ad:be:ef',
    });
    expect(plan[0]).not.toHaveProperty('mtu');
    expect(plan[1]).toMatchObject({ lanKey: 'vtag/veth/101', mtu: 1400 });
    expect(plan[1]).not.toHaveProperty('mac');
    for (const i of plan) for (const n of [i.bridge, i.hostEnd, i.jailEnd]) expect(n.length).toBeLessThanOrEqual(IFNAME_MAX);
    expect(plan[0]?.bridge).toMatch(/^tbl[0-9a-f]{12}$/);
    expect(new Set(plan.flatMap((i) => [i.hostEnd, i.jailEnd])).size).toBe(4);
  });

  it('the same LAN of one experiment is one bridge; the same LAN name in two experiments is two', () => {
    const lan0 = entry({ INET: '10.1.1.2', MASK: '255.255.255.0', LAN: 'lan0' });
    const a1 = planVnetIfaces('pcvm1-1', [lan0], A)[0];
    const a2 = planVnetIfaces('pcvm1-2', [lan0], A)[0];
    const b1 = planVnetIfaces('pcvm1-3', [lan0], B)[0];
    expect(a1?.bridge).toBe(a2?.bridge);
    expect(a1?.bridge).not.toBe(b1?.bridge);
    expect(a1?.hostEnd).not.toBe(a2?.hostEnd);
  });

  it('an interface without a LAN gets a bridge of its own vnode', () => {
    const [i] = planVnetIfaces('pcvm1-1', [entry({ INET: '10.1.1.2', MASK: '255.255.255.0' })]);
    expect(i).toMatchObject({ lan: 'pcvm1-1-if0', lanKey: 'vnode/pcvm1-1/if0' });
  });

  it('different vnodes and interfaces get different epairs', () => {
    expect(epairEnds('pcvm1-1', 0).hostEnd).not.toBe(epairEnds('pcvm1-2', 0).hostEnd);
    expect(epairEnds('pcvm1-1', 0).hostEnd).not.toBe(epairEnds('pcvm1-1', 1).hostEnd);
  });

  it.each([
    [{ INET: '10.1.1', MASK: '255.255.255.0', LAN: 'lan0' }, A, /bad address/],
    [{ INET: '10.1.1.2', MASK: '255.0.255.0', LAN: 'lan0' }, A, /bad address/],
    [{ INET: '10.1.1.2', MASK: '255.255.255.0', LAN: 'lan0' }, undefined, /no VTAG and the vnode's experiment/],
    [{ INET: '10.1.1.2', MASK: '255.255.255.0', LAN: 'lan0', VTAG: '1;x' }, A, /bad VTAG/],
  ])('refuses %j', (fields, exp, why) => {
    expect(() => planVnetIfaces('pcvm1-1', [entry(fields)], exp)).toThrow(why);
  });

  it('refuses an interface index that no longer fits a name', () => {
    expect(() => epairEnds('pcvm1-1', 100_000)).toThrow(/too many interfaces/);
  });

  it.each([
    ['no MTU', {}, undefined],
    ['a sane MTU', { MTU: '9000' }, 9000],
    ['below the minimum', { MTU: '100' }, undefined],
    ['not a number', { MTU: '15OO' }, undefined],
  ])('MTU: %s', (_w, extra, mtu) => {
    const [i] = planVnetIfaces('v1', [entry({ INET: '10.0.0.2', MASK: '255.255.255.0', LAN: 'l', ...extra })], A);
    expect(i?.mtu).toBe(mtu);
  });
});

describe('jail-side commands', () => {
  it('MAC on its own command (one address family per ifconfig), then address, MTU, up; absolute paths', () => {
    const [i] = planVnetIfaces('v1', [entry({ INET: '10.0.0.2', MASK: '255.255.255.0', LAN: 'l', VMAC: '020000000001', MTU: '1450' })], A);
    if (!i) throw new Error('no plan');
    expect(jailIfaceCommands(i)).toEqual([
      ['/sbin/ifconfig', i.jailEnd, 'ether', '02:00:00:00:00:01'],
      ['/sbin/ifconfig', i.jailEnd, 'inet', '10.0.0.2', 'netmask', '255.255.255.0', 'mtu', '1450', 'up'],
    ]);
  });
});

describe('maxInterfaces', () => {
  it.each([[0, 16, true], [16, 16, true], [17, 16, false], [2, 1, false]])('%i interfaces, cap %i: allowed %s', (n, max, allowed) => {
    const f = (): void => checkInterfaceCount('v1', n, max);
    if (allowed) expect(f).not.toThrow();
    else expect(f).toThrow(/more than maxInterfaces/);
  });
});
