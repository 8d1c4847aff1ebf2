import { describe, expect, it } from 'vitest';
import { decideManagerState, type PidProbe } from '../../src/vnodesetup/manager-state.js';

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
