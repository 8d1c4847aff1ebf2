import { describe, expect, it } from 'vitest';
import { formatMedians, median } from '../../src/bench/boot.js';

describe('median', () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[2, 2, 9], 2],
  ])('of %j is %d', (xs, want) => {
    expect(median(xs)).toBe(want);
  });
});

describe('formatMedians', () => {
  const run = (upMs: number, rawUpMs: number) => ({ n: 10, isup: true, upMs, teardownMs: 1, pssKbPerVnode: 1, nodeRssKbPerVnode: 1, rawUpMs, rawTeardownMs: 1 });
  it('takes the median of each run’s own ratio, not the ratio of medians', () => {
    const line = formatMedians([run(2000, 1000), run(3000, 1000), run(9000, 3000)], []);
    expect(line).toContain('backend up 3.00 s');
    expect(line).toContain('raw floor 1.00 s');
    expect(line).toContain('ratio up 3.00x');
    expect(line).not.toContain('whole stack');
  });
  it('adds the whole stack when it ran', () => {
    const cli = (upMs: number, managerCpuMs: number) => ({ n: 10, upMs, teardownMs: 1, pssKbPerVnode: 1, managers: 10, managerCpuMs });
    expect(formatMedians([run(1, 1)], [cli(5000, 200), cli(7000, 260), cli(6000, 230)])).toContain('whole stack up 6.00 s, 230 ms CPU per manager');
  });
});
