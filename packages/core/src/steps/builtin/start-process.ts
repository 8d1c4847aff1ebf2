// Start a long-lived process (a vnode's init, a helper daemon) as the leader of
// its own process group. The pid and its start token are journaled the moment
// they exist; undo signals the group while that pid is still the process we
// started (pids get reused), escalating to SIGKILL at a deadline. If the leader
// has already exited, undo stops the members it left in its group, one by one,
// only those selectOurGroupMembers proves are ours.
import type { CoreDeps, GroupMember } from '../../deps.js';
import { TbvnodeError } from '../../errors/tbvnode-error.js';
import type { Argv, OutputTarget, StartedProcess } from '../../runner/types.js';
import type { LiveStepType, StepEnv } from '../types.js';
import { pidsWithArgv } from '../../host/find-by-argv.js';
import { selectOurGroupMembers } from './group-members.js';
import { KILL_WAIT_MS, stopWithEscalation, waitUntil } from '../../toolkit/wait.js';

export interface StartProcessParams {
  readonly argv: Argv;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly stdout?: OutputTarget;
  readonly stderr?: OutputTarget;
  /** First signal on undo (default SIGTERM; a vnode init wants SIGUSR1). */
  readonly stopSignal?: NodeJS.Signals;
  /** Grace after stopSignal before SIGKILL (default 5000). */
  readonly killAfterMs?: number;
  /**
   * The argv names this start alone on the host (a per-vnode path in it): after
   * a crash that kept the pid out of the journal, undo finds it by argv instead.
   */
  readonly uniqueArgv?: boolean;
}

export interface StartProcessResult {
  readonly pid: number;
  /** ProcessTable.startToken at start; null if the platform cannot tell. */
  readonly startToken: string | null;
}

export class ProcessWontDieError extends TbvnodeError {
  declare readonly code: 'PROCESS_WONT_DIE';
  constructor(pid: number) {
    super('PROCESS_WONT_DIE', `process ${pid} (or a member of its group) is still alive after SIGKILL`);
  }
}

// How long a dead leader may stay a zombie (its parent not yet reaping) before
// we give up proving its group is ours.
const ZOMBIE_WAIT_MS = 2_000;
const DEFAULT_GRACE_MS = 5_000;

/** Is `pid` still the process we started? */
export async function isSameProcess(deps: Pick<CoreDeps, 'proc'>, r: StartProcessResult): Promise<boolean> {
  // With a token, a changed or missing one (gone, zombie, pid reused) means not ours.
  if (r.startToken !== null) return (await deps.proc.startToken(r.pid)) === r.startToken;
  return deps.proc.isAlive(r.pid);
}

// Signal the whole group; if the group is gone but the leader is not (it left
// the group), signal the leader itself.
function signalGroup(deps: Pick<CoreDeps, 'proc'>, pid: number, sig: NodeJS.Signals): void {
  if (!deps.proc.kill(-pid, sig)) deps.proc.kill(pid, sig);
}

export interface StopStartedOptions {
  readonly stopSignal?: NodeJS.Signals;
  /** Grace after stopSignal before SIGKILL (default 5000). */
  readonly killAfterMs?: number;
}

/** Stop what a startProcess step started: stopSignal, wait, SIGKILL, wait. Tolerates it being gone. */
export async function stopStartedProcess(env: Pick<StepEnv, 'deps'>, r: StartProcessResult, o: StopStartedOptions = {}): Promise<void> {
  const { deps } = env;
  const stopped = await stopWithEscalation({
    clock: deps.clock,
    gone: async () => !(await isSameProcess(deps, r)),
    signal: (sig) => signalGroup(deps, r.pid, sig),
    stopSignal: o.stopSignal ?? 'SIGTERM',
    graceMs: o.killAfterMs ?? DEFAULT_GRACE_MS,
  });
  if (stopped.kind === 'already-gone') {
    await stopLeftBehind(deps, r, o);
    return;
  }
  if (stopped.kind === 'survived') throw new ProcessWontDieError(r.pid);
  // The leader was ours a moment ago, so its group is too: stragglers that
  // ignored the stop signal go now, and we wait until they have really exited
  // (a dying process can still hold a mount the next undo releases).
  deps.proc.kill(-r.pid, 'SIGKILL');
  const list = deps.proc.groupMembers?.bind(deps.proc);
  if (list && !(await waitUntil(async () => (await list(r.pid)).length === 0, { clock: deps.clock, timeoutMs: KILL_WAIT_MS }))) {
    throw new ProcessWontDieError(r.pid);
  }
}

