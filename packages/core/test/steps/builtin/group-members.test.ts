import { describe, expect, it } from 'vitest';
import { selectOurGroupMembers, type GroupFacts } from '../../../src/steps/builtin/group-members.js';

// The recorded leader: pid 100, started at tick 5000.
const recorded = { pid: 100, startToken: '5000' };
const absent = { exists: false, startToken: null };
const ours = { exists: true, startToken: '5000' };
const m = (pid: number, pgid: number, startToken: string | null) => ({ pid, pgid, startToken });

describe('selectOurGroupMembers', () => {
  it.each<[string, GroupFacts, number[]]>([
    ['leader alive and ours: every member of its group', { recorded, leader: ours, members: [m(100, 100, '5000'), m(101, 100, '5100')] }, [100, 101]],
    ['leader ours: a process in another group is never ours', { recorded, leader: ours, members: [m(101, 100, '5100'), m(102, 200, '5200')] }, [101]],
    ['leader gone: members started after it', { recorded, leader: absent, members: [m(101, 100, '5100'), m(103, 100, '9000')] }, [101, 103]],
    ['leader gone: a member started in the same tick', { recorded, leader: absent, members: [m(101, 100, '5000')] }, [101]],
    ['leader gone: a member older than the leader is not ours', { recorded, leader: absent, members: [m(101, 100, '4999'), m(102, 100, '5001')] }, [102]],
    ['leader gone: start times compare as numbers, not text', { recorded: { pid: 100, startToken: '999' }, leader: absent, members: [m(101, 100, '1000')] }, [101]],
    ['leader gone: a member in another group is not ours', { recorded, leader: absent, members: [m(101, 7, '6000')] }, []],
    ['leader gone: a member that vanished (no token) is skipped', { recorded, leader: absent, members: [m(101, 100, null)] }, []],
    ['pid reused by another process: nothing', { recorded, leader: { exists: true, startToken: '8000' }, members: [m(100, 100, '8000'), m(101, 100, '8100')] }, []],
    ['leader a zombie (no token yet): nothing until it is reaped', { recorded, leader: { exists: true, startToken: null }, members: [m(101, 100, '5100')] }, []],
    ['no recorded token: leader identity unprovable, nothing', { recorded: { pid: 100, startToken: null }, leader: absent, members: [m(101, 100, '5100')] }, []],
    ['no recorded token, pid alive: still unprovable', { recorded: { pid: 100, startToken: null }, leader: { exists: true, startToken: '5000' }, members: [m(101, 100, '5100')] }, []],
    ['tokens that are not tick counts (FreeBSD lstart) cannot be ordered: nothing', {
      recorded: { pid: 100, startToken: 'Fri Nov 27 12:00:00 2026' }, leader: absent, members: [m(101, 100, 'Fri Nov 27 12:00:01 2026')],
    }, []],
    ['no members: nothing', { recorded, leader: absent, members: [] }, []],
  ])('%s', (_name, facts, want) => {
    expect(selectOurGroupMembers(facts)).toEqual(want);
  });
});
