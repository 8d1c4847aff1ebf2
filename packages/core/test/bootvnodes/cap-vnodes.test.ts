import { describe, expect, it } from 'vitest';
import { capVnodes } from '../../src/bootvnodes/cap-vnodes.js';
import type { PlannedAction, VnodeAction, VnodeEntry } from '../../src/bootvnodes/plan.js';

const v = (vnodeId: string): VnodeEntry => ({ vnodeId, jailed: true });
const a = (action: VnodeAction, vnodeId: string): PlannedAction => ({ vnodeId, jailed: true, action });
const ids = (l: readonly { vnodeId: string }[]) => l.map((x) => x.vnodeId).join(',');

describe('capVnodes', () => {
  it.each([
    // [what, present, plan, max, kept plan, refused]
    ['under the cap', [], [a('boot', 'a'), a('boot', 'b')], 2, 'a,b', ''],
    ['new boots past the cap', [], [a('boot', 'a'), a('boot', 'b'), a('boot', 'c')], 2, 'a,b', 'c'],
    ['present vnodes that stay count first', [v('x')], [a('boot', 'a'), a('boot', 'b')], 2, 'a', 'b'],
    ['killed and halted ones make room', [v('x'), v('y')], [a('kill', 'x'), a('halt', 'y'), a('boot', 'a'), a('boot', 'b')], 2, 'x,y,a,b', ''],
    ['a present vnode is never refused its boot', [v('x'), v('y')], [a('boot', 'x'), a('boot', 'y'), a('boot', 'z')], 1, 'x,y', 'z'],
    ['reboots are never refused', [v('x')], [a('reboot', 'x'), a('boot', 'a')], 1, 'x', 'a'],
    ['a cap of 0 boots nothing new', [], [a('boot', 'a')], 0, '', 'a'],
  ] as const)('%s', (_what, present, plan, max, kept, refused) => {
    const r = capVnodes(plan, present, max);
    expect(ids(r.plan)).toBe(kept);
    expect(ids(r.refused)).toBe(refused);
  });

  it('refuses a nonsense cap', () => expect(() => capVnodes([], [], -1)).toThrow(RangeError));
});
