// One polling loop for every wait in vnodesetup: it observes, lets a pure
// function decide, and sleeps only between observations. The decision function
// owns the deadline, so the loop itself cannot wait forever.
import type { Clock } from '../deps.js';

const WOKEN = Symbol('woken');

export interface PollOptions {
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly signal?: AbortSignal;
  // Lets an event (a child's exit) cut a sleep short; returns an unsubscribe.
  readonly wake?: (cb: () => void) => () => void;
}

export async function pollUntil<T extends { done: true }>(
  observe: (now: number) => Promise<{ done: false } | T>,
  o: PollOptions,
): Promise<T> {
  for (;;) {
    const outcome = await observe(o.clock.now());
    if (outcome.done) return outcome;
    o.signal?.throwIfAborted();
    await sleepOrWake(o);
  }
}

async function sleepOrWake(o: PollOptions): Promise<void> {
  const ac = new AbortController();
  const onAbort = () => ac.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const unsubscribe = o.wake?.(() => ac.abort(WOKEN));
  try {
    await o.clock.sleep(o.intervalMs, ac.signal);
  } catch (err) {
    // Being woken is the point of `wake`; any other abort propagates. (Clocks
    // differ in what they reject with, so ask the signal, not the error.)
    if (!(ac.signal.aborted && ac.signal.reason === WOKEN)) throw err;
  } finally {
    unsubscribe?.();
    o.signal?.removeEventListener('abort', onAbort);
  }
}
