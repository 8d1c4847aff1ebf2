import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/host/node-deps.js';

describe('systemClock.sleep', () => {
  it('resolves after the delay when not aborted', async () => {
    const ac = new AbortController();
    await expect(systemClock.sleep(1, ac.signal)).resolves.toBeUndefined();
  });

  it("rejects with the signal's reason when aborted while sleeping (Clock contract)", async () => {
    const ac = new AbortController();
    const reason = new Error('stop now');
    const sleeping = systemClock.sleep(60_000, ac.signal);
    ac.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });

  it("rejects with the reason at once when the signal is already aborted, even a non-Error reason", async () => {
    const reason = Symbol('woken');
    await expect(systemClock.sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('rejects with the default reason (a DOMException) for a bare abort()', async () => {
    const ac = new AbortController();
    const sleeping = systemClock.sleep(60_000, ac.signal);
    ac.abort();
    const err = await sleeping.catch((e: unknown) => e);
    expect(err).toBe(ac.signal.reason);
  });
});