type ListGroup = (pgid: number) => Promise<readonly GroupMember[]>;

// The leader exited on its own (or before a crash): what it left in its group
// gets the stop signal, then SIGKILL, each member by pid — never -pgid, which
// could reach a process that merely shares the number.
async function stopLeftBehind(deps: Pick<CoreDeps, 'proc' | 'clock' | 'log'>, r: StartProcessResult, o: StopStartedOptions): Promise<void> {
  const list = deps.proc.listGroupMembers?.bind(deps.proc);
  // Without a start token or a group listing (FreeBSD) nothing can be proved ours.
  if (!list || r.startToken === null) return;
  const ours = () => ourLeftBehind(deps, list, r);
  const found = await ours();
  if (found.length === 0) return;
  deps.log.info({ pid: r.pid, members: found }, 'started process already gone; stopping what it left in its group');
  // Each signal goes to the members proved ours at that moment.
  const stopped = await stopWithEscalation({
    clock: deps.clock,
    gone: async () => (await ours()).length === 0,
    signal: async (sig) => {
      for (const pid of sig === 'SIGKILL' ? await ours() : found) deps.proc.kill(pid, sig);
    },
    stopSignal: o.stopSignal ?? 'SIGTERM',
    graceMs: o.killAfterMs ?? DEFAULT_GRACE_MS,
  });
  if (stopped.kind === 'survived') throw new ProcessWontDieError(r.pid);
}

async function ourLeftBehind(deps: Pick<CoreDeps, 'proc' | 'clock'>, list: ListGroup, r: StartProcessResult): Promise<number[]> {
  let leader = { exists: false, startToken: null as string | null };
  // A zombie leader (token gone, pid still there) proves nothing yet: wait for its reaping, briefly.
  await waitUntil(async () => {
    const token = await deps.proc.startToken(r.pid);
    // A token means a live process; without one, kill(pid, 0) still finds a zombie.
    leader = { exists: token !== null || deps.proc.isAlive(r.pid), startToken: token };
    return !(leader.exists && token === null);
  }, { clock: deps.clock, timeoutMs: ZOMBIE_WAIT_MS });
  return selectOurGroupMembers({ recorded: r, leader, members: await list(r.pid) });
}

export const startProcessStep: LiveStepType<StartProcessParams, StartProcessResult, StartedProcess> = {
  name: 'core.startProcess',
  describe: (p) => `start ${p.argv.join(' ')}`,
  async applyLive(p, env) {
    const { deps } = env;
    const child = await deps.runner.start(p.argv, {
      detached: true,
      ...(p.cwd === undefined ? {} : { cwd: p.cwd }),
      ...(p.env === undefined ? {} : { env: p.env }),
      ...(p.stdout === undefined ? {} : { stdout: p.stdout }),
      ...(p.stderr === undefined ? {} : { stderr: p.stderr }),
    });
    const result: StartProcessResult = { pid: child.pid, startToken: await deps.proc.startToken(child.pid) };
    await env.record(result);
    return { result, live: child };
  },
  async revert(p, result, env) {
    // A live handle's stop brings its own budget; a journal undo uses the recorded one.
    const grace = env.stopTimeoutMs ?? p.killAfterMs;
    const stop = {
      ...(p.stopSignal ? { stopSignal: p.stopSignal } : {}),
      ...(grace === undefined ? {} : { killAfterMs: grace }),
    };
    if (result !== undefined) {
      await stopStartedProcess(env, result, stop);
      return;
    }
    if (!p.uniqueArgv) {
      env.log.warn({ argv: p.argv }, 'start was journaled but no pid was recorded; nothing to stop');
      return;
    }
    // Crashed between the start and its journal entry: the argv is all we have.
    for (const pid of await pidsWithArgv(env.deps.fs, [p.argv])) {
      env.log.info({ pid, argv: p.argv }, 'stopping a start whose pid never reached the journal');
      await stopStartedProcess(env, { pid, startToken: await env.deps.proc.startToken(pid) }, stop);
    }
  },
};
