import { describe, expect, it } from 'vitest';
import { isIpv4, maskToPrefix, parseIpv4 } from '../../src/net/ipv4.js';

describe('maskToPrefix', () => {
  it.each<[string, number | null]>([
    ['255.255.255.0', 24],
    ['255.240.0.0', 12],
    ['0.0.0.0', 0],
    ['128.0.0.0', 1],
    ['255.255.255.254', 31],
    ['255.255.255.255', 32],
    // Not contiguous: a one after a zero, anywhere.
    ['255.0.255.0', null],
    ['255.255.255.1', null],
    ['0.255.255.255', null],
    ['254.255.255.255', null],
    ['127.0.0.0', null],
    // Not a mask at all.
    ['24', null],
    ['255.255.255', null],
    ['255.255.255.0.0', null],
    ['256.0.0.0', null],
    ['255.255.255.-0', null],
    ['', null],
    ['nonsense', null],
  ])('%j -> %s', (mask, prefix) => expect(maskToPrefix(mask)).toBe(prefix));
});

describe('parseIpv4', () => {
  it.each<[string, number | null]>([
    ['1.2.3.4', 16909060],
    ['255.255.255.255', 2 ** 32 - 1],
    ['0.0.0.0', 0],
    ['256.1.1.1', null],
    ['1.2.3', null],
    ['1.2.3.4 ', null],
    ['1.2.3.0x4', null],
    ['1..3.4', null],
  ])('%j -> %s', (s, v) => {
    expect(parseIpv4(s)).toBe(v);
    expect(isIpv4(s)).toBe(v !== null);
  });
});
