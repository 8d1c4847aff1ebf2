import { describe, expect, it } from 'vitest';
import { buildSummary, outcomeLine } from '../../src/runtime/boot-summary.js';

describe('boot summary', () => {
  it.each([
    [{ vnodeId: 'a', action: 'boot', status: 0, elapsedMs: 1530, log: '/l' }, 'boot a: ok (1.5s)'],
    [{ vnodeId: 'b', action: 'boot', status: 1, elapsedMs: 200, reason: 'step x failed', log: '/l/b.log' }, 'boot b: failed (1, 0.2s): step x failed — log: /l/b.log'],
    [{ vnodeId: 'c', action: 'kill', status: 1, elapsedMs: 0, log: '/l/c.log' }, 'kill c: failed (1, 0.0s): no error in its log — log: /l/c.log'],
  ])('%j', (o, line) => {
    expect(outcomeLine(o)).toBe(line);
  });

  it('counts', () => {
    const s = buildSummary(0, 1000, 1, [{ vnodeId: 'a', action: 'boot', status: 0, elapsedMs: 1, log: '' }, { vnodeId: 'b', action: 'boot', status: 1, elapsedMs: 1, log: '' }]);
    expect(s).toMatchObject({ version: 1, ok: 1, failed: 1, exitCode: 1, startedAt: '1970-01-01T00:00:00.000Z' });
  });
});
