import { describe, expect, it } from 'vitest';
import { createReadingGate } from '../../src/proxy/reading-gate.js';

describe('reading gate', () => {
  it('pushes out the oldest reader, never the newest', () => {
    const g = createReadingGate(2);
    const out: string[] = [];
    const leaveA = g.admit(() => out.push('a'));
    g.admit(() => out.push('b'));
    g.admit(() => out.push('c'));
    expect(out).toEqual(['a']);
    leaveA(); // already gone: harmless
    g.admit(() => out.push('d'));
    expect(out).toEqual(['a', 'b']);
    expect(g).toMatchObject({ reading: 2, evicted: 2 });
  });

  it('does not count readers that left', () => {
    const g = createReadingGate(1);
    const out: string[] = [];
    g.admit(() => out.push('a'))();
    g.admit(() => out.push('b'));
    expect(out).toEqual([]);
    expect(g.reading).toBe(1);
  });
});
