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

class ProcessWontDieError extends TbvnodeError {
  declare readonly code: 'PROCESS_WONT_DIE';
  constructor(pid: number) {
    super('PROCESS_WONT_DIE', `process ${pid} (or a member of its group) is still alive after SIGKILL`);
  }
}

const POLL_MS = 25;
// How long a dead leader may stay a zombie (its parent not yet reaping) before
// we give up proving its group is ours.
const ZOMBIE_WAIT_MS = 2_000;

/** Is `pid` still the process we started? */
export async function isSameProcess(deps: Pick<CoreDeps, 'proc'>, r: StartProcessResult): Promise<boolean> {
  // With a token, a changed or missing one (gone, zombie, pid reused) means not ours.
  if (r.startToken !== null) return (await deps.proc.startToken(r.pid)) === r.startToken;
  return deps.proc.isAlive(r.pid);
}

async function waitGone(deps: Pick<CoreDeps, 'proc' | 'clock'>, r: StartProcessResult, ms: number): Promise<boolean> {
  const deadline = deps.clock.now() + ms;
  for (;;) {
    if (!(await isSameProcess(deps, r))) return true;
    if (deps.clock.now() >= deadline) return false;
    await deps.clock.sleep(POLL_MS);
  }
}

// Signal the whole group; if the group is gone but the leader is not (it left
// the group), signal the leader itself.
function signalGroup(deps: Pick<CoreDeps, 'proc'>, pid: number, sig: NodeJS.Signals): void {
  if (!deps.proc.kill(-pid, sig)) deps.proc.kill(pid, sig);
}

/** Stop what a startProcess step started: stopSignal, wait, SIGKILL, wait. Tolerates it being gone. */
export async function stopStartedProcess(
  env: Pick<StepEnv, 'deps'>, r: StartProcessResult, o: { stopSignal?: NodeJS.Signals; killAfterMs?: number } = {},
): Promise<void> {
  const { deps } = env;
  if (!(await isSameProcess(deps, r))) {
    await stopLeftBehind(deps, r, o);
    return;
  }
  signalGroup(deps, r.pid, o.stopSignal ?? 'SIGTERM');
  if (!(await waitGone(deps, r, o.killAfterMs ?? 5_000))) {
    signalGroup(deps, r.pid, 'SIGKILL');
    if (!(await waitGone(deps, r, 5_000))) throw new ProcessWontDieError(r.pid);
  }
  // The leader was ours a moment ago, so its group is too: stragglers that
  // ignored the stop signal go now, and we wait until they have really exited
  // (a dying process can still hold a mount the next undo releases).
  deps.proc.kill(-r.pid, 'SIGKILL');
  if (!(await waitGroupGone(deps, r.pid, 5_000))) throw new ProcessWontDieError(r.pid);
}

async function waitGroupGone(deps: Pick<CoreDeps, 'proc' | 'clock'>, pgid: number, ms: number): Promise<boolean> {
  const list = deps.proc.groupMembers?.bind(deps.proc);
  if (!list) return true;
  const deadline = deps.clock.now() + ms;
  for (;;) {
    if ((await list(pgid)).length === 0) return true;
    if (deps.clock.now() >= deadline) return false;
    await deps.clock.sleep(POLL_MS);
  }
}

type ListGroup = (pgid: number) => Promise<readonly GroupMember[]>;

// The leader exited on its own (or before a crash): what it left in its group
// gets the stop signal, then SIGKILL, each member by pid — never -pgid, which
// could reach a process that merely shares the number.
async function stopLeftBehind(
  deps: Pick<CoreDeps, 'proc' | 'clock' | 'log'>, r: StartProcessResult, o: { stopSignal?: NodeJS.Signals; killAfterMs?: number },
): Promise<void> {
  const list = deps.proc.listGroupMembers?.bind(deps.proc);
  // Without a start token or a group listing (FreeBSD) nothing can be proved ours.
  if (!list || r.startToken === null) return;
  const ours = () => ourLeftBehind(deps, list, r);
  const found = await ours();
  if (found.length === 0) return;
  deps.log.info({ pid: r.pid, members: found }, 'started process already gone; stopping what it left in its group');
  for (const pid of found) deps.proc.kill(pid, o.stopSignal ?? 'SIGTERM');
  const stubborn = await leftAfter(deps, ours, o.killAfterMs ?? 5_000);
  if (stubborn.length === 0) return;
  for (const pid of stubborn) deps.proc.kill(pid, 'SIGKILL');
  if ((await leftAfter(deps, ours, 5_000)).length > 0) throw new ProcessWontDieError(r.pid);
}

async function ourLeftBehind(deps: Pick<CoreDeps, 'proc' | 'clock'>, list: ListGroup, r: StartProcessResult): Promise<number[]> {
  const deadline = deps.clock.now() + ZOMBIE_WAIT_MS;
  for (;;) {
    const token = await deps.proc.startToken(r.pid);
    // A token means a live process; without one, kill(pid, 0) still finds a zombie.
    const exists = token !== null || deps.proc.isAlive(r.pid);
    if (exists && token === null && deps.clock.now() < deadline) {
      await deps.clock.sleep(POLL_MS);
      continue;
    }
    return selectOurGroupMembers({ recorded: r, leader: { exists, startToken: token }, members: await list(r.pid) });
  }
}

// Waits until `ours` finds nobody; returns who is still there at the deadline.
async function leftAfter(deps: Pick<CoreDeps, 'clock'>, ours: () => Promise<number[]>, ms: number): Promise<number[]> {
  const deadline = deps.clock.now() + ms;
  for (;;) {
    const left = await ours();
    if (left.length === 0 || deps.clock.now() >= deadline) return left;
    await deps.clock.sleep(POLL_MS);
  }
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
    const stop = {
      ...(p.stopSignal ? { stopSignal: p.stopSignal } : {}),
      ...(p.killAfterMs === undefined ? {} : { killAfterMs: p.killAfterMs }),
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
