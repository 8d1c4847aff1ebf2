// Every host change is a step: a named, journaled apply with a revert. The journal
// stores the step's *name*, params and result as JSON, so after a crash a fresh
// process can look the name up in a registry and revert with no in-memory state.
import type { Logger } from 'pino';
import type { CoreDeps } from '../deps.js';

/**
 * runtime: mounts, interfaces, aliases, routes, processes — undone on halt (TERM).
 * persistent: disk image, root fs contents — undone only on kill.
 */
export type StepPhase = 'runtime' | 'persistent';

export interface StepEnv<R = unknown> {
  readonly deps: CoreDeps;
  /** Child logger bound to this step (name, seq). */
  readonly log: Logger;
  /**
   * Journal a partial result before apply finishes (e.g. a pid right after spawn,
   * an md unit right after mdconfig), fsynced, so a crash later in apply still
   * leaves revert something to act on. The last recorded value reaches revert.
   */
  record(partial: R): Promise<void>;
  readonly signal?: AbortSignal;
  /**
   * Set only when a live handle stops what its step started (LiveRun.undo, i.e.
   * RunningVnode.stop): how long the polite stop may take before SIGKILL. A journal
   * undo (teardown of the rest, recovery after a crash) leaves it unset, and the
   * step uses its own default.
   */
  readonly stopTimeoutMs?: number;
}

interface StepTypeBase<P, R> {
  /** Stable identifier stored in the journal (e.g. 'core.mkdir', 'linux.veth'). Never rename. */
  readonly name: string;
  /**
   * Undo. MUST tolerate every partial state: the step may have crashed between
   * "begin" and "done" (result undefined or a recorded partial), may have been
   * reverted already, or the host may have rebooted since (runtime state gone).
   * Idempotent; throw only when something the step made is still there and cannot go.
   */
  revert(params: P, result: R | undefined, env: StepEnv<R>): Promise<void>;
  /** One line for logs and `tbvnode status`: what this step did. */
  describe?(params: P): string;
}

/**
 * A step type. P and R must survive JSON.stringify/parse unchanged (plain objects,
 * strings, numbers, booleans, arrays, null) — they are what the journal keeps.
 */
export interface StepType<P, R = void> extends StepTypeBase<P, R> {
  apply(params: P, env: StepEnv<R>): Promise<R>;
}

/**
 * A step whose apply also hands back a live object that cannot be journaled
 * (a StartedProcess handle). Only `result` is recorded.
 */
export interface LiveStepType<P, R, L> extends StepTypeBase<P, R> {
  applyLive(params: P, env: StepEnv<R>): Promise<{ readonly result: R; readonly live: L }>;
}

// The registry's view: what a crash-replay needs (name + revert), type-erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStepType = StepType<any, any> | LiveStepType<any, any, any>;

/** What runLive hands back: the journaled result, the live object, and this step's own undo. */
export interface LiveRun<R, L> {
  readonly result: R;
  readonly live: L;
  /**
   * Revert this step now, through the journal (recorded `undone`, so a later undo of
   * the journal skips it): how a live handle stops what its step started, with the
   * very revert a recovery after a crash runs. Once only: later calls return the
   * first call's promise.
   */
  undo(o?: { readonly stopTimeoutMs?: number }): Promise<void>;
}

export interface RunStepOptions {
  readonly phase: StepPhase;
  /**
   * Persistent steps only: when the journal already holds this exact step (same
   * name and params) done and not undone — a reboot or a boot after halt — return
   * its recorded result instead of applying again. Default true for persistent.
   */
  readonly reuse?: boolean;
}

/**
 * Runs steps for one scope (one vnode, or the host) against its journal. A step
 * that fails is itself reverted (it may be half done), then every earlier step of
 * this scope's current plan newest first; the runner then throws StepFailedError
 * (or UndoIncompleteError if an undo failed too).
 */
export interface StepRunner {
  readonly scope: string;
  run<P, R>(type: StepType<P, R>, params: P, options: RunStepOptions): Promise<R>;
  runLive<P, R, L>(type: LiveStepType<P, R, L>, params: P, options: RunStepOptions): Promise<LiveRun<R, L>>;
}
