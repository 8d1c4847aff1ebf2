import { describe, expect, it } from 'vitest';
import { assessLimits } from '../../src/index.js';

describe('assessLimits', () => {
  it.each([
    ['nothing asked', {}, true, [], []],
    ['memory with racct', { memoryLimitMb: 256 }, true, ['memoryuse:deny=256m'], [['rctl memoryuse', 'applied']]],
    ['all three with racct', { memoryLimitMb: 1, maxProcs: 5, cpuPercent: 150 }, true, ['memoryuse:deny=1m', 'maxproc:deny=5', 'pcpu:deny=150'],
      [['rctl memoryuse', 'applied'], ['rctl maxproc', 'applied'], ['rctl pcpu', 'applied']]],
    ['without racct: refused, no rules', { maxProcs: 5 }, false, [], [['rctl maxproc', 'refused']]],
  ])('%s', (_n, policy, racct, rules, verdicts) => {
    const r = assessLimits(policy, racct);
    expect(r.rules).toEqual(rules);
    expect(r.keys.map((k) => [k.key, k.verdict])).toEqual(verdicts);
    expect(r.keys.every((k) => !k.fatal)).toBe(true);
  });
});
