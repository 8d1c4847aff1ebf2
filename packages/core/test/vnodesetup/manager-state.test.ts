import { describe, expect, it } from 'vitest';
import { decideManagerState, isSameManager, type PidProbe } from '../../src/vnodesetup/manager-state.js';

describe('decideManagerState', () => {
  it.each<[number | null, PidProbe, ReturnType<typeof decideManagerState>]>([
    [null, 'alive', { kind: 'none' }],
    [4242, 'alive', { kind: 'running', pid: 4242 }],
    [4242, 'EPERM', { kind: 'running', pid: 4242 }],
    [4242, 'ESRCH', { kind: 'stale', pid: 4242 }],
  ])('pid %s with probe %s', (pid, probe, expected) => {
    expect(decideManagerState(pid, () => probe)).toEqual(expected);
  });

  it('never probes when there is no pid file', () => {
    const probed: number[] = [];
    decideManagerState(null, (pid) => (probed.push(pid), 'alive'));
    expect(probed).toEqual([]);
  });
});

describe('isSameManager (a recycled pid is not our manager)', () => {
  const argv = ['node', '/usr/bin/vnodesetup', '-i', 'pcvm1-1'];
  it.each<[string, object, object, boolean]>([
    ['all facts match', { startToken: '5', argv }, { startToken: '5', argv }, true],
    ['start time differs', { startToken: '5', argv }, { startToken: '6', argv }, false],
    ['command line differs', { startToken: '5', argv }, { startToken: '5', argv: ['sleep', '30'] }, false],
    ['platform cannot read argv: start time decides', { startToken: '5', argv }, { startToken: '5', argv: null }, true],
    ['older pid-only file, argv names the vnode', {}, { startToken: '5', argv }, true],
    ['older pid-only file, unrelated process', {}, { startToken: '5', argv: ['sleep', '30'] }, false],
    ['older pid-only file, nothing readable', {}, { startToken: null, argv: null }, true],
  ])('%s', (_n, recorded, now, want) => {
    expect(isSameManager(recorded, now, 'pcvm1-1')).toBe(want);
  });

  it('a live pid that is someone else is stale (recycled), never running', () => {
    expect(decideManagerState({ pid: 7, startToken: '5' }, () => 'alive', { vnodeId: 'v', now: { startToken: '9' } }))
      .toEqual({ kind: 'stale', pid: 7, recycled: true });
  });
});
