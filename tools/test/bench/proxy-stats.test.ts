import { describe, expect, it } from 'vitest';
import { judge, percentile, summarize } from '../../src/bench/proxy-stats.js';

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99, 10],
    [[7], 50, 7],
    [[1, 2], 0, 1],
  ])('%j p%d -> %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('is NaN without values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize and judge', () => {
  it('computes rates and percentiles from unsorted latencies', () => {
    const s = summarize([3, 1, 2, 4], 1, 2000);
    expect(s).toEqual({ requests: 4, failures: 1, reqPerSec: 2, p50Ms: 2, p99Ms: 4 });
  });

  const fig = (rps: number, p50: number, failures = 0) => ({ requests: 1, failures, reqPerSec: rps, p50Ms: p50, p99Ms: p50 });
  it('checks the three targets', () => {
    const good = judge([
      { clients: 1, direct: fig(180, 5.5), proxy: fig(170, 6.2) },
      { clients: 32, direct: fig(1000, 6), proxy: fig(900, 6.5) },
      { clients: 64, direct: fig(1000, 7), proxy: fig(900, 7.9) },
    ]);
    expect(good.met).toEqual({ failures: true, ratio: true, p50: true });
    expect(good.ratioAt32).toBeCloseTo(0.9);
    const bad = judge([
      { clients: 1, direct: fig(180, 5.5), proxy: fig(150, 6.7) },
      { clients: 32, direct: fig(1000, 6), proxy: fig(700, 8) },
      { clients: 64, direct: fig(1000, 7), proxy: fig(900, 7, 2) },
    ]);
    expect(bad.met).toEqual({ failures: false, ratio: false, p50: false });
  });

  it('judges added p50 at the lowest level only, and still reports every level', () => {
    const v = judge([
      { clients: 64, direct: fig(1000, 17), proxy: fig(850, 24) },
      { clients: 1, direct: fig(180, 5.5), proxy: fig(170, 6.1) },
    ]);
    expect(v.met.p50).toBe(true);
    expect(v.addedP50Ms.map((a) => a.clients)).toEqual([64, 1]);
    expect(v.addedP50Ms[0]?.ms).toBeCloseTo(7);
  });
});
