import { describe, expect, it } from 'vitest';
import { toBootvnodesRequest, type BootvnodesFlags } from '../../src/options/bootvnodes-options.js';

describe('toBootvnodesRequest', () => {
  it.each<[string, BootvnodesFlags, Partial<ReturnType<typeof toBootvnodesRequest>>]>([
    ['cold boot in the background', {}, { action: undefined, reconfig: false, foreground: false, concurrency: 1 }],
    ['-f', { f: true }, { foreground: true }],
    ['-f -k', { f: true, k: true }, { action: 'kill', foreground: true }],
    ['-h', { h: true }, { action: 'halt' }],
    ['-r', { r: true }, { action: 'reboot' }],
    ['-b', { b: true }, { action: 'boot' }],
    ['-c', { c: true }, { reconfig: true, action: undefined }],
    ['-c -h', { c: true, h: true }, { reconfig: true, action: 'halt' }],
    ['concurrency', { concurrency: '4' }, { concurrency: 4 }],
    ['no vnode cap given', {}, { maxVnodes: undefined }],
    ['--max-vnodes', { maxVnodes: '10' }, { maxVnodes: 10 }],
  ])('%s', (_name, flags, expected) => {
    expect(toBootvnodesRequest(flags, [])).toMatchObject(expected);
  });

  it.each<[string, BootvnodesFlags, string[]]>([
    ['two actions', { k: true, h: true }, []],
    ['zero concurrency', { concurrency: '0' }, []],
    ['fractional concurrency', { concurrency: '1.5' }, []],
    ['stray argument', {}, ['pcvm1-1']],
    ['a negative vnode cap', { maxVnodes: '-1' }, []],
    ['a vnode cap that is no number', { maxVnodes: 'lots' }, []],
  ])('refuses %s', (_name, flags, args) => {
    expect(() => toBootvnodesRequest(flags, args)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('the vnode cap from the environment', () => {
  it('takes TBVNODE_MAX_VNODES, and --max-vnodes over it', () => {
    expect(toBootvnodesRequest({}, [], { TBVNODE_MAX_VNODES: '5' }).maxVnodes).toBe(5);
    expect(toBootvnodesRequest({ maxVnodes: '7' }, [], { TBVNODE_MAX_VNODES: '5' }).maxVnodes).toBe(7);
    expect(() => toBootvnodesRequest({}, [], { TBVNODE_MAX_VNODES: 'x' })).toThrow(/TBVNODE_MAX_VNODES wants a whole number/);
  });
});
