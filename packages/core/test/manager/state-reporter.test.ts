import { describe, expect, it } from 'vitest';
import { createStateReporter, STATE_LIMIT_MS, type StateClient } from '../../src/manager/state-reporter.js';
import { createCapturedLogger } from '../../src/testing/test-logger.js';

describe('createStateReporter', () => {
  it('sends `state X` with the limit for that state', async () => {
    const calls: Array<{ command: string; args: readonly string[] | undefined; timeoutMs: number | undefined }> = [];
    const client: StateClient = {
      request: async (command, args, o) => (calls.push({ command, args, timeoutMs: o?.timeoutMs }), Buffer.alloc(0)),
    };
    const r = createStateReporter(client, createCapturedLogger().log);
    await expect(r.report('SHUTDOWN')).resolves.toBe(true);
    await r.report('BOOTING');
    expect(calls).toEqual([
      { command: 'state', args: ['SHUTDOWN'], timeoutMs: 2_000 },
      { command: 'state', args: ['BOOTING'], timeoutMs: STATE_LIMIT_MS.BOOTING },
    ]);
  });

  it('never throws: a boss that fails is logged and reported as false', async () => {
    const captured = createCapturedLogger();
    const client: StateClient = { request: () => Promise.reject(new Error('refused')) };
    await expect(createStateReporter(client, captured.log).report('TBFAILED')).resolves.toBe(false);
    expect(captured.records().some((r) => r['state'] === 'TBFAILED' && r['level'] === 40)).toBe(true);
  });

  it('gives up at the limit even when boss never answers', async () => {
    // A request that only ends when its abort signal fires.
    const client: StateClient = {
      request: (_c, _a, o) => new Promise((_resolve, reject) => o?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    await expect(createStateReporter(client, createCapturedLogger().log).report('SHUTDOWN', { timeoutMs: 50 })).resolves.toBe(false);
  });
});
