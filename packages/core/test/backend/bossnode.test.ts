import { describe, expect, it } from 'vitest';
import { bossnodeLine } from '../../src/backend/bossnode.js';

describe('bossnodeLine', () => {
  it.each([
    [undefined, undefined],
    [{ name: 'boss.emulab.net', ports: [7777] }, 'boss.emulab.net'],
    [{ name: 'boss.emulab.net', ports: [7777, 14447] }, 'boss.emulab.net'],
    [{ name: 'boss.emulab.net', ports: [14447] }, 'boss.emulab.net:14447'],
    [{ name: '127.0.0.1', address: '127.0.0.1', ports: [34137, 34138] }, '127.0.0.1:34137'],
    [{ name: 'boss' }, 'boss'],
    [{ name: 'bad name; rm' }, undefined],
  ] as const)('%j -> %s', (boss, line) => expect(bossnodeLine(boss)).toBe(line));
});
