import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/concurrency/limiter.js';

describe('createLimiter', () => {
  it('grants up to max at once and hands slots over in order', async () => {
    const l = createLimiter(2, 10);
    const r1 = await l.acquire();
    const r2 = await l.acquire();
    expect(l.active).toBe(2);
    const order: number[] = [];
    const w3 = l.acquire().then((r) => (order.push(3), r));
    const w4 = l.acquire().then((r) => (order.push(4), r));
    expect(l.queued).toBe(2);
    r1!();
    r1!(); // a second release is a no-op
    const r3 = await w3;
    expect(l.active).toBe(2);
    r2!();
    const r4 = await w4;
    expect(order).toEqual([3, 4]);
    r3!();
    r4!();
    expect(l.active).toBe(0);
  });

  it('returns null when the queue is full', async () => {
    const l = createLimiter(1, 1);
    const r1 = await l.acquire();
    const waiting = l.acquire();
    expect(await l.acquire()).toBeNull();
    r1!();
    expect(await waiting).not.toBeNull();
  });

  it('returns null when the signal fires while waiting, and forgets the waiter', async () => {
    const l = createLimiter(1, 5);
    const r1 = await l.acquire();
    const ac = new AbortController();
    const w = l.acquire(ac.signal);
    ac.abort();
    expect(await w).toBeNull();
    expect(l.queued).toBe(0);
    r1!();
    expect(l.active).toBe(0);
    expect(await l.acquire(AbortSignal.abort())).toBeNull();
  });

  it('tryAcquire grants only a free slot and never jumps the queue', async () => {
    const l = createLimiter(1, 5);
    const r1 = l.tryAcquire();
    expect(r1).not.toBeNull();
    expect(l.tryAcquire()).toBeNull();
    const waiting = l.acquire();
    r1!(); // handed to the waiter, not to the next tryAcquire
    expect(l.tryAcquire()).toBeNull();
    (await waiting)!();
    expect(l.tryAcquire()).not.toBeNull();
  });

  it('rejects a nonsense bound', () => {
    expect(() => createLimiter(0, 1)).toThrow(RangeError);
  });
});
