// VNET LAN bridges are keyed by experiment and owned by mark. Attacks: two
// experiments that both call a LAN `lan0` must never share a bridge (their
// networks would be joined); a bridge tbvnode did not make, even one under the
// very name tbvnode would use, is never joined, changed or destroyed. And
// boss cannot make a vnode create more epairs than the operator allows.
import { lanBridgeAlias, lanBridgeName, type VirtualizationBackend, type VnodeContext } from '@tbvnode/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFreebsdJailBackend, type JailConfig } from '../../src/index.js';
import { example } from '../fixtures/jailconfigs.js';
import { epairEnds } from '../../src/plan/vnet-plan.js';
import { codesOf } from '../support/host-tree.js';
import { bringUp, createWorld, type World } from '../support/world.js';

const LAN0 = 'INTERFACE IFACETYPE=veth INET=10.1.1.%d MASK=255.255.255.0 LAN=lan0\n';
const EXP_A = { pid: 'testbed', eid: 'exp-a' };
const EXP_B = { pid: 'testbed', eid: 'exp-b' };
const BRIDGE_A = lanBridgeName('exp/testbed/exp-a/lan0');
const BRIDGE_B = lanBridgeName('exp/testbed/exp-b/lan0');

let w: World;
let b: VirtualizationBackend;
let before: unknown;

beforeEach(async () => {
  w = await createWorld({ netMode: 'vnet' });
  b = w.backend();
  before = await w.snapshot();
  await b.prepareHost(w.hostCtx, await w.openHost());
});

afterEach(async () => {
  await w.dispose();
});

async function vnode(id: string, host: number, experiment: { pid: string; eid: string }): Promise<VnodeContext> {
  return w.vnode(id, example as JailConfig, { ifconfig: LAN0.replace('%d', String(host)), experiment });
}

const members = (bridge: string): string[] => [...(w.fake.clones.members.get(bridge) ?? [])];
const inJail = (id: string): string[] => [...(w.fake.jails.get(id)?.ifaces.values() ?? [])].flat();

describe('LAN bridges per experiment', () => {
  it('two experiments\' lan0 get two bridges; two vnodes of one experiment share one until the last leaves', async () => {
    const a1 = await vnode('pcvm1-1', 2, EXP_A);
    const a2 = await vnode('pcvm1-2', 3, EXP_A);
    const b1 = await vnode('pcvm2-1', 2, EXP_B);
    for (const v of [a1, a2, b1]) await bringUp(b, v, await w.open(v));
    expect(BRIDGE_A).not.toBe(BRIDGE_B);
    expect(members(BRIDGE_A)).toHaveLength(2);
    expect(members(BRIDGE_B)).toHaveLength(1);
    // Nothing of one experiment's LAN is in the other's bridge.
    expect(members(BRIDGE_A).some((m) => members(BRIDGE_B).includes(m))).toBe(false);
    expect(w.fake.clones.descr.get(BRIDGE_A)).toBe(lanBridgeAlias('exp/testbed/exp-a/lan0'));
    expect(inJail('pcvm1-1')).toEqual(['10.1.1.2']);
    expect(inJail('pcvm2-1')).toEqual(['10.1.1.2']);

    await w.undo(a1, 'kill');
    expect(members(BRIDGE_A)).toHaveLength(1);
    expect(members(BRIDGE_B)).toHaveLength(1);
    await w.undo(b1, 'kill');
    expect(w.fake.ifaces.has(BRIDGE_B)).toBe(false);
    expect(w.fake.ifaces.has(BRIDGE_A)).toBe(true);
    await w.undo(a2, 'kill');
    expect(w.fake.ifaces.has(BRIDGE_A)).toBe(false);
    await w.undoHost();
    expect(await w.snapshot()).toEqual(before);
  });
});

