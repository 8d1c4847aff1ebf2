import { describe, expect, it } from 'vitest';
import { needsVnodeList, planBootvnodes, type VnodeEntry } from '../../src/bootvnodes/plan.js';

const j = (vnodeId: string, jailed = true): VnodeEntry => ({ vnodeId, jailed });
const summary = (p: ReturnType<typeof planBootvnodes>) => p.map((a) => `${a.action}:${a.vnodeId}`);

describe('planBootvnodes', () => {
  const table: Array<{
    name: string;
    req: Parameters<typeof planBootvnodes>[0];
    present: VnodeEntry[];
    wanted: VnodeEntry[] | undefined;
    expected: string[];
  }> = [
    { name: 'cold boot boots every wanted vnode, sorted', req: { reconfig: false },
      present: [], wanted: [j('pcvm1-3'), j('pcvm1-1'), j('pcvm1-2')],
      expected: ['boot:pcvm1-1', 'boot:pcvm1-2', 'boot:pcvm1-3'] },
    { name: 'cold boot with nothing wanted does nothing', req: { reconfig: false },
      present: [j('pcvm1-1')], wanted: [], expected: [] },
    { name: 'halt applies to the vnodes present, ignoring boss', req: { action: 'halt', reconfig: false },
      present: [j('pcvm1-2'), j('pcvm1-1')], wanted: undefined, expected: ['halt:pcvm1-1', 'halt:pcvm1-2'] },
    { name: 'kill applies to the vnodes present', req: { action: 'kill', reconfig: false },
      present: [j('b'), j('a')], wanted: undefined, expected: ['kill:a', 'kill:b'] },
    { name: 'boot without -c boots those present', req: { action: 'boot', reconfig: false },
      present: [j('a')], wanted: undefined, expected: ['boot:a'] },
    { name: 'reconfig reboots those in both, kills the gone, boots the new', req: { reconfig: true },
      present: [j('a'), j('b')], wanted: [j('b'), j('c')], expected: ['kill:a', 'reboot:b', 'boot:c'] },
    { name: 'reconfig with -h halts those in both, kills the gone, boots nothing', req: { action: 'halt', reconfig: true },
      present: [j('a'), j('b')], wanted: [j('b'), j('c')], expected: ['kill:a', 'halt:b'] },
    { name: 'reconfig with -b boots those in both and the new', req: { action: 'boot', reconfig: true },
      present: [j('a'), j('b')], wanted: [j('b'), j('c')], expected: ['kill:a', 'boot:b', 'boot:c'] },
    { name: 'reconfig with identical lists reboots each', req: { reconfig: true },
      present: [j('a')], wanted: [j('a')], expected: ['reboot:a'] },
    { name: 'reconfig with nothing wanted kills everything', req: { reconfig: true },
      present: [j('a'), j('b')], wanted: [], expected: ['kill:a', 'kill:b'] },
  ];
  it.each(table)('$name', ({ req, present, wanted, expected }) => {
    expect(summary(planBootvnodes(req, present, wanted))).toEqual(expected);
  });

  it('takes the jailed flag from boss for a vnode in both lists', () => {
    const plan = planBootvnodes({ reconfig: true }, [j('a', true)], [j('a', false)]);
    expect(plan).toEqual([{ vnodeId: 'a', jailed: false, action: 'reboot' }]);
  });
});

describe('needsVnodeList', () => {
  it.each([
    [{ reconfig: false }, true],
    [{ reconfig: true }, true],
    [{ action: 'kill' as const, reconfig: false }, false],
    [{ action: 'kill' as const, reconfig: true }, true],
  ])('%o -> %s', (req, expected) => {
    expect(needsVnodeList(req)).toBe(expected);
  });
});
