import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/deps.js';
import { superviseProxy } from '../../src/manager/proxy-supervisor.js';

// A proxy double whose restart can be told to fail a number of times.
class FakeProxy extends EventEmitter {
  calls: string[] = [];
  failRestarts = 0;
  async start() {
    this.calls.push('start');
  }
  async stop() {
    this.calls.push('stop');
  }
  async restart() {
    this.calls.push('restart');
    if (this.failRestarts-- > 0) throw new Error('bind failed');
  }
}

const immediateClock: Clock = {
  now: () => 0,
  sleep: async (_ms, signal) => {
    signal?.throwIfAborted();
  },
};
const log = pino({ level: 'silent' });

describe('superviseProxy', () => {
  it('restarts the proxy after it fails, retrying a failed restart', async () => {
    const proxy = new FakeProxy();
    proxy.failRestarts = 2;
    let restartedNow: () => void = () => undefined;
    const restarted = new Promise<void>((resolve) => (restartedNow = resolve));
    const sup = superviseProxy(proxy, { log, clock: immediateClock, onRestarted: () => restartedNow() });
    await sup.start();
    proxy.emit('error', new Error('listener died'));
    await restarted;
    expect(proxy.calls).toEqual(['start', 'restart', 'restart', 'restart']);
    expect(sup.restarts).toBe(1);
    await sup.stop();
    expect(proxy.calls.at(-1)).toBe('stop');
  });

  it('does not restart once stopped', async () => {
    const proxy = new FakeProxy();
    const sup = superviseProxy(proxy, { log, clock: immediateClock });
    await sup.start();
    await sup.stop();
    expect(proxy.listenerCount('error')).toBe(0);
    expect(proxy.calls).toEqual(['start', 'stop']);
  });

  it('restarts the proxy when the health check says its socket is gone', async () => {
    const proxy = new FakeProxy();
    // Yields to the event loop on every sleep, so the watch loop never spins.
    const yieldingClock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) => new Promise((resolve, reject) => {
        signal?.throwIfAborted();
        setImmediate(() => (signal?.aborted ? reject(signal.reason) : resolve()));
      }),
    };
    const answers = [true, false];
    let restartedNow: () => void = () => undefined;
    const restarted = new Promise<void>((resolve) => (restartedNow = resolve));
    const sup = superviseProxy(proxy, {
      log,
      clock: yieldingClock,
      isHealthy: async () => answers.shift() ?? true,
      onRestarted: () => restartedNow(),
    });
    await sup.start();
    await restarted;
    await sup.stop();
    expect(proxy.calls).toEqual(['start', 'restart', 'stop']);
  });
});
