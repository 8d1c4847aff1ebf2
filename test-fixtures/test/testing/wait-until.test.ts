import { describe, expect, it } from 'vitest';
import { waitFor, waitUntil, type PollClock } from '../../src/index.js';

/** A clock that only moves when the poller sleeps. */
function steppingClock(): PollClock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

describe('waitUntil / waitFor', () => {
  it('true as soon as the condition holds, looking every intervalMs', async () => {
    const clock = steppingClock();
    let n = 0;
    expect(await waitUntil(() => ++n === 3, { timeoutMs: 1_000, intervalMs: 10, clock })).toBe(true);
    expect(clock.slept).toEqual([10, 10]);
  });

  it('false at the deadline; the last sleep is cut to the time left', async () => {
    const clock = steppingClock();
    expect(await waitUntil(() => false, { timeoutMs: 25, intervalMs: 10, clock })).toBe(false);
    expect(clock.slept).toEqual([10, 10, 5]);
  });

  it('waitFor throws saying what it waited for', async () => {
    await expect(waitFor('the socket', () => false, { timeoutMs: 30, clock: steppingClock() })).rejects.toThrow(
      'timed out after 30 ms waiting for the socket',
    );
    await expect(waitFor('x', async () => true, { timeoutMs: 30, clock: steppingClock() })).resolves.toBeUndefined();
  });
});
