// Waiting with a deadline, on core's injectable clock: poll a condition, race a
// promise, and the one stop-with-escalation ladder every stop uses (a polite
// signal, a wait, SIGKILL, a wait). Only clock.now/clock.sleep measure time, so a
// fake clock drives all of it; no raw setTimeout races here.
import type { Clock } from '../deps.js';

export interface WaitOptions {
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Between two looks at the condition (default 25). */
  readonly intervalMs?: number;
  /** Settling cuts the current sleep short (a child's `exited`): the condition is looked at again at once. */
  readonly wake?: Promise<unknown>;
}

export const DEFAULT_INTERVAL_MS = 25;

/**
 * Looks at `pred` until it holds (true) or the deadline has passed (false). It is
 * looked at once more at the deadline itself, so a condition that turns true
 * exactly then counts.
 */
export async function waitUntil(pred: () => boolean | Promise<boolean>, o: WaitOptions): Promise<boolean> {
  const deadline = o.clock.now() + o.timeoutMs;
  let woken = false;
  void o.wake?.then(() => (woken = true), () => (woken = true));
  for (;;) {
    if (await pred()) return true;
    const left = deadline - o.clock.now();
    if (left <= 0) return false;
    await sleepOrWake(o.clock, Math.min(o.intervalMs ?? DEFAULT_INTERVAL_MS, left), woken ? undefined : o.wake);
  }
}

const TIMED_OUT: unique symbol = Symbol('timed out');
export type TimedOut = typeof TIMED_OUT;

/** p's value when it settles within timeoutMs on the clock, else TIMED_OUT. A rejection propagates. */
export async function within<T>(p: Promise<T>, o: { readonly clock: Clock; readonly timeoutMs: number }): Promise<T | TimedOut> {
  const ac = new AbortController();
  const deadline = o.clock.sleep(o.timeoutMs, ac.signal).then(
    (): TimedOut => TIMED_OUT,
    // Aborted: p settled first and won the race already.
    (): TimedOut => TIMED_OUT,
  );
  try {
    return await Promise.race([p, deadline]);
  } finally {
    ac.abort();
  }
}

export function isTimedOut(v: unknown): v is TimedOut {
  return v === TIMED_OUT;
}

/** Did the process whose `exited` this is end within timeoutMs? (exited never rejects.) */
export async function exitWithin(exited: Promise<unknown>, o: { readonly clock: Clock; readonly timeoutMs: number }): Promise<boolean> {
  return !isTimedOut(await within(exited, o));
}

/** One rung of an escalation: an action, then up to waitMs for the target to be gone. */
export interface Rung {
  /** For logs and outcomes ('SIGTERM', 'jail -R', …). */
  readonly name: string;
  /** Resolving to false means it could not act (jexec failed): its wait is skipped. */
  act(): unknown;
  readonly waitMs: number;
}

export type EscalationOutcome =
  /** Gone before the first action: nothing was sent. */
  | { readonly kind: 'already-gone' }
  /** Gone after the rung of this name. */
  | { readonly kind: 'gone'; readonly after: string }
  /** Still there after every rung. */
  | { readonly kind: 'survived' };

/**
 * Climbs the rungs in order: each acts only while the target is still there, then
 * waits up to its waitMs for `gone`. Stops at the first rung after which it is gone.
 */
export async function escalate(o: {
  readonly clock: Clock;
  readonly gone: () => boolean | Promise<boolean>;
  readonly rungs: readonly Rung[];
  readonly intervalMs?: number;
  readonly wake?: Promise<unknown>;
}): Promise<EscalationOutcome> {
  if (await o.gone()) return { kind: 'already-gone' };
  for (const rung of o.rungs) {
    if ((await rung.act()) === false) continue;
    const wait = { clock: o.clock, timeoutMs: rung.waitMs, ...(o.intervalMs === undefined ? {} : { intervalMs: o.intervalMs }), ...(o.wake ? { wake: o.wake } : {}) };
    if (await waitUntil(o.gone, wait)) return { kind: 'gone', after: rung.name };
  }
  return { kind: 'survived' };
}

/** How long SIGKILL gets before a stop gives up (the kernel is quick; a D-state process is not). */
export const KILL_WAIT_MS = 5_000;

export interface StopWithEscalationOptions {
  readonly clock: Clock;
  /** Is the target gone (or no longer the process we started)? */
  readonly gone: () => boolean | Promise<boolean>;
  /** Sends a signal to the target (a pid, a group, each member of a list). */
  readonly signal: (sig: NodeJS.Signals) => unknown;
  /** The polite first signal (SIGTERM, a vnode init's SIGUSR1, …). */
  readonly stopSignal: NodeJS.Signals;
  /** How long the polite signal gets before SIGKILL. */
  readonly graceMs: number;
  /** How long SIGKILL gets (default KILL_WAIT_MS). */
  readonly killWaitMs?: number;
  readonly intervalMs?: number;
  /** See WaitOptions.wake. */
  readonly wake?: Promise<unknown>;
}

/** The stop every tbvnode stop uses: stopSignal, wait graceMs, SIGKILL, wait. Never throws for "survived"; the caller names that failure. */
export function stopWithEscalation(o: StopWithEscalationOptions): Promise<EscalationOutcome> {
  return escalate({
    clock: o.clock,
    gone: o.gone,
    rungs: [
      { name: o.stopSignal, act: () => o.signal(o.stopSignal), waitMs: o.graceMs },
      { name: 'SIGKILL', act: () => o.signal('SIGKILL'), waitMs: o.killWaitMs ?? KILL_WAIT_MS },
    ],
    ...(o.intervalMs === undefined ? {} : { intervalMs: o.intervalMs }),
    ...(o.wake ? { wake: o.wake } : {}),
  });
}

async function sleepOrWake(clock: Clock, ms: number, wake: Promise<unknown> | undefined): Promise<void> {
  if (!wake) {
    await clock.sleep(ms);
    return;
  }
  const ac = new AbortController();
  const cut = () => ac.abort(WOKEN);
  void wake.then(cut, cut);
  try {
    await clock.sleep(ms, ac.signal);
  } catch (err) {
    // Being woken is the point; any other rejection is the clock's own failure.
    if (!(ac.signal.aborted && ac.signal.reason === WOKEN)) throw err;
  } finally {
    ac.abort();
  }
}

const WOKEN = Symbol('woken');
