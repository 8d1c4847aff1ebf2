import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { listenForStopSignals, StopRequests } from '../../src/manager/stop-requests.js';

describe('StopRequests', () => {
  it('wakes a waiter with the request that arrives', async () => {
    const r = new StopRequests();
    const waiting = r.next();
    r.push('halt');
    await expect(waiting).resolves.toBe('halt');
  });

  it('answers at once when a request is already pending, keeping the strongest', async () => {
    const r = new StopRequests();
    r.push('reboot');
    r.push('kill');
    r.push('halt');
    await expect(r.next()).resolves.toBe('kill');
  });

  it('starts over after clear', () => {
    const r = new StopRequests();
    r.push('reboot');
    r.clear();
    expect(r.pending).toBeUndefined();
  });

  it('ignores signals that mean nothing to the manager', () => {
    const r = new StopRequests();
    expect(r.pushSignal('SIGQUIT')).toBe(false);
    expect(r.pending).toBeUndefined();
    expect(r.pushSignal('SIGHUP')).toBe(true);
    expect(r.pending).toBe('kill');
  });
});

describe('listenForStopSignals', () => {
  it('turns signals into requests and stops listening when disposed', () => {
    const source = new EventEmitter();
    const r = new StopRequests();
    const dispose = listenForStopSignals(source, ['SIGTERM', 'SIGUSR1'], r);
    source.emit('SIGTERM', 'SIGTERM');
    expect(r.pending).toBe('halt');
    dispose();
    source.emit('SIGUSR1', 'SIGUSR1');
    expect(r.pending).toBe('halt');
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });
});
