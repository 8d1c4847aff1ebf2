import { describe, expect, it } from 'vitest';
import { bossnodeLine } from '../../src/backend/bossnode.js';

describe('bossnodeLine', () => {
  it.each([
    [undefined, undefined, undefined],
    ['boss.example:7777', { name: 'other' }, 'boss.example:7777'],
    [undefined, { name: 'boss.emulab.net', ports: [7777] }, 'boss.emulab.net'],
    [undefined, { name: 'boss.emulab.net', ports: [7777, 14447] }, 'boss.emulab.net'],
    [undefined, { name: '127.0.0.1', address: '127.0.0.1', ports: [34137, 34138] }, '127.0.0.1:34137'],
    [undefined, { name: 'boss' }, 'boss'],
    [undefined, { name: 'bad name; rm' }, undefined],
  ] as const)('%s / %j -> %s', (opt, boss, line) => expect(bossnodeLine(opt, boss)).toBe(line));
});
