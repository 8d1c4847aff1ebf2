// A clock whose time moves only when the test says so: `advance(ms)` fires every
// sleep due by then, in order. With `auto`, a sleep advances time itself (the
// sleeper is the only one waiting), so loops with deadlines run instantly and
// their timelines are exact.
import type { Clock } from '../../src/deps.js';

export interface FakeClock extends Clock {
  advance(ms: number): Promise<void>;
  /** Sleeps not yet due (an aborted one is gone). */
  pending(): number;
}

export function createFakeClock(o: { auto?: boolean; start?: number } = {}): FakeClock {
  let t = o.start ?? 0;
  const sleepers = new Set<{ at: number; resolve: () => void }>();
  const fire = async (): Promise<void> => {
    for (const s of [...sleepers].sort((a, b) => a.at - b.at)) {
      if (s.at > t) continue;
      sleepers.delete(s);
      s.resolve();
      // Let the woken code run before the next one fires.
      await new Promise((r) => setImmediate(r));
    }
  };
  return {
    now: () => t,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (o.auto) {
        t += ms;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const s = { at: t + ms, resolve };
        sleepers.add(s);
        signal?.addEventListener('abort', () => {
          if (sleepers.delete(s)) reject(signal.reason);
        }, { once: true });
      });
    },
    async advance(ms) {
      t += ms;
      await fire();
    },
    pending: () => sleepers.size,
  };
}
