// One polling loop for every wait in vnodesetup: it observes, lets a pure
// function decide, and sleeps only between observations, always under a deadline
// the decision function enforces.

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export async function pollUntil<T>(
  observe: (now: number) => Promise<{ done: false } | ({ done: true } & T)>,
  o: { clock: Clock; intervalMs: number; signal?: AbortSignal; wake?: (cb: () => void) => () => void },
): Promise<{ done: true } & T> {
  for (;;) {
    const outcome = await observe(o.clock.now());
    if (outcome.done) return outcome;
    o.signal?.throwIfAborted();
    // `wake` lets an event (a child's exit) cut the sleep short.
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const unsubscribe = o.wake?.(() => ac.abort());
    try {
      await o.clock.sleep(o.intervalMs, ac.signal);
    } finally {
      unsubscribe?.();
      o.signal?.removeEventListener('abort', onAbort);
    }
  }
}

// The real clock: setTimeout that resolves early (never rejects) when aborted.
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}
