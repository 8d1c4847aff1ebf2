import { describe, expect, it } from 'vitest';
import { parseIfconfig } from '@tbvnode/tmcc';
import { lanBridgeAlias, lanBridgeName, lanKey } from '../../src/net/lan-key.js';
import { IFNAMSIZ_MAX, isValidIfName } from '../../src/net/names.js';
import { planExperimentIfaces } from '../../src/net/plan.js';
import { vnodeIfNames } from '../../src/backend/vnode-layout.js';

// Vnode n's interface names for these entries, as planVnode passes them.
const planFor = (id: string, n: number, entries: Parameters<typeof planExperimentIfaces>[2], experiment?: Parameters<typeof planExperimentIfaces>[3]) =>
  planExperimentIfaces(id, vnodeIfNames(n, entries.length).experiment, entries, experiment);

const A = { pid: 'testbed', eid: 'exp-a' };
const B = { pid: 'testbed', eid: 'exp-b' };

describe('lanKey', () => {
  it.each([
    ['a VTAG names the LAN', { lan: 'lan0', vtag: '101', ifaceType: 'veth' }, 'vtag/veth/101'],
    ['veth-ne and missing types are veths', { lan: 'lan0', vtag: '101' }, 'vtag/veth/101'],
    ['a vlan tag is another table', { lan: 'lan0', vtag: '101', ifaceType: 'vlan' }, 'vtag/vlan/101'],
    ['a loop tag too', { lan: 'lan0', vtag: '7', ifaceType: 'loop' }, 'vtag/loop/7'],
    ['leading zeros do not make another LAN', { lan: 'lan0', vtag: '0101' }, 'vtag/veth/101'],
    ['VTAG 0 means none: the experiment decides', { lan: 'lan0', vtag: '0', experiment: A }, 'exp/testbed/exp-a/lan0'],
    ['no VTAG: pid/eid plus the name', { lan: 'lan0', experiment: B }, 'exp/testbed/exp-b/lan0'],
    ['an empty VTAG is no VTAG', { lan: 'link1', vtag: '', experiment: A }, 'exp/testbed/exp-a/link1'],
  ])('%s', (_what, input, key) => expect(lanKey(input)).toBe(key));

  it.each([
    ['no VTAG and no experiment', { lan: 'lan0' }, /no VTAG and the vnode's experiment/],
    ['VTAG 0 and no experiment', { lan: 'lan0', vtag: '0' }, /no VTAG/],
    ['a VTAG that is not a number', { lan: 'lan0', vtag: '1;x' }, /bad VTAG/],
  ])('refuses %s', (_what, input, msg) => expect(() => lanKey(input)).toThrow(msg));
});

describe('lanBridgeName', () => {
  const keys = ['vtag/veth/101', 'vtag/vlan/101', 'vtag/veth/102', 'exp/testbed/exp-a/lan0', 'exp/testbed/exp-b/lan0', 'vnode/pcvm1-1/if0'];
  it('is deterministic, fits IFNAMSIZ and is a valid name', () => {
    for (const k of keys) {
      expect(lanBridgeName(k)).toBe(lanBridgeName(k));
      expect(lanBridgeName(k)).toMatch(/^tbl[0-9a-f]{12}$/);
      expect(lanBridgeName(k).length).toBe(IFNAMSIZ_MAX);
      expect(isValidIfName(lanBridgeName(k))).toBe(true);
    }
  });
  it('gives distinct keys distinct names (same LAN name in two experiments, same tag in two tables)', () => {
    expect(new Set(keys.map(lanBridgeName)).size).toBe(keys.length);
  });
  it('marks the bridge with the key', () => expect(lanBridgeAlias('vtag/veth/101')).toBe('tbvnode lan vtag/veth/101'));
});

describe('two experiments that both name a LAN lan0', () => {
  const line = 'INTERFACE IFACETYPE=veth INET=10.1.1.2 MASK=255.255.255.0 VMAC=00000a010102 LAN=lan0\n';
  it('get separate bridges by pid/eid when tmcd sends no VTAG', () => {
    const [a] = planFor('pcvm1-1', 1, parseIfconfig(line), A);
    const [b] = planFor('pcvm1-2', 2, parseIfconfig(line), B);
    expect(a?.bridge).not.toBe(b?.bridge);
  });
  it('get separate bridges by VTAG', () => {
    const [a] = planFor('pcvm1-1', 1, parseIfconfig(line.replace('\n', ' VTAG=101\n')));
    const [b] = planFor('pcvm1-2', 2, parseIfconfig(line.replace('\n', ' VTAG=202\n')));
    expect(a?.bridge).not.toBe(b?.bridge);
  });
  it('share one bridge within one experiment', () => {
    const [a] = planFor('pcvm1-1', 1, parseIfconfig(line), A);
    const [b] = planFor('pcvm1-2', 2, parseIfconfig(line), A);
    expect(a?.bridge).toBe(b?.bridge);
  });
});
