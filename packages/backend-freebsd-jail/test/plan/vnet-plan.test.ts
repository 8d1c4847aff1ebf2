import type { IfconfigEntry } from '@tbvnode/tmcc';
import { describe, expect, it } from 'vitest';
import { epairEnds, IFNAME_MAX, lanBridge, planVnetIfaces } from '../../src/plan/vnet-plan.js';

const entry = (fields: Record<string, string>): IfconfigEntry => ({
  fields, inet: fields['INET'] ?? '', mask: fields['MASK'] ?? '', mac: fields['VMAC'] ?? fields['MAC'] ?? '', settings: {},
});

describe('VNET interface plan', () => {
  it('one epair per interface, the host end in its LAN\'s bridge, names within IFNAMSIZ', () => {
    const plan = planVnetIfaces('pcvm42-3', [
      entry({ INET: '10.1.1.2', MASK: '255.255.255.0', LAN: 'lan0', VMAC: '0200DEADBEEF' }),
      entry({ INET: '10.1.2.2', MASK: '255.255.255.0', LAN: 'link1' }),
    ]);
    expect(plan).toHaveLength(2);
    expect(plan[0]).toMatchObject({ lan: 'lan0', bridge: lanBridge('lan0'), inet: '10.1.1.2', mask: '255.255.255.0', mac: '02:00:de:ad:be:ef' });
    expect(plan[1]).not.toHaveProperty('mac');
    for (const i of plan) for (const n of [i.bridge, i.hostEnd, i.jailEnd]) expect(n.length).toBeLessThanOrEqual(IFNAME_MAX);
    expect(new Set(plan.flatMap((i) => [i.hostEnd, i.jailEnd])).size).toBe(4);
  });

  it('the same LAN is the same bridge for every vnode; different vnodes get different epairs', () => {
    expect(lanBridge('lan0')).toBe(lanBridge('lan0'));
    expect(lanBridge('lan0')).not.toBe(lanBridge('lan1'));
    expect(epairEnds('pcvm1-1', 0).hostEnd).not.toBe(epairEnds('pcvm1-2', 0).hostEnd);
    expect(epairEnds('pcvm1-1', 0).hostEnd).not.toBe(epairEnds('pcvm1-1', 1).hostEnd);
  });

  it.each([
    [{ INET: '10.1.1.2', MASK: '255.255.255.0' }, /names no LAN/],
    [{ INET: '10.1.1', MASK: '255.255.255.0', LAN: 'lan0' }, /bad address/],
    [{ INET: '10.1.1.2', MASK: '255.0.255.0', LAN: 'lan0' }, /bad address/],
  ])('refuses %j', (fields, why) => {
    expect(() => planVnetIfaces('pcvm1-1', [entry(fields)])).toThrow(why);
  });

  it('refuses an interface index that no longer fits a name', () => {
    expect(() => epairEnds('pcvm1-1', 100_000)).toThrow(/too many interfaces/);
  });
});
