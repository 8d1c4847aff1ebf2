// Emulab's -t rule on a fake clock: extend only while connected and making progress.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSession } from '../../src/transport/session.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const code = (s: { signal: AbortSignal }): string | undefined => (s.signal.aborted ? (s.signal.reason as { code: string }).code : undefined);

describe('startSession', () => {
  it('keeps going while bytes arrive each period, then times out', () => {
    const s = startSession({ timeoutMs: 1000, maxReplyBytes: Infinity });
    s.connected();
    s.progress(10);
    vi.advanceTimersByTime(1000);
    expect(code(s)).toBeUndefined();
    s.progress(1);
    vi.advanceTimersByTime(1000);
    expect(code(s)).toBeUndefined();
    vi.advanceTimersByTime(1000);
    expect(code(s)).toBe('TMCC_TIMEOUT');
    s.stop();
  });

  it('times out at the first tick when not connected, even with no grace period', () => {
    const s = startSession({ timeoutMs: 1000, maxReplyBytes: Infinity });
    vi.advanceTimersByTime(999);
    expect(code(s)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(code(s)).toBe('TMCC_TIMEOUT');
  });

  it('never times out with timeoutMs 0', () => {
    const s = startSession({ timeoutMs: 0, maxReplyBytes: Infinity });
    vi.advanceTimersByTime(10 ** 9);
    expect(code(s)).toBeUndefined();
  });

  it('trips TMCC_TOO_LARGE past the cap and turns a caller abort into TMCC_ABORTED', () => {
    const big = startSession({ maxReplyBytes: 10 });
    big.progress(10);
    expect(code(big)).toBeUndefined();
    big.progress(1);
    expect(code(big)).toBe('TMCC_TOO_LARGE');
    const ctl = new AbortController();
    const s = startSession({ signal: ctl.signal, maxReplyBytes: 10 });
    ctl.abort(new Error('user'));
    expect(code(s)).toBe('TMCC_ABORTED');
  });

  it('stop() disarms the watchdog', () => {
    const s = startSession({ timeoutMs: 1000, maxReplyBytes: Infinity });
    s.stop();
    vi.advanceTimersByTime(5000);
    expect(code(s)).toBeUndefined();
  });
});
