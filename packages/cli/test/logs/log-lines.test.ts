import { describe, expect, it } from 'vitest';
import { formatLogLine, lastError, parseLogLine } from '../../src/logs/log-lines.js';

const T = Date.UTC(2026, 11, 2, 14, 31, 18, 890);
const line = (o: Record<string, unknown>) => JSON.stringify({ level: 30, time: T, pid: 100, hostname: 'h', ...o });

describe('formatLogLine', () => {
  it.each([
    [line({ msg: 'manager started', vnode: 'pcvm1-1' }), '2026-12-02 14:31:18.890 INFO  manager started  vnode=pcvm1-1'],
    [line({ level: 50, msg: 'manager failed', err: { message: 'step x failed\nstack' } }), '2026-12-02 14:31:18.890 ERROR manager failed: step x failed'],
    [line({ level: 20, msg: 'run', argv: ['ip', 'link'] }), '2026-12-02 14:31:18.890 DEBUG run  argv="[\\"ip\\",\\"link\\"]"'],
    ['not json at all', 'not json at all'],
    ['{"torn": ', '{"torn": '],
  ])('%s', (input, out) => {
    expect(formatLogLine(input, true)).toBe(out);
  });

  it("keeps a vnode's pid that follows the logger's own (duplicate key)", () => {
    const text = `{"level":30,"time":${T},"pid":100,"hostname":"h","vnode":"a","pid":200,"msg":"vnode booted"}`;
    expect(parseLogLine(text)?.fields['pid']).toBe(200);
    expect(parseLogLine(line({ msg: 'x' }))?.fields['pid']).toBeUndefined();
  });
});

describe('lastError', () => {
  const text = [line({ msg: 'a' }), line({ level: 50, time: T + 10, msg: 'bad', err: { message: 'the reason' } }), line({ time: T + 20, msg: 'b' })].join('\n');
  it.each([
    [0, { time: T + 10, reason: 'the reason' }],
    [T + 10, { time: T + 10, reason: 'the reason' }],
    [T + 11, undefined],
  ])('since %s', (since, want) => {
    expect(lastError(text, since)).toEqual(want);
  });
});
