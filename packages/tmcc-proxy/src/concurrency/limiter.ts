// Bounds how many requests the proxy has in flight towards boss at once.
// Waiters queue in arrival order; each wait is cut short by its own signal
// (the request deadline), so a stuck boss never parks a client forever.

export type Release = () => void;

export interface Limiter {
  // Resolves with a release function, or null when the queue is full or the
  // signal fired first. Release exactly once.
  acquire(signal?: AbortSignal): Promise<Release | null>;
  // A slot right now or null, without a promise (the common, uncontended case).
  tryAcquire(): Release | null;
  readonly active: number;
  readonly queued: number;
}

interface Waiter {
  grant(release: Release): void;
}

export function createLimiter(max: number, maxQueued: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limiter max must be a positive integer, got ${max}`);
  let active = 0;
  const waiters: Waiter[] = [];

  const makeRelease = (): Release => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = waiters.shift();
      // Hand the slot straight to the next waiter: active stays the same.
      if (next) next.grant(makeRelease());
      else active -= 1;
    };
  };

  return {
    get active() {
      return active;
    },
    get queued() {
      return waiters.length;
    },
    tryAcquire(): Release | null {
      if (active >= max || waiters.length > 0) return null;
      active += 1;
      return makeRelease();
    },
    acquire(signal?: AbortSignal): Promise<Release | null> {
      if (signal?.aborted) return Promise.resolve(null);
      if (active < max) {
        active += 1;
        return Promise.resolve(makeRelease());
      }
      if (waiters.length >= maxQueued) return Promise.resolve(null);
      return new Promise<Release | null>((resolve) => {
        const onAbort = (): void => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          resolve(null);
        };
        const waiter: Waiter = {
          grant(release) {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        waiters.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
