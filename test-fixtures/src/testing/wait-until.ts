// Tests that wait on a real outside process poll a condition, never sleep a fixed
// time. Same shape as core's toolkit waitUntil (core/src/toolkit/wait.ts), for
// the tests of packages that cannot depend on core (tmcc, the proxy, this one)
// and for core's own until that lands.
import { access } from 'node:fs/promises';

export interface PollClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PollClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Looks at `pred` until it holds (true) or timeoutMs has passed on the clock (false). */
export async function waitUntil(
  pred: () => boolean | Promise<boolean>,
  o: { readonly timeoutMs: number; readonly intervalMs?: number; readonly clock?: PollClock },
): Promise<boolean> {
  const clock = o.clock ?? realClock;
  const deadline = clock.now() + o.timeoutMs;
  for (;;) {
    if (await pred()) return true;
    const left = deadline - clock.now();
    if (left <= 0) return false;
    await clock.sleep(Math.min(o.intervalMs ?? 10, left));
  }
}

/** waitUntil that throws `timed out after N ms waiting for <what>` instead of returning false. */
export async function waitFor(
  what: string,
  pred: () => boolean | Promise<boolean>,
  o: { readonly timeoutMs: number; readonly intervalMs?: number; readonly clock?: PollClock },
): Promise<void> {
  if (!(await waitUntil(pred, o))) throw new Error(`timed out after ${o.timeoutMs} ms waiting for ${what}`);
}

/** waitFor a path to exist (a marker, a pid file, a socket); polls every 20 ms. */
export function waitForFile(file: string, timeoutMs: number): Promise<void> {
  return waitFor(file, () => access(file).then(() => true, () => false), { timeoutMs, intervalMs: 20 });
}
