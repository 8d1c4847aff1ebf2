import { describe, expect, it } from 'vitest';
import { RequestStop } from '../../src/proxy/request-stop.js';

describe('RequestStop', () => {
  it('keeps the first cause and cancels once', () => {
    const s = new RequestStop();
    const calls: string[] = [];
    s.onStop(() => calls.push('cancel'));
    s.stop('deadline');
    s.stop('client-gone');
    expect(s.cause).toBe('deadline');
    expect(calls).toEqual(['cancel']);
  });

  it('cancels at once when registered after the stop', () => {
    const s = new RequestStop();
    s.stop('stopped');
    let called = 0;
    s.onStop(() => (called += 1));
    expect(called).toBe(1);
  });

  it('a later cancel callback replaces the earlier one', () => {
    const s = new RequestStop();
    const calls: string[] = [];
    s.onStop(() => calls.push('first'));
    s.onStop(() => calls.push('second'));
    s.stop('client-gone');
    expect(calls).toEqual(['second']);
  });

  it('makes a signal only on demand, aborted with the cause', () => {
    const before = new RequestStop();
    const sig = before.signal();
    expect(sig.aborted).toBe(false);
    expect(before.signal()).toBe(sig);
    before.stop('deadline');
    expect(sig.aborted).toBe(true);
    expect(String((sig.reason as Error).message)).toContain('deadline');

    const after = new RequestStop();
    after.stop('stopped');
    expect(after.signal().aborted).toBe(true);
  });
});