describe('a bridge tbvnode does not own', () => {
  it.each([
    ['no description', [] as string[]],
    ['someone else\'s description', ['description', 'uplink to the lab']],
    ['tbvnode\'s mark for another LAN', ['description', lanBridgeAlias('exp/testbed/exp-b/lan0')]],
  ])('under our name with %s: never joined, changed or destroyed', async (_what, descr) => {
    // The operator's bridge, with a member, under exactly the name exp-a's lan0 would get.
    await w.fake.runner.run(['ifconfig', 'epair', 'create']);
    await w.fake.runner.run(['ifconfig', 'bridge', 'create', 'name', BRIDGE_A, ...descr, 'up']);
    await w.fake.runner.run(['ifconfig', BRIDGE_A, 'addm', 'epair0a']);
    const theirs = (): unknown => ({ members: members(BRIDGE_A), descr: w.fake.clones.descr.get(BRIDGE_A), exists: w.fake.ifaces.has(BRIDGE_A) });
    const was = theirs();
    const hostBefore = await w.snapshot();

    const v = await vnode('pcvm1-1', 2, EXP_A);
    const err = await bringUp(b, v, await w.open(v)).then(() => null, (e: unknown) => e);
    expect(codesOf(err)).toContain('FBSD_NOT_OURS');
    expect(theirs()).toEqual(was);
    await w.undo(v, 'kill');
    expect(theirs()).toEqual(was);
    await w.undoHost();
    // Our epair gone, theirs and their bridge as they were.
    expect(w.fake.state()['ifaces']).toEqual((hostBefore as { host: Record<string, unknown> }).host['ifaces']);
  });

  it('emptied by our undo, a bridge someone re-marked while we ran is left alone', async () => {
    const v = await vnode('pcvm1-1', 2, EXP_A);
    await bringUp(b, v, await w.open(v));
    // Someone takes the bridge over (their description) while the vnode runs.
    await w.fake.runner.run(['ifconfig', BRIDGE_A, 'description', 'mine now']);
    await w.undo(v, 'kill');
    expect(w.fake.ifaces.has(BRIDGE_A)).toBe(true);
    expect(w.fake.clones.descr.get(BRIDGE_A)).toBe('mine now');
    // Our member stayed in what is no longer ours (never modified); our epair's destroy took it out.
    expect(members(BRIDGE_A)).toEqual([]);
  });
});

describe('an interface under our epair end\'s name', () => {
  it.each(['hostEnd', 'jailEnd'] as const)('(the %s) is someone else\'s: the vnode fails, that interface stays, our new pair goes', async (end) => {
    const names = epairEnds('pcvm1-1', 0);
    // Somebody's clone under the very name this vnode's interface 0 would get.
    await w.fake.runner.run(['ifconfig', 'bridge', 'create', 'name', names[end]]);
    const hostBefore = w.fake.state()['ifaces'];
    const v = await vnode('pcvm1-1', 2, EXP_A);
    const err = await bringUp(b, v, await w.open(v)).then(() => null, (e: unknown) => e);
    expect(codesOf(err)).toContain('FBSD_NOT_OURS');
    await w.undo(v, 'kill');
    await w.undoHost();
    expect(w.fake.state()['ifaces']).toEqual(hostBefore);
    expect(w.fake.clones.members.has(names[end])).toBe(true);
  });
});

describe('maxInterfaces', () => {
  it('a vnode with more experiment interfaces than the cap fails in create, before any host change', async () => {
    w.fake.calls.length = 0;
    const many = Array.from({ length: 3 }, (_x, k) => `INTERFACE IFACETYPE=veth INET=10.1.${k}.2 MASK=255.255.255.0 LAN=lan${k}\n`).join('');
    const capped = createFreebsdJailBackend({ ...w.options, maxInterfaces: 2 });
    const v = await w.vnode('pcvm1-1', example as JailConfig, { ifconfig: many, experiment: EXP_A });
    const err = await capped.create(v, await w.open(v)).then(() => null, (e: unknown) => e);
    expect(String(err)).toMatch(/3 experiment interfaces, more than maxInterfaces \(2\)/);
    // Only the host probes ran: no image, mount, epair or bridge.
    expect(w.fake.calls.map((c) => c.argv[0])).toEqual(['sysctl', 'sysctl', 'sysctl']);
    await w.undo(v, 'kill');
    await w.undoHost();
    expect(await w.snapshot()).toEqual(before);
  });
});
