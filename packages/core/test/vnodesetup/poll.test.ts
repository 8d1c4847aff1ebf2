import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/deps.js';
import { pollUntil } from '../../src/vnodesetup/poll.js';

// A clock that advances only when slept on, so the loop is tested without real time.
function fakeClock(): Clock {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}

describe('pollUntil', () => {
  it('observes until the decision says done', async () => {
    const seen: number[] = [];
    const out = await pollUntil(
      async (now) => (seen.push(now), now >= 300 ? { done: true as const, at: now } : { done: false as const }),
      { clock: fakeClock(), intervalMs: 100 },
    );
    expect(out).toEqual({ done: true, at: 300 });
    expect(seen).toEqual([0, 100, 200, 300]);
  });

  it('stops with the abort reason when aborted', async () => {
    const ac = new AbortController();
    let n = 0;
    const p = pollUntil(
      async () => {
        if (++n === 2) ac.abort(new Error('stop'));
        return { done: false as const };
      },
      { clock: fakeClock(), intervalMs: 10, signal: ac.signal },
    );
    await expect(p).rejects.toThrow('stop');
  });

  it('lets an event cut a sleep short', async () => {
    const clock: Clock = {
      now: () => 0,
      // This sleep ends only when aborted: if wake were ignored the test would time out.
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('AbortError')))),
    };
    let calls = 0;
    const out = await pollUntil(
      async () => (++calls === 2 ? { done: true as const } : { done: false as const }),
      {
        clock,
        intervalMs: 1_000_000,
        wake: (cb) => {
          queueMicrotask(cb);
          return () => undefined;
        },
      },
    );
    expect(out).toEqual({ done: true });
    expect(calls).toBe(2);
  });
});
