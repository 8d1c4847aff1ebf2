import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createReplyBudget } from '../../src/proxy/reply-budget.js';

// A sink that holds each write's callback until flush() (the kernel taking the bytes).
function heldSink(): { out: Writable; flush(): void; flushAll(): Promise<void> } {
  const held: Array<() => void> = [];
  const out = new Writable({
    highWaterMark: 1,
    write(_chunk, _enc, cb) {
      held.push(() => cb());
    },
  });
  const flush = (): void => held.splice(0).forEach((f) => f());
  // A Writable hands its next buffered chunk over only after a tick.
  const flushAll = async (): Promise<void> => {
    while (held.length > 0) {
      flush();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { out, flush, flushAll };
}

describe('reply budget', () => {
  it('says stop past the per-client cap and resumes once the client drained', async () => {
    const b = createReplyBudget(10, 100);
    const a = heldSink();
    const c = b.open(a.out);
    expect(c.write(Buffer.alloc(6))).toBe(true);
    expect(c.write(Buffer.alloc(6))).toBe(false);
    let resumed = 0;
    c.whenWritable(() => (resumed += 1));
    expect(b.waiting).toBe(1);
    expect(b.buffered).toBe(12);
    await a.flushAll();
    expect(resumed).toBe(1);
    expect(b.buffered).toBe(0);
    expect(b.peak).toBe(12);
  });

  it('pauses every client past the total and wakes them as others drain', () => {
    const b = createReplyBudget(100, 20);
    const sinks = [heldSink(), heldSink()];
    const [c1, c2] = sinks.map((s) => b.open(s.out));
    expect(c1!.write(Buffer.alloc(15))).toBe(true);
    expect(c2!.write(Buffer.alloc(10))).toBe(false);
    let woke = 0;
    c2!.whenWritable(() => (woke += 1));
    sinks[1]!.flush(); // c2's own bytes leave, but c1 still holds 15 < 20: room again
    expect(woke).toBe(1);
  });

  it('gives a closed client bytes back and never calls its waiter', () => {
    const b = createReplyBudget(4, 100);
    const s = heldSink();
    const c = b.open(s.out);
    c.write(Buffer.alloc(8));
    let called = false;
    c.whenWritable(() => (called = true));
    c.close();
    expect(b.buffered).toBe(0);
    expect(b.waiting).toBe(0);
    s.flush();
    expect(called).toBe(false);
    expect(b.buffered).toBe(0);
    expect(c.write(Buffer.alloc(1))).toBe(false);
  });

  it('calls back at once when there is room', () => {
    const b = createReplyBudget(4, 100);
    let called = false;
    b.open(heldSink().out).whenWritable(() => (called = true));
    expect(called).toBe(true);
  });

  it('refuses nonsense caps', () => {
    expect(() => createReplyBudget(0, 1)).toThrow(RangeError);
  });
});
