import { describe, expect, it } from 'vitest';
import { ID_BASE, ID_SLOTS, IDS_PER_VNODE, idRangeOf } from '../../src/userns/id-range.js';
import { idMapLine } from '../../src/start/start-argv.js';

describe('idRangeOf', () => {
  it('gives each slot its own 65536 ids, far above host accounts, below 2^32', () => {
    expect(idRangeOf(0)).toEqual({ base: ID_BASE, count: IDS_PER_VNODE });
    expect(idRangeOf(1).base).toBe(ID_BASE + IDS_PER_VNODE);
    const last = idRangeOf(ID_SLOTS - 1);
    expect(last.base + last.count - 1).toBeLessThan(2 ** 32 - 1);
  });
  it('refuses slots outside the allocator range', () => {
    expect(() => idRangeOf(-1)).toThrow(RangeError);
    expect(() => idRangeOf(ID_SLOTS)).toThrow(RangeError);
    expect(() => idRangeOf(1.5)).toThrow(RangeError);
  });
  it('maps root inside to the base outside', () => {
    expect(idMapLine(idRangeOf(2))).toBe(`0 ${ID_BASE + 2 * IDS_PER_VNODE} 65536\n`);
  });
});
