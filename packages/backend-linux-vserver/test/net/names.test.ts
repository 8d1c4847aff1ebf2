import { describe, expect, it } from 'vitest';
import { ALLOCATED_MAX, controlPair, emulabNumber, experimentPair, IFNAMSIZ_MAX, isValidIfName } from '../../src/net/names.js';
import { maskOrPrefix } from '../../src/net/ipv4.js';

describe('emulabNumber', () => {
  it.each([
    ['pcvm1-7', 7],
    ['pcvm12-123', 123],
    ['a-b-0', 0],
    ['pcvm1', null],
    ['pcvm-', null],
    ['conf-life', null],
    ['x-123456', null],
  ])('%s -> %s', (id, n) => expect(emulabNumber(id)).toBe(n));
});

describe('interface names', () => {
  it('derives Emulab control names and keeps every name within IFNAMSIZ', () => {
    expect(controlPair(12)).toEqual({ host: 'pnet12', vnode: 'cnet12' });
    const e = experimentPair(ALLOCATED_MAX, 99);
    for (const name of [e.host, e.vnodeTemp, e.inside, ...Object.values(controlPair(ALLOCATED_MAX))]) {
      expect(name.length).toBeLessThanOrEqual(IFNAMSIZ_MAX);
      expect(isValidIfName(name)).toBe(true);
    }
  });
  it('refuses numbers outside the range', () => {
    expect(() => controlPair(ALLOCATED_MAX + 1)).toThrow(/out of range/);
    expect(() => controlPair(-1)).toThrow(/out of range/);
  });
  it.each(['', '.', 'a b', 'x'.repeat(16), 'a/b'])('rejects interface name %j', (n) => expect(isValidIfName(n)).toBe(false));
});

describe('ipv4', () => {
  it.each([
    ['255.240.0.0', 12],
    ['255.255.255.0', 24],
    ['0.0.0.0', 0],
    ['255.255.255.255', 32],
    ['24', 24],
    ['255.0.255.0', null],
    ['33', null],
    ['nonsense', null],
  ])('maskOrPrefix(%s) = %s', (mask, prefix) => expect(maskOrPrefix(mask)).toBe(prefix));
});
