import { describe, expect, it } from 'vitest';
import { missingMaster } from '../../src/net/ip.js';

describe('missingMaster', () => {
  it.each([
    ['iproute2 >= 5.x', 'Error: argument "br-lan0" is wrong: Device does not exist\n', true],
    ['older iproute2', 'Cannot find device "br-lan0"\n', true],
    ['another device is missing', 'Error: argument "br-lan1" is wrong: Device does not exist\n', false],
    ['the port exists already', 'RTNETLINK answers: File exists\n', false],
    ['some other failure naming the bridge', 'Error: "br-lan0" is not a bridge\n', false],
    ['nothing', '', false],
  ])('%s -> %s', (_what, stderr, want) => {
    expect(missingMaster(stderr, 'br-lan0')).toBe(want);
  });
});
