import { describe, expect, it } from 'vitest';
import { vnodeHostname } from '../../src/manager/vnode-config.js';

describe('vnodeHostname', () => {
  it.each([
    ['boss.emulab.net', 'node1.exp.proj.emulab.net'],
    ['boss', 'node1.exp.proj'],
    ['10.250.0.1', 'node1.exp.proj'],
    ['fe80::1', 'node1.exp.proj'],
    ['', 'node1.exp.proj'],
  ])('boss %j -> %j', (boss, expected) => {
    expect(vnodeHostname('node1', 'exp', 'proj', boss)).toBe(expected);
  });
  it('drops empty parts', () => {
    expect(vnodeHostname('node1', '', '', 'boss.example.org')).toBe('node1.example.org');
  });
});
