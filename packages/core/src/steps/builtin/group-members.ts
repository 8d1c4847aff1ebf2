// Which members of a recorded process group an undo may signal. When the leader
// we started has exited on its own, the children it left behind still carry its
// pid as their group id — but so could processes that are not ours, if the pid
// came around again. Pure, so the rule is table-tested (test/steps/builtin).
import type { GroupMember } from '../../deps.js';
import type { StartProcessResult } from './start-process.js';

export interface GroupFacts {
  /** The leader as the journal recorded it; its pid is the group id. */
  readonly recorded: StartProcessResult;
  /** The recorded pid now: does any process (a zombie too) have it, and its start token. */
  readonly leader: { readonly exists: boolean; readonly startToken: string | null };
  readonly members: readonly GroupMember[];
}

/**
 * A member is ours when it is in the recorded group and either the leader is still
 * the very process we started (same start token), or no process has the leader's
 * pid and the member did not start before the recorded leader. Anything we cannot
 * prove (no recorded token, tokens that do not order, a zombie leader) is not ours.
 */
export function selectOurGroupMembers(f: GroupFacts): number[] {
  const { recorded, leader } = f;
  if (recorded.startToken === null) return [];
  const leaderIsOurs = leader.startToken === recorded.startToken;
  return f.members
    .filter((m) => m.pgid === recorded.pid)
    .filter((m) => leaderIsOurs || (!leader.exists && startedNoEarlier(m.startToken, recorded.startToken)))
    .map((m) => m.pid);
}

// Linux start tokens are clock ticks since boot; other platforms' tokens do not order.
function startedNoEarlier(member: string | null, leader: string | null): boolean {
  if (member === null || leader === null || !/^\d+$/.test(member) || !/^\d+$/.test(leader)) return false;
  return BigInt(member) >= BigInt(leader);
}
