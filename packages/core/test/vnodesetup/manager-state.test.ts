import { describe, expect, it } from 'vitest';
import { decideManagerState, parsePidFile, type PidProbe } from '../../src/vnodesetup/manager-state.js';

describe('parsePidFile', () => {
  it.each([
    ['1234\n', 1234],
    ['1234', 1234],
    ['', undefined],
    ['\n', undefined],
    ['0\n', undefined],
    ['1\n', undefined],
    ['-5\n', undefined],
    ['12 34\n', undefined],
    ['1234\n5678\n', undefined],
    ['abc', undefined],
    ['99999999999', undefined],
  ])('%j -> %s', (content, expected) => {
    expect(parsePidFile(content)).toBe(expected);
  });
});

describe('decideManagerState', () => {
  const probeAs = (answer: PidProbe) => () => answer;
  it.each([
    [undefined, 'alive', { kind: 'none' }],
    ['4242\n', 'alive', { kind: 'running', pid: 4242 }],
    ['4242\n', 'EPERM', { kind: 'running', pid: 4242 }],
    ['4242\n', 'ESRCH', { kind: 'stale', pid: 4242 }],
    ['garbage', 'alive', { kind: 'corrupt', content: 'garbage' }],
  ] as const)('%j with probe %s', (content, probe, expected) => {
    expect(decideManagerState(content, probeAs(probe))).toEqual(expected);
  });

  it('never probes a pid it could not parse', () => {
    const probed: number[] = [];
    decideManagerState('1\n', (pid) => (probed.push(pid), 'alive'));
    expect(probed).toEqual([]);
  });
});
